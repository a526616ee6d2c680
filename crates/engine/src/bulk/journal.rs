//! The bulk job journal in SQLite: jobs and one item per user, each item's status
//! committed before its request and after its answer, so a killed run can resume.

use crate::bulk::import::{BulkRow, EmailTrust};
use crate::{Engine, EngineError};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Users are being prechecked; nothing is sent that changes anything.
    Planning,
    /// The plan is ready and waits for the person to confirm it.
    Planned,
    /// Users are being provisioned.
    Running,
    /// Provisioning is finished; statuses are being polled.
    Watching,
    /// Stopped by the person; `resume` goes on.
    Paused,
    Cancelled,
    Completed,
    CompletedWithProblems,
}

impl JobStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Planning => "planning",
            JobStatus::Planned => "planned",
            JobStatus::Running => "running",
            JobStatus::Watching => "watching",
            JobStatus::Paused => "paused",
            JobStatus::Cancelled => "cancelled",
            JobStatus::Completed => "completed",
            JobStatus::CompletedWithProblems => "completed_with_problems",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<JobStatus> {
        [
            JobStatus::Planning,
            JobStatus::Planned,
            JobStatus::Running,
            JobStatus::Watching,
            JobStatus::Paused,
            JobStatus::Cancelled,
            JobStatus::Completed,
            JobStatus::CompletedWithProblems,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    /// True once nothing more will happen unless the person asks (retry failed only).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            JobStatus::Cancelled | JobStatus::Completed | JobStatus::CompletedWithProblems
        )
    }

    /// Words for a person.
    pub fn label(self) -> &'static str {
        match self {
            JobStatus::Planning => "Checking users",
            JobStatus::Planned => "Waiting for your confirmation",
            JobStatus::Running => "Provisioning",
            JobStatus::Watching => "Waiting for Webex to finish",
            JobStatus::Paused => "Paused",
            JobStatus::Cancelled => "Cancelled",
            JobStatus::Completed => "Completed",
            JobStatus::CompletedWithProblems => "Completed with problems",
        }
    }
}

/// Where one user is in a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Pending,
    /// The request may have been sent: after a crash the user is looked up first.
    InFlight,
    Done,
    FailedRetryable,
    Failed,
    Skipped,
}

impl ItemStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Pending => "pending",
            ItemStatus::InFlight => "in_flight",
            ItemStatus::Done => "done",
            ItemStatus::FailedRetryable => "failed_retryable",
            ItemStatus::Failed => "failed",
            ItemStatus::Skipped => "skipped",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<ItemStatus> {
        [
            ItemStatus::Pending,
            ItemStatus::InFlight,
            ItemStatus::Done,
            ItemStatus::FailedRetryable,
            ItemStatus::Failed,
            ItemStatus::Skipped,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// A job as listed.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobSummary {
    pub id: String,
    pub file: String,
    pub status: JobStatus,
    pub status_label: String,
    pub email_trust: EmailTrust,
    pub total: u32,
    pub counts: ItemCounts,
    pub created_at: String,
    pub updated_at: String,
    /// Why the job is paused, when it says (`sign_in_expired`: sign in again, then resume).
    pub pause_reason: Option<String>,
    /// Who runs the job right now (a live runner's lease), if anyone.
    pub running_in: Option<String>,
}

/// Items of a job by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemCounts {
    pub pending: u32,
    pub in_flight: u32,
    pub done: u32,
    pub failed_retryable: u32,
    pub failed: u32,
    pub skipped: u32,
}

impl ItemCounts {
    /// Every item.
    pub fn total(&self) -> u32 {
        self.pending
            + self.in_flight
            + self.done
            + self.failed_retryable
            + self.failed
            + self.skipped
    }
}

