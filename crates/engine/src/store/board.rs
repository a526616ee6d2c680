//! The customers' boards: every subscriber Webex has for an enterprise as last seen,
//! when each board was refreshed (on Webex's clock), who started each subscriber (a
//! session or a bulk job of this app), the consent emails sent again, and the items
//! of chase and retry jobs.

use super::Store;
use crate::EngineError;
use rusqlite::{params, OptionalExtension, Statement};
use std::collections::BTreeMap;

/// One subscriber as stored on a board: the Webex record as JSON.
pub(crate) type BoardRecord = String;

/// One subscriber as a board keeps it: Webex's record, and what the board sorts and
/// counts by.
#[derive(Debug, Clone)]
pub(crate) struct BoardRow {
    pub subscriber_id: String,
    pub user_id: String,
    /// The subscriber as Webex sent it, as JSON.
    pub record: BoardRecord,
    pub status: String,
    /// Webex's `lastStatusChange` (epoch ms).
    pub last_status_change_ms: Option<u64>,
}

/// Puts a subscriber on its enterprise's board, if the enterprise has one (a board is
/// made by its first refresh).
const PUT_ON_BOARD: &str = "INSERT INTO board_subscribers
   (sp_enterprise_id, subscriber_id, user_id, record, status, last_status_change_ms)
 SELECT ?1, ?2, ?3, ?4, ?5, ?6
   WHERE EXISTS (SELECT 1 FROM board_refreshes WHERE sp_enterprise_id = ?1)
 ON CONFLICT (sp_enterprise_id, subscriber_id) DO UPDATE SET user_id = excluded.user_id,
   record = excluded.record, status = excluded.status,
   last_status_change_ms = excluded.last_status_change_ms";

fn put_on_board(stmt: &mut Statement, enterprise: &str, row: &BoardRow) -> rusqlite::Result<()> {
    stmt.execute(params![
        enterprise,
        row.subscriber_id,
        row.user_id,
        row.record,
        row.status,
        row.last_status_change_ms.map(|m| m as i64)
    ])?;
    Ok(())
}

/// When a board was last refreshed: Webex's clock then (epoch ms), the
/// `lastStatusChange` the refresh asked from (none: a full read), how many requests
/// it took, and our time (RFC 3339).
#[derive(Debug, Clone)]
pub(crate) struct RefreshRecord {
    pub webex_now_ms: u64,
    pub changed_since_ms: Option<u64>,
    pub requests: u32,
    pub refreshed_at: String,
    /// Webex's clock at the last full read.
    pub last_full_ms: Option<u64>,
}

/// One item of a chase or retry job.
#[derive(Debug, Clone)]
pub(crate) struct BoardJobItem {
    pub seq: u32,
    pub subscriber_id: String,
    pub user_id: String,
    /// What the item needs to be done again (a retry's subscriber details, as JSON).
    pub detail: String,
    /// `pending`, `sending`, `sent`, `failed`, `skipped` or `unsure`.
    pub state: String,
    pub result: Option<String>,
}

