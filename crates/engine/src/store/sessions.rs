//! Wizard sessions in SQLite: answers, where answers were found, step progress, and
//! the Webex objects this app created for a session.

use super::Store;
use crate::sessions::StepProgress;
use crate::EngineError;
use rusqlite::{params, OptionalExtension};

/// A session's row as stored.
pub(crate) struct SessionRecord {
    pub wizard: String,
    /// The answers, as JSON.
    pub answers: String,
    pub created_at: String,
    pub updated_at: String,
}

fn strings<T: rusqlite::types::FromSql>(
    stmt: &mut rusqlite::Statement<'_>,
    args: impl rusqlite::Params,
) -> Result<Vec<T>, EngineError> {
    let rows = stmt.query_map(args, |r| r.get(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

impl Store {
    pub(crate) fn insert_session(&mut self, id: &str, wizard: &str) -> Result<(), EngineError> {
        self.conn.execute(
            "INSERT INTO sessions (id, wizard, answers) VALUES (?1, ?2, '{}')",
            params![id, wizard],
        )?;
        Ok(())
    }

    pub(crate) fn session(&mut self, id: &str) -> Result<Option<SessionRecord>, EngineError> {
        Ok(self
            .conn
            .query_row(
                "SELECT wizard, answers, created_at, updated_at FROM sessions WHERE id = ?1",
                params![id],
                |r| {
                    Ok(SessionRecord {
                        wizard: r.get(0)?,
                        answers: r.get(1)?,
                        created_at: r.get(2)?,
                        updated_at: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// The progress on each step of a session, by step id.
    pub(crate) fn step_progress(&mut self, id: &str) -> Result<Vec<StepProgress>, EngineError> {
        let mut stmt = self.conn.prepare(
            "SELECT step_id, done, note, updated_at FROM step_progress WHERE session_id = ?1 ORDER BY step_id",
        )?;
        let rows = stmt.query_map(params![id], |r| {
            Ok(StepProgress {
                step_id: r.get(0)?,
                done: r.get(1)?,
                note: r.get(2)?,
                updated_at: r.get(3)?,
                manual: true,
                evidence: None,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Answers found in the tenant: (input, value, where found).
    pub(crate) fn answer_sources(
        &mut self,
        id: &str,
    ) -> Result<Vec<(String, String, String)>, EngineError> {
        let mut stmt = self
            .conn
            .prepare("SELECT input, value, source FROM answer_sources WHERE session_id = ?1")?;
        let rows = stmt.query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Saves a session's answers (JSON) and outcome, and where the answer to `input`
    /// was found (`None`: given by the person), in one transaction.
    pub(crate) fn save_answers(
        &mut self,
        id: &str,
        answers: &str,
        outcome: Option<&str>,
        (input, value, source): (&str, &str, Option<&str>),
    ) -> Result<(), EngineError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE sessions SET answers = ?2, outcome = ?3, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
            params![id, answers, outcome],
        )?;
        match source {
            Some(src) => tx.execute(
                "INSERT INTO answer_sources (session_id, input, value, source) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (session_id, input) DO UPDATE SET value = excluded.value, source = excluded.source",
                params![id, input, value, src],
            )?,
            None => tx.execute(
                "DELETE FROM answer_sources WHERE session_id = ?1 AND input = ?2",
                params![id, input],
            )?,
        };
        tx.commit()?;
        Ok(())
    }

    /// Marks a step done or not, with a note.
    pub(crate) fn save_step(
        &mut self,
        id: &str,
        step_id: &str,
        done: bool,
        note: &str,
    ) -> Result<(), EngineError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO step_progress (session_id, step_id, done, note) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (session_id, step_id) DO UPDATE SET done = excluded.done, note = excluded.note,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')",
            params![id, step_id, done, note],
        )?;
        tx.execute(
            "UPDATE sessions SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
            params![id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes a session with its progress; false when there was none.
    pub(crate) fn delete_session(&mut self, id: &str) -> Result<bool, EngineError> {
        Ok(self
            .conn
            .execute("DELETE FROM sessions WHERE id = ?1", params![id])?
            > 0)
    }

    /// Session ids, most recently changed first.
    pub(crate) fn recent_session_ids(&mut self, limit: u32) -> Result<Vec<String>, EngineError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM sessions ORDER BY updated_at DESC, rowid DESC LIMIT ?1")?;
        strings(&mut stmt, params![limit])
    }

    /// Remembers a Webex object this app created for a session.
    pub(crate) fn add_session_object(
        &mut self,
        session: &str,
        kind: &str,
        id: &str,
        label: &str,
    ) -> Result<(), EngineError> {
        self.conn.execute(
            "INSERT OR IGNORE INTO session_objects (session_id, kind, object_id, label) VALUES (?1, ?2, ?3, ?4)",
            params![session, kind, id, label],
        )?;
        Ok(())
    }

    /// A subscriber of a session got a new id in Webex (provisioned again).
    pub(crate) fn replace_session_subscriber(
        &mut self,
        session: &str,
        old_id: &str,
        new_id: &str,
    ) -> Result<(), EngineError> {
        self.conn.execute(
            "UPDATE session_objects SET object_id = ?3 WHERE session_id = ?1 AND kind = 'subscriber' AND object_id = ?2",
            params![session, old_id, new_id],
        )?;
        Ok(())
    }

    /// True when the session holds a subscriber with this label (BroadWorks user id).
    pub(crate) fn session_has_subscriber(
        &mut self,
        session: &str,
        user_id: &str,
    ) -> Result<bool, EngineError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM session_objects
               WHERE session_id = ?1 AND kind = 'subscriber' AND label = ?2)",
            params![session, user_id],
            |r| r.get(0),
        )?)
    }

    /// The subscriber ids of a session, oldest first.
    pub(crate) fn session_subscribers(
        &mut self,
        session: &str,
    ) -> Result<Vec<String>, EngineError> {
        let mut stmt = self.conn.prepare(
            "SELECT object_id FROM session_objects WHERE session_id = ?1 AND kind = 'subscriber' ORDER BY rowid",
        )?;
        strings(&mut stmt, params![session])
    }
}