/// One user of a job, as journalled.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobItem {
    pub seq: u32,
    pub row: BulkRow,
    /// `provision-new-user`, a move-user outcome id, or `already-provisioned` /
    /// `precheck-refused`.
    pub procedure: String,
    /// Why the item cannot run yet, as a stable id (`attach_org`, `customer_approval`,
    /// `waits_for_attach`, `first_user_failed`, `cancelled`).
    pub blocker: Option<String>,
    pub first_in_enterprise: bool,
    pub status: ItemStatus,
    pub attempts: u32,
    pub last_error_code: Option<String>,
    pub last_error_text: Option<String>,
    pub tracking_id: Option<String>,
    pub subscriber_id: Option<String>,
    /// The subscriber's Webex status, once known (`provisioned`, `pending_user_migration`, …).
    pub webex_status: Option<String>,
}

/// What a plan writes for one user.
pub(crate) struct NewItem {
    pub row: BulkRow,
    pub procedure: String,
    pub blocker: Option<String>,
    pub first_in_enterprise: bool,
    pub status: ItemStatus,
    pub error: Option<(String, String, Option<String>)>,
}

pub(crate) const ITEM_COLUMNS: &str =
    "seq, row_json, procedure, blocker, first_in_enterprise, status, attempts, \
     last_error_code, last_error_text, tracking_id, subscriber_id, webex_status";