impl Store {
    /// Writes what a refresh read: the subscribers, and, after a full read, forgets
    /// those Webex no longer has.
    pub(crate) fn save_board(
        &mut self,
        enterprise: &str,
        rows: &[BoardRow],
        full: bool,
        refresh: &RefreshRecord,
    ) -> Result<(), EngineError> {
        let tx = self.conn.transaction()?;
        if full {
            tx.execute(
                "DELETE FROM board_subscribers WHERE sp_enterprise_id = ?1",
                params![enterprise],
            )?;
        }
        tx.execute(
            "INSERT INTO board_refreshes (sp_enterprise_id, webex_now_ms, changed_since_ms, requests, last_full_ms)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (sp_enterprise_id) DO UPDATE SET webex_now_ms = excluded.webex_now_ms,
               changed_since_ms = excluded.changed_since_ms, requests = excluded.requests,
               last_full_ms = excluded.last_full_ms,
               refreshed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')",
            params![
                enterprise,
                refresh.webex_now_ms as i64,
                refresh.changed_since_ms.map(|m| m as i64),
                refresh.requests,
                refresh.last_full_ms.map(|m| m as i64)
            ],
        )?;
        {
            let mut stmt = tx.prepare(PUT_ON_BOARD)?;
            for row in rows {
                put_on_board(&mut stmt, enterprise, row)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Forgets a subscriber removed from Webex (by this app), on every board.
    pub(crate) fn forget_board_subscriber(&mut self, subscriber: &str) -> Result<(), EngineError> {
        self.conn.execute(
            "DELETE FROM board_subscribers WHERE subscriber_id = ?1",
            params![subscriber],
        )?;
        Ok(())
    }

    /// Puts one subscriber this app just provisioned on its enterprise's board, if the
    /// enterprise has one.
    pub(crate) fn add_board_subscriber(
        &mut self,
        enterprise: &str,
        row: &BoardRow,
    ) -> Result<(), EngineError> {
        let mut stmt = self.conn.prepare_cached(PUT_ON_BOARD)?;
        put_on_board(&mut stmt, enterprise, row)?;
        Ok(())
    }

    /// The status a board last saw for each of its subscribers.
    pub(crate) fn board_statuses(
        &mut self,
        enterprise: &str,
    ) -> Result<BTreeMap<String, String>, EngineError> {
        let mut stmt = self.conn.prepare(
            "SELECT subscriber_id, status FROM board_subscribers WHERE sp_enterprise_id = ?1",
        )?;
        let rows = stmt.query_map(params![enterprise], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A board's subscribers as stored (Webex records as JSON), oldest change first.
    pub(crate) fn board(&mut self, enterprise: &str) -> Result<Vec<BoardRecord>, EngineError> {
        let mut stmt = self.conn.prepare(
            "SELECT record FROM board_subscribers WHERE sp_enterprise_id = ?1
             ORDER BY last_status_change_ms, user_id",
        )?;
        let rows = stmt.query_map(params![enterprise], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// When a board was last refreshed, if ever.
    pub(crate) fn board_refresh(
        &mut self,
        enterprise: &str,
    ) -> Result<Option<RefreshRecord>, EngineError> {
        Ok(self
            .conn
            .query_row(
                "SELECT webex_now_ms, changed_since_ms, requests, refreshed_at, last_full_ms FROM board_refreshes
                 WHERE sp_enterprise_id = ?1",
                params![enterprise],
                |r| {
                    Ok(RefreshRecord {
                        webex_now_ms: r.get::<_, i64>(0)? as u64,
                        changed_since_ms: r.get::<_, Option<i64>>(1)?.map(|m| m as u64),
                        requests: r.get(2)?,
                        refreshed_at: r.get(3)?,
                        last_full_ms: r.get::<_, Option<i64>>(4)?.map(|m| m as u64),
                    })
                },
            )
            .optional()?)
    }

    /// The enterprises with a board or with users a bulk job of this app sent.
    pub(crate) fn board_enterprises(&mut self) -> Result<Vec<String>, EngineError> {
        let mut stmt = self.conn.prepare(
            "SELECT sp_enterprise_id FROM board_refreshes
             UNION SELECT DISTINCT i.sp_enterprise_id FROM job_items i
               JOIN jobs j ON j.id = i.job_id WHERE j.kind = 'bulk-move' AND i.status = 'done'
             ORDER BY 1",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Who started the subscribers of an enterprise: by subscriber id, the sessions
    /// (id, wizard) that provisioned or followed them; by BroadWorks user id, the bulk
    /// jobs (id, file) that sent them.
    #[allow(clippy::type_complexity)]
    pub(crate) fn board_origins(
        &mut self,
        enterprise: &str,
    ) -> Result<
        (
            BTreeMap<String, (String, String)>,
            BTreeMap<String, (String, String)>,
        ),
        EngineError,
    > {
        let mut stmt = self.conn.prepare(
            "SELECT o.object_id, s.id, s.wizard FROM session_objects o JOIN sessions s ON s.id = o.session_id
             WHERE o.kind = 'subscriber' ORDER BY o.rowid",
        )?;
        let sessions = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT i.user_id, j.id, j.file FROM job_items i JOIN jobs j ON j.id = i.job_id
             WHERE j.kind = 'bulk-move' AND i.sp_enterprise_id = ?1 AND i.status = 'done'
             ORDER BY j.created_at",
        )?;
        let jobs = stmt
            .query_map(params![enterprise], |r| {
                Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
            })?
            .collect::<Result<_, _>>()?;
        Ok((sessions, jobs))
    }

    /// When each subscriber's consent email was last sent again (epoch ms, Webex's
    /// clock), counting sends whose answer was lost.
    pub(crate) fn last_chases(&mut self) -> Result<BTreeMap<String, u64>, EngineError> {
        let mut stmt = self
            .conn
            .prepare("SELECT subscriber_id, MAX(at_ms) FROM chases GROUP BY subscriber_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Notes a consent email sent again (or perhaps sent: `unsure`).
    pub(crate) fn add_chase(
        &mut self,
        subscriber: &str,
        at_ms: u64,
        job: Option<&str>,
        result: &str,
    ) -> Result<(), EngineError> {
        self.conn.execute(
            "INSERT INTO chases (subscriber_id, at_ms, job_id, result) VALUES (?1, ?2, ?3, ?4)",
            params![subscriber, at_ms as i64, job, result],
        )?;
        Ok(())
    }

    /// Creates a chase or retry job for an enterprise with its items, in one transaction.
    pub(crate) fn insert_board_job(
        &mut self,
        job: &str,
        kind: &str,
        enterprise: &str,
        base_url: &str,
        items: &[(String, String, String)],
    ) -> Result<(), EngineError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO jobs (id, kind, file, status, email_trust, base_url, problems)
             VALUES (?1, ?2, ?3, 'running', '', ?4, '[]')",
            params![job, kind, enterprise, base_url],
        )?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO board_job_items (job_id, seq, subscriber_id, user_id, detail, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'pending')",
            )?;
            for (seq, (sub, user, detail)) in items.iter().enumerate() {
                stmt.execute(params![job, seq as u32, sub, user, detail])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The chase and retry jobs of an enterprise, newest first: (id, kind, status).
    pub(crate) fn board_jobs(
        &mut self,
        enterprise: &str,
    ) -> Result<Vec<(String, String, String)>, EngineError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, status FROM jobs WHERE kind IN ('chase-consent', 'retry-failed')
               AND file = ?1 ORDER BY created_at DESC, rowid DESC",
        )?;
        let rows = stmt.query_map(params![enterprise], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A chase or retry job: (kind, enterprise, status).
    pub(crate) fn board_job(
        &mut self,
        job: &str,
    ) -> Result<Option<(String, String, String)>, EngineError> {
        Ok(self
            .conn
            .query_row(
                "SELECT kind, file, status FROM jobs WHERE id = ?1 AND kind IN ('chase-consent', 'retry-failed')",
                params![job],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    /// A chase or retry job's items, in order.
    pub(crate) fn board_job_items(&mut self, job: &str) -> Result<Vec<BoardJobItem>, EngineError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, subscriber_id, user_id, detail, state, result FROM board_job_items
             WHERE job_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![job], |r| {
            Ok(BoardJobItem {
                seq: r.get(0)?,
                subscriber_id: r.get(1)?,
                user_id: r.get(2)?,
                detail: r.get(3)?,
                state: r.get(4)?,
                result: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Moves an item on; with `chase`, notes the consent email sent (or perhaps sent)
    /// at that Webex time, in the same transaction.
    pub(crate) fn set_board_item(
        &mut self,
        job: &str,
        seq: u32,
        (state, result): (&str, Option<&str>),
        chase: Option<(&str, u64)>,
    ) -> Result<(), EngineError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE board_job_items SET state = ?3, result = ?4 WHERE job_id = ?1 AND seq = ?2",
            params![job, seq, state, result],
        )?;
        if let Some((subscriber, at_ms)) = chase {
            tx.execute(
                "INSERT INTO chases (subscriber_id, at_ms, job_id, result) VALUES (?1, ?2, ?3, ?4)",
                params![subscriber, at_ms as i64, job, state],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
