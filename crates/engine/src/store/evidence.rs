//! What proves a session's steps: an action that worked, a check that passed, a status
//! Webex reported for a subscriber of the session. Kept as observed, first time only,
//! so a restart shows the same picture.

use super::Store;
use crate::EngineError;
use rusqlite::params;

/// One observation, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EvidenceRecord {
    /// `action`, `check` or `status`.
    pub kind: String,
    /// The action or check id, or the Webex status.
    pub key: String,
    /// The subscriber or organization it is about.
    pub subject: String,
    /// In words: "Webex reports jdoe set up".
    pub detail: String,
    /// When it happened (Webex's time where Webex said, else ours), RFC 3339.
    pub at: String,
    /// When this app saw it (our clock), to weigh it against a mark by hand.
    pub seen_at: String,
}

impl Store {
    /// Keeps an observation; one already kept for the same thing keeps its first time.
    pub(crate) fn add_evidence(
        &mut self,
        session: &str,
        e: (&str, &str, &str, &str, &str),
    ) -> Result<bool, EngineError> {
        let (kind, key, subject, detail, at) = e;
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO session_evidence (session_id, kind, key, subject, detail, at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM sessions WHERE id = ?1)",
            params![session, kind, key, subject, detail, at],
        )?;
        if n > 0 {
            self.conn.execute(
                "UPDATE sessions SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
                params![session],
            )?;
        }
        Ok(n > 0)
    }

    /// A session's observations, oldest first.
    pub(crate) fn evidence(&mut self, session: &str) -> Result<Vec<EvidenceRecord>, EngineError> {
        let mut stmt = self.conn.prepare(
            "SELECT kind, key, subject, detail, at, seen_at FROM session_evidence
             WHERE session_id = ?1 ORDER BY seen_at, rowid",
        )?;
        let rows = stmt.query_map(params![session], |r| {
            Ok(EvidenceRecord {
                kind: r.get(0)?,
                key: r.get(1)?,
                subject: r.get(2)?,
                detail: r.get(3)?,
                at: r.get(4)?,
                seen_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The sessions that follow a subscriber (by its Webex id).
    pub(crate) fn sessions_of_subscriber(
        &mut self,
        subscriber: &str,
    ) -> Result<Vec<String>, EngineError> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT session_id FROM session_objects WHERE kind = 'subscriber' AND object_id = ?1",
        )?;
        let rows = stmt.query_map(params![subscriber], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}