pub(crate) fn item_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<JobItem> {
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

impl Engine {
    /// Why a job is paused (`sign_in_expired`, `stopped`), if it says.
    pub fn job_pause_reason(&self, job: &str) -> Result<Option<String>, EngineError> {
        self.with_store(|s| {
            Ok(s.conn()
                .query_row(
                    "SELECT pause_reason FROM jobs WHERE id = ?1",
                    params![job],
                    |r| r.get(0),
                )
                .optional()?
                .flatten())
        })
    }

    /// Pauses a job with a reason, whatever phase it is in (a planning job stays in
    /// `planning`, so its resume goes on checking users).
    pub(crate) fn pause_with_reason(&self, job: &str, reason: &str) -> Result<(), EngineError> {
        self.with_store(|s| {
            s.conn().execute(
                "UPDATE jobs SET pause_reason = ?2,
                   status = CASE WHEN status IN ('planning') THEN status ELSE 'paused' END,
                   updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
                 WHERE id = ?1",
                params![job, reason],
            )?;
            Ok(())
        })
    }

    /// A job's status, or `UnknownJob`.
    pub fn job_status(&self, job: &str) -> Result<JobStatus, EngineError> {
        let status: Option<String> = self.with_store(|s| {
            Ok(s.conn()
                .query_row("SELECT status FROM jobs WHERE id = ?1", params![job], |r| {
                    r.get(0)
                })
                .optional()?)
        })?;
        status
            .and_then(|s| JobStatus::parse(&s))
            .ok_or_else(|| EngineError::UnknownJob { id: job.into() })
    }

    pub(crate) fn set_job_status(&self, job: &str, status: JobStatus) -> Result<(), EngineError> {
        let finished = status.is_final();
        self.with_store(|s| {
            s.conn().execute(
                "UPDATE jobs SET status = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),
                   pause_reason = CASE WHEN ?2 = 'paused' THEN pause_reason ELSE NULL END,
                   finished_at = CASE WHEN ?3 THEN strftime('%Y-%m-%dT%H:%M:%fZ','now') ELSE NULL END,
                   confirmed_at = CASE WHEN ?2 = 'running' AND confirmed_at IS NULL
                                  THEN strftime('%Y-%m-%dT%H:%M:%fZ','now') ELSE confirmed_at END
                 WHERE id = ?1",
                params![job, status.as_str(), finished],
            )?;
            Ok(())
        })
    }

    /// Sets the status only when the job is in one of `from`; true when it changed.
    pub(crate) fn move_job_status(
        &self,
        job: &str,
        from: &[JobStatus],
        to: JobStatus,
    ) -> Result<bool, EngineError> {
        let current = self.job_status(job)?;
        if !from.contains(&current) {
            return Ok(false);
        }
        self.set_job_status(job, to)?;
        Ok(true)
    }

    /// Counts of a job's items by status.
    pub fn job_counts(&self, job: &str) -> Result<ItemCounts, EngineError> {
        self.with_store(|s| {
            let mut stmt = s.conn().prepare_cached(
                "SELECT status, COUNT(*) FROM job_items WHERE job_id = ?1 GROUP BY status",
            )?;
            let mut counts = ItemCounts::default();
            let rows = stmt.query_map(params![job], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
            })?;
            for row in rows {
                let (status, n) = row?;
                match ItemStatus::parse(&status) {
                    Some(ItemStatus::Pending) => counts.pending = n,
                    Some(ItemStatus::InFlight) => counts.in_flight = n,
                    Some(ItemStatus::Done) => counts.done = n,
                    Some(ItemStatus::FailedRetryable) => counts.failed_retryable = n,
                    Some(ItemStatus::Failed) => counts.failed = n,
                    Some(ItemStatus::Skipped) | None => counts.skipped += n,
                }
            }
            Ok(counts)
        })
    }

    /// Items finished in the last `seconds` seconds (for the rate shown).
    pub(crate) fn items_finished_since(&self, job: &str, seconds: u32) -> Result<u32, EngineError> {
        self.with_store(|s| {
            Ok(s.conn().query_row(
                "SELECT COUNT(*) FROM job_items WHERE job_id = ?1 AND finished_at IS NOT NULL
                   AND finished_at >= strftime('%Y-%m-%dT%H:%M:%fZ','now', ?2)",
                params![job, format!("-{seconds} seconds")],
                |r| r.get(0),
            )?)
        })
    }

    /// Every item of a job, in file order.
    pub fn job_items(&self, job: &str) -> Result<Vec<JobItem>, EngineError> {
        self.job_status(job)?;
        self.with_store(|s| {
            let mut stmt = s.conn().prepare(&format!(
                "SELECT {ITEM_COLUMNS} FROM job_items WHERE job_id = ?1 ORDER BY seq"
            ))?;
            let items = stmt
                .query_map(params![job], item_of)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(items)
        })
    }

    pub(crate) fn items_with_status(
        &self,
        job: &str,
        statuses: &[ItemStatus],
    ) -> Result<Vec<JobItem>, EngineError> {
        let list: Vec<String> = statuses
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        self.with_store(|s| {
            let mut stmt = s.conn().prepare(&format!(
                "SELECT {ITEM_COLUMNS} FROM job_items WHERE job_id = ?1 AND status IN ({}) ORDER BY seq",
                list.join(",")
            ))?;
            let items = stmt
                .query_map(params![job], item_of)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(items)
        })
    }

    /// Marks an item in flight and commits, before its request is sent. False (and
    /// nothing changed) when the item is no longer runnable: a finished user never goes
    /// back to in flight.
    pub(crate) fn mark_in_flight(&self, job: &str, seq: u32) -> Result<bool, EngineError> {
        self.with_store(|s| {
            let n = s.conn().execute(
                "UPDATE job_items SET status = 'in_flight', attempts = attempts + 1,
                   started_at = COALESCE(started_at, strftime('%Y-%m-%dT%H:%M:%fZ','now'))
                 WHERE job_id = ?1 AND seq = ?2
                   AND status IN ('pending', 'in_flight', 'failed_retryable')",
                params![job, seq],
            )?;
            Ok(n > 0)
        })
    }

    /// Records a provisioned (or found) subscriber.
    pub(crate) fn mark_done(
        &self,
        job: &str,
        seq: u32,
        subscriber_id: &str,
        webex_status: &str,
        tracking_id: Option<&str>,
    ) -> Result<(), EngineError> {
        self.with_store(|s| {
            s.conn().execute(
                "UPDATE job_items SET status = 'done', subscriber_id = ?3, webex_status = ?4,
                   tracking_id = COALESCE(?5, tracking_id), last_error_code = NULL, last_error_text = NULL,
                   blocker = NULL, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
                 WHERE job_id = ?1 AND seq = ?2",
                params![job, seq, subscriber_id, webex_status, tracking_id],
            )?;
            Ok(())
        })
    }

    /// Records a failure (`failed` or `failed_retryable`).
    pub(crate) fn mark_failed(
        &self,
        job: &str,
        seq: u32,
        status: ItemStatus,
        code: &str,
        text: &str,
        tracking_id: Option<&str>,
    ) -> Result<(), EngineError> {
        self.with_store(|s| {
            s.conn().execute(
                "UPDATE job_items SET status = ?3, last_error_code = ?4, last_error_text = ?5,
                   tracking_id = COALESCE(?6, tracking_id),
                   finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
                 WHERE job_id = ?1 AND seq = ?2",
                params![job, seq, status.as_str(), code, text, tracking_id],
            )?;
            Ok(())
        })
    }

    /// Sets items back to pending or skips them, with a blocker id.
    pub(crate) fn set_item_status(
        &self,
        job: &str,
        seq: u32,
        status: ItemStatus,
        blocker: Option<&str>,
    ) -> Result<(), EngineError> {
        self.with_store(|s| {
            s.conn().execute(
                "UPDATE job_items SET status = ?3, blocker = ?4 WHERE job_id = ?1 AND seq = ?2",
                params![job, seq, status.as_str(), blocker],
            )?;
            Ok(())
        })
    }

    /// Records the Webex status seen while watching.
    pub(crate) fn set_webex_status(
        &self,
        job: &str,
        updates: &[(u32, String, Option<String>)],
    ) -> Result<(), EngineError> {
        self.with_store(|s| {
            let tx = s.conn().transaction()?;
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
        })
    }

    /// Every job, newest first.
    pub fn list_jobs(&self) -> Result<Vec<JobSummary>, EngineError> {
        type JobRow = (
            String,
            String,
            String,
            String,
            String,
            String,
            Option<String>,
        );
        let rows: Vec<JobRow> = self.with_store(|s| {
            let mut stmt = s.conn().prepare(
                "SELECT id, file, status, email_trust, created_at, updated_at, pause_reason FROM jobs
                 ORDER BY created_at DESC, rowid DESC",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })?;
        rows.into_iter()
            .map(
                |(id, file, status, trust, created_at, updated_at, pause_reason)| {
                    let counts = self.job_counts(&id)?;
                    let running_in = self.lease_holder(&id)?.map(|h| h.owner);
                    let status =
                        JobStatus::parse(&status).unwrap_or(JobStatus::CompletedWithProblems);
                    Ok(JobSummary {
                        total: counts.total(),
                        counts,
                        status_label: status.label().into(),
                        status,
                        email_trust: if trust == "untrusted" {
                            EmailTrust::Untrusted
                        } else {
                            EmailTrust::Trusted
                        },
                        id,
                        file,
                        created_at,
                        updated_at,
                        pause_reason,
                        running_in,
                    })
                },
            )
            .collect()
    }

    /// One job's summary.
    pub fn job_summary(&self, job: &str) -> Result<JobSummary, EngineError> {
        self.list_jobs()?
            .into_iter()
            .find(|j| j.id == job)
            .ok_or_else(|| EngineError::UnknownJob { id: job.into() })
    }

    /// The newest job that is not finished (for `resume` without a job id).
    pub fn latest_unfinished_job(&self) -> Result<String, EngineError> {
        self.list_jobs()?
            .into_iter()
            .find(|j| !j.status.is_final())
            .map(|j| j.id)
            .ok_or(EngineError::NoUnfinishedJob)
    }

    /// The newest job of any status (for `status` and `report` without a job id).
    pub fn latest_job(&self) -> Result<String, EngineError> {
        self.list_jobs()?
            .into_iter()
            .next()
            .map(|j| j.id)
            .ok_or(EngineError::NoUnfinishedJob)
    }

    /// The row problems the import found, kept with the job for its report.
    pub fn job_problems(&self, job: &str) -> Result<Vec<crate::bulk::RowProblem>, EngineError> {
        let text: String = self.with_store(|s| {
            Ok(s.conn()
                .query_row(
                    "SELECT problems FROM jobs WHERE id = ?1",
                    params![job],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or_default())
        })?;
        Ok(serde_json::from_str(&text).unwrap_or_default())
    }
}
