//! Bulk jobs and their items in SQLite: one row per job, one per user, each item's
//! status committed before its request and after its answer, so a killed run resumes.

use super::Store;
use crate::bulk::import::{BulkRow, EmailTrust};
use crate::bulk::journal::{ItemCounts, ItemStatus, JobItem, JobStatus, NewItem};
use crate::bulk::BulkError;
use crate::bulk::{ImportOptions, RowProblem};
use crate::EngineError;
use rusqlite::{params, OptionalExtension};

const ITEM_COLUMNS: &str =
    "seq, row_json, procedure, blocker, first_in_enterprise, status, attempts, \
     last_error_code, last_error_text, tracking_id, subscriber_id, webex_status";

fn item_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<JobItem> {
    let row_json: String = r.get(1)?;
    let row: BulkRow = serde_json::from_str(&row_json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let status: String = r.get(5)?;
    Ok(JobItem {
        seq: r.get(0)?,
        row,
        procedure: r.get(2)?,
        blocker: r.get(3)?,
        first_in_enterprise: r.get::<_, i64>(4)? != 0,
        status: ItemStatus::parse(&status).unwrap_or(ItemStatus::Failed),
        attempts: r.get(6)?,
        last_error_code: r.get(7)?,
        last_error_text: r.get(8)?,
        tracking_id: r.get(9)?,
        subscriber_id: r.get(10)?,
        webex_status: r.get(11)?,
    })
}

fn trust_name(trust: EmailTrust) -> &'static str {
    match trust {
        EmailTrust::Trusted => "trusted",
        EmailTrust::Untrusted => "untrusted",
    }
}

fn trust_of(name: &str) -> EmailTrust {
    if name == "untrusted" {
        EmailTrust::Untrusted
    } else {
        EmailTrust::Trusted
    }
}

/// A job's row as stored (its counts and lease are read apart).
pub(crate) struct JobRecord {
    pub id: String,
    pub file: String,
    pub status: JobStatus,
    pub email_trust: EmailTrust,
    pub created_at: String,
    pub updated_at: String,
    pub pause_reason: Option<String>,
}

impl Store {
    /// Creates a job in `planning` before its file is read.
    pub(crate) fn insert_job(
        &mut self,
        id: &str,
        file: &str,
        options: &ImportOptions,
        base_url: &str,
    ) -> Result<(), EngineError> {
        let settings = serde_json::to_string(options).unwrap_or_default();
        self.conn.execute(
            "INSERT INTO jobs (id, kind, file, status, email_trust, base_url, problems, import_options)
             VALUES (?1, 'bulk-move', ?2, 'planning', ?3, ?4, '[]', ?5)",
            params![id, file, trust_name(options.email_trust), base_url, settings],
        )?;
        Ok(())
    }

    /// The file and settings a job was planned from.
    pub(crate) fn job_import(&mut self, job: &str) -> Result<(String, ImportOptions), EngineError> {
        let (file, trust, options): (String, String, Option<String>) = self
            .conn
            .query_row(
                "SELECT file, email_trust, import_options FROM jobs WHERE id = ?1",
                params![job],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| EngineError::Bulk(BulkError::UnknownJob { id: job.into() }))?;
        let options = options
            .and_then(|o| serde_json::from_str(&o).ok())
            .unwrap_or_else(|| ImportOptions {
                email_trust: trust_of(&trust),
                ..ImportOptions::default()
            });
        Ok((file, options))
    }

    /// Writes every valid row (not yet checked) and the refused rows in one transaction.
    pub(crate) fn save_import(
        &mut self,
        job: &str,
        rows: &[BulkRow],
        problems: &[RowProblem],
    ) -> Result<(), EngineError> {
        let problems = serde_json::to_string(problems).unwrap_or_else(|_| "[]".into());
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare(
                "INSERT OR IGNORE INTO job_items (job_id, seq, sp_enterprise_id, user_id, row_json, procedure, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'unchecked', 'pending')",
            )?;
            for (seq, row) in rows.iter().enumerate() {
                let row_json = serde_json::to_string(row).unwrap_or_default();
                stmt.execute(params![
                    job,
                    seq as i64,
                    row.sp_enterprise_id,
                    row.user_id,
                    row_json,
                ])?;
            }
        }
        tx.execute(
            "UPDATE jobs SET problems = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
            params![job, problems],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// True once the job's file has been read into the journal.
    pub(crate) fn job_imported(&mut self, job: &str) -> Result<bool, EngineError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM job_items WHERE job_id = ?1)",
            params![job],
            |r| r.get(0),
        )?)
    }

    /// Each item with its journalled precheck finding (JSON), in file order.
    pub(crate) fn items_with_prechecks(
        &mut self,
        job: &str,
    ) -> Result<Vec<(JobItem, Option<String>)>, EngineError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ITEM_COLUMNS}, precheck FROM job_items WHERE job_id = ?1 ORDER BY seq"
        ))?;
        let items = stmt
            .query_map(params![job], |r| Ok((item_of(r)?, r.get(12)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(items)
    }

    /// Journals the precheck findings of some users in one transaction.
    pub(crate) fn save_prechecks(
        &mut self,
        job: &str,
        findings: &[(u32, String)],
    ) -> Result<(), EngineError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE job_items SET precheck = ?3 WHERE job_id = ?1 AND seq = ?2",
            )?;
            for (seq, finding) in findings {
                stmt.execute(params![job, seq, finding])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Writes every planned item in one transaction and marks the job planned (a job
    /// cancelled while it was being planned stays cancelled).
    pub(crate) fn save_plan_items(
        &mut self,
        job: &str,
        items: &[(u32, NewItem)],
    ) -> Result<(), EngineError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare(
                "UPDATE job_items SET row_json = ?3, procedure = ?4, blocker = ?5,
                   first_in_enterprise = ?6, status = ?7, last_error_code = ?8,
                   last_error_text = ?9, tracking_id = ?10
                 WHERE job_id = ?1 AND seq = ?2",
            )?;
            for (seq, item) in items {
                let row_json = serde_json::to_string(&item.row).unwrap_or_default();
                let (code, text, tracking) = match &item.error {
                    Some((c, t, k)) => (Some(c.as_str()), Some(t.as_str()), k.as_deref()),
                    None => (None, None, None),
                };
                stmt.execute(params![
                    job,
                    seq,
                    row_json,
                    item.procedure,
                    item.blocker,
                    item.first_in_enterprise as i64,
                    item.status.as_str(),
                    code,
                    text,
                    tracking,
                ])?;
            }
        }
        tx.execute(
            "UPDATE jobs SET status = 'planned', pause_reason = NULL,
               updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
             WHERE id = ?1 AND status = 'planning'",
            params![job],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Why a job is paused, if it says.
    pub(crate) fn job_pause_reason(&mut self, job: &str) -> Result<Option<String>, EngineError> {
        Ok(self
            .conn
            .query_row(
                "SELECT pause_reason FROM jobs WHERE id = ?1",
                params![job],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// Pauses a job with a reason, whatever phase it is in (a planning job stays in
    /// `planning`, so its resume goes on checking users).
    pub(crate) fn pause_job_with_reason(
        &mut self,
        job: &str,
        reason: &str,
    ) -> Result<(), EngineError> {
        self.conn.execute(
            "UPDATE jobs SET pause_reason = ?2,
               status = CASE WHEN status IN ('planning') THEN status ELSE 'paused' END,
               updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
             WHERE id = ?1",
            params![job, reason],
        )?;
        Ok(())
    }

    /// A job's stored status name, if the job exists.
    pub(crate) fn job_status(&mut self, job: &str) -> Result<Option<JobStatus>, EngineError> {
        let status: Option<String> = self
            .conn
            .query_row("SELECT status FROM jobs WHERE id = ?1", params![job], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(status.and_then(|s| JobStatus::parse(&s)))
    }

    pub(crate) fn set_job_status(
        &mut self,
        job: &str,
        status: JobStatus,
    ) -> Result<(), EngineError> {
        self.conn.execute(
            "UPDATE jobs SET status = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),
               pause_reason = CASE WHEN ?2 = 'paused' THEN pause_reason ELSE NULL END,
               finished_at = CASE WHEN ?3 THEN strftime('%Y-%m-%dT%H:%M:%fZ','now') ELSE NULL END,
               confirmed_at = CASE WHEN ?2 = 'running' AND confirmed_at IS NULL
                              THEN strftime('%Y-%m-%dT%H:%M:%fZ','now') ELSE confirmed_at END
             WHERE id = ?1",
            params![job, status.as_str(), status.is_final()],
        )?;
        Ok(())
    }

    /// Counts of a job's items by status.
    pub(crate) fn job_counts(&mut self, job: &str) -> Result<ItemCounts, EngineError> {
        let mut counts = ItemCounts::default();
        for (status, n) in self.count_by(job, "status", "1")? {
            match status.as_deref().and_then(ItemStatus::parse) {
                Some(ItemStatus::Pending) => counts.pending = n,
                Some(ItemStatus::InFlight) => counts.in_flight = n,
                Some(ItemStatus::Done) => counts.done = n,
                Some(ItemStatus::FailedRetryable) => counts.failed_retryable = n,
                Some(ItemStatus::Failed) => counts.failed = n,
                Some(ItemStatus::Skipped) | None => counts.skipped += n,
            }
        }
        Ok(counts)
    }

    /// Counts of a job's sent users by their Webex status.
    pub(crate) fn webex_status_counts(
        &mut self,
        job: &str,
    ) -> Result<Vec<(Option<String>, u32)>, EngineError> {
        self.count_by(job, "webex_status", "status = 'done'")
    }

    /// Items of a job grouped by one column (a fixed name, never input), where `filter`.
    fn count_by(
        &mut self,
        job: &str,
        column: &'static str,
        filter: &'static str,
    ) -> Result<Vec<(Option<String>, u32)>, EngineError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {column}, COUNT(*) FROM job_items WHERE job_id = ?1 AND {filter} GROUP BY {column}"
        ))?;
        let rows = stmt
            .query_map(params![job], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Items finished in the last `seconds` seconds (for the rate shown).
    pub(crate) fn items_finished_since(
        &mut self,
        job: &str,
        seconds: u32,
    ) -> Result<u32, EngineError> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM job_items WHERE job_id = ?1 AND finished_at IS NOT NULL
               AND finished_at >= strftime('%Y-%m-%dT%H:%M:%fZ','now', ?2)",
            params![job, format!("-{seconds} seconds")],
            |r| r.get(0),
        )?)
    }

    /// The items of a job in file order: all of them, or those in one of `statuses`.
    pub(crate) fn job_items(
        &mut self,
        job: &str,
        statuses: Option<&[ItemStatus]>,
    ) -> Result<Vec<JobItem>, EngineError> {
        let filter = match statuses {
            None => String::new(),
            Some(statuses) => {
                let names: Vec<String> = statuses
                    .iter()
                    .map(|s| format!("'{}'", s.as_str()))
                    .collect();
                format!(" AND status IN ({})", names.join(","))
            }
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ITEM_COLUMNS} FROM job_items WHERE job_id = ?1{filter} ORDER BY seq"
        ))?;
        let items = stmt
            .query_map(params![job], item_of)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(items)
    }

    /// Marks an item in flight, before its request is sent; false (nothing changed)
    /// when the item is no longer runnable.
    pub(crate) fn mark_in_flight(&mut self, job: &str, seq: u32) -> Result<bool, EngineError> {
        let n = self.conn.execute(
            "UPDATE job_items SET status = 'in_flight', attempts = attempts + 1,
               started_at = COALESCE(started_at, strftime('%Y-%m-%dT%H:%M:%fZ','now'))
             WHERE job_id = ?1 AND seq = ?2
               AND status IN ('pending', 'in_flight', 'failed_retryable')",
            params![job, seq],
        )?;
        Ok(n > 0)
    }

    /// Records a provisioned (or found) subscriber.
    pub(crate) fn mark_done(
        &mut self,
        job: &str,
        seq: u32,
        subscriber_id: &str,
        webex_status: &str,
        tracking_id: Option<&str>,
    ) -> Result<(), EngineError> {
        self.conn.execute(
            "UPDATE job_items SET status = 'done', subscriber_id = ?3, webex_status = ?4,
               tracking_id = COALESCE(?5, tracking_id), last_error_code = NULL, last_error_text = NULL,
               blocker = NULL, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
             WHERE job_id = ?1 AND seq = ?2",
            params![job, seq, subscriber_id, webex_status, tracking_id],
        )?;
        Ok(())
    }

    /// Records a failure (`failed` or `failed_retryable`).
    pub(crate) fn mark_failed(
        &mut self,
        job: &str,
        seq: u32,
        status: ItemStatus,
        (code, text): (&str, &str),
        tracking_id: Option<&str>,
    ) -> Result<(), EngineError> {
        self.conn.execute(
            "UPDATE job_items SET status = ?3, last_error_code = ?4, last_error_text = ?5,
               tracking_id = COALESCE(?6, tracking_id),
               finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
             WHERE job_id = ?1 AND seq = ?2",
            params![job, seq, status.as_str(), code, text, tracking_id],
        )?;
        Ok(())
    }

    /// Sets an item back to pending or skips it, with a blocker id.
    pub(crate) fn set_item_status(
        &mut self,
        job: &str,
        seq: u32,
        status: ItemStatus,
        blocker: Option<&str>,
    ) -> Result<(), EngineError> {
        self.conn.execute(
            "UPDATE job_items SET status = ?3, blocker = ?4 WHERE job_id = ?1 AND seq = ?2",
            params![job, seq, status.as_str(), blocker],
        )?;
        Ok(())
    }

    /// Records the Webex statuses seen while watching, in one transaction.
    pub(crate) fn set_webex_statuses(
        &mut self,
        job: &str,
        updates: &[(u32, String, Option<String>)],
    ) -> Result<(), EngineError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare(
                "UPDATE job_items SET webex_status = ?3,
                   last_error_code = COALESCE(?4, last_error_code)
                 WHERE job_id = ?1 AND seq = ?2",
            )?;
            for (seq, status, error) in updates {
                stmt.execute(params![job, seq, status, error])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Skips every user of a cancelled job not yet sent.
    pub(crate) fn skip_unsent(&mut self, job: &str) -> Result<(), EngineError> {
        self.conn.execute(
            "UPDATE job_items SET status = 'skipped', blocker = 'cancelled'
             WHERE job_id = ?1 AND status IN ('pending', 'failed_retryable')",
            [job],
        )?;
        Ok(())
    }

    /// Puts failed users (not those the precheck refused) and those skipped behind a
    /// failed first user or a cancel back to pending; how many.
    pub(crate) fn requeue_failed(&mut self, job: &str) -> Result<u32, EngineError> {
        let n = self.conn.execute(
            "UPDATE job_items SET status = 'pending', blocker = NULL
             WHERE job_id = ?1 AND (status IN ('failed', 'failed_retryable')
               AND procedure != 'precheck-refused'
               OR (status = 'skipped' AND blocker IN ('first_user_failed', 'cancelled')))",
            [job],
        )?;
        Ok(n as u32)
    }

    /// Every job, newest first.
    pub(crate) fn jobs(&mut self) -> Result<Vec<JobRecord>, EngineError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, file, status, email_trust, created_at, updated_at, pause_reason FROM jobs
             WHERE kind = 'bulk-move' ORDER BY created_at DESC, rowid DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                let status: String = r.get(2)?;
                let trust: String = r.get(3)?;
                Ok(JobRecord {
                    id: r.get(0)?,
                    file: r.get(1)?,
                    status: JobStatus::parse(&status).unwrap_or(JobStatus::CompletedWithProblems),
                    email_trust: trust_of(&trust),
                    created_at: r.get(4)?,
                    updated_at: r.get(5)?,
                    pause_reason: r.get(6)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The row problems the import found, as JSON.
    pub(crate) fn job_problems(&mut self, job: &str) -> Result<Option<String>, EngineError> {
        Ok(self
            .conn
            .query_row(
                "SELECT problems FROM jobs WHERE id = ?1",
                params![job],
                |r| r.get(0),
            )
            .optional()?)
    }
}
