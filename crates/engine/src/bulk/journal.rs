//! The bulk job journal in SQLite: jobs and one item per user, each item's status
//! committed before its request and after its answer, so a killed run can resume.

use crate::bulk::import::{BulkRow, EmailTrust};
use crate::bulk::BulkError;
use crate::{Bulk, EngineError};
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
    /// Why the job is paused, when it says (`sign_in_expired`: sign in again, then resume;
    /// `not_allowed`: Webex refused the account, sign in with one allowed, then resume).
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

/// The blocker of a user found already in Webex: the error code that says so.
pub const BLOCKER_ALREADY_PROVISIONED: &str = crate::ErrorCode::AlreadyProvisioned.as_str();

/// What a plan writes for one user.
pub(crate) struct NewItem {
    pub row: BulkRow,
    pub procedure: String,
    pub blocker: Option<String>,
    pub first_in_enterprise: bool,
    pub status: ItemStatus,
    pub error: Option<(String, String, Option<String>)>,
}

impl Bulk<'_> {
    /// Why a job is paused (`sign_in_expired`, `stopped`), if it says.
    pub fn job_pause_reason(&self, job: &str) -> Result<Option<String>, EngineError> {
        self.with_store(|s| s.job_pause_reason(job))
    }

    /// Pauses a job with a reason, whatever phase it is in (a planning job stays in
    /// `planning`, so its resume goes on checking users).
    pub(crate) fn pause_with_reason(&self, job: &str, reason: &str) -> Result<(), EngineError> {
        self.with_store(|s| s.pause_job_with_reason(job, reason))
    }

    /// A job's status, or `UnknownJob`.
    pub fn job_status(&self, job: &str) -> Result<JobStatus, EngineError> {
        self.with_store(|s| s.job_status(job))?
            .ok_or_else(|| EngineError::Bulk(BulkError::UnknownJob { id: job.into() }))
    }

    pub(crate) fn set_job_status(&self, job: &str, status: JobStatus) -> Result<(), EngineError> {
        self.with_store(|s| s.set_job_status(job, status))
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
        self.with_store(|s| s.job_counts(job))
    }

    /// Every item of a job, in file order.
    pub fn job_items(&self, job: &str) -> Result<Vec<JobItem>, EngineError> {
        self.job_status(job)?;
        self.with_store(|s| s.job_items(job, None))
    }

    pub(crate) fn items_with_status(
        &self,
        job: &str,
        statuses: &[ItemStatus],
    ) -> Result<Vec<JobItem>, EngineError> {
        self.with_store(|s| s.job_items(job, Some(statuses)))
    }

    /// Marks an item in flight and commits, before its request is sent. False (and
    /// nothing changed) when the item is no longer runnable: a finished user never goes
    /// back to in flight.
    pub(crate) fn mark_in_flight(&self, job: &str, seq: u32) -> Result<bool, EngineError> {
        self.with_store(|s| s.mark_in_flight(job, seq))
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
        self.with_store(|s| s.mark_done(job, seq, subscriber_id, webex_status, tracking_id))
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
        self.with_store(|s| s.mark_failed(job, seq, status, (code, text), tracking_id))
    }

    /// Sets items back to pending or skips them, with a blocker id.
    pub(crate) fn set_item_status(
        &self,
        job: &str,
        seq: u32,
        status: ItemStatus,
        blocker: Option<&str>,
    ) -> Result<(), EngineError> {
        self.with_store(|s| s.set_item_status(job, seq, status, blocker))
    }

    /// Records the Webex status seen while watching.
    pub(crate) fn set_webex_status(
        &self,
        job: &str,
        updates: &[(u32, String, Option<String>)],
    ) -> Result<(), EngineError> {
        self.with_store(|s| s.set_webex_statuses(job, updates))
    }

    /// Every job, newest first.
    pub fn list_jobs(&self) -> Result<Vec<JobSummary>, EngineError> {
        let jobs = self.with_store(|s| s.jobs())?;
        jobs.into_iter()
            .map(|job| {
                let counts = self.job_counts(&job.id)?;
                let running_in = self.lease_holder(&job.id)?.map(|h| h.owner);
                Ok(JobSummary {
                    total: counts.total(),
                    counts,
                    status_label: job.status.label().into(),
                    status: job.status,
                    email_trust: job.email_trust,
                    id: job.id,
                    file: job.file,
                    created_at: job.created_at,
                    updated_at: job.updated_at,
                    pause_reason: job.pause_reason,
                    running_in,
                })
            })
            .collect()
    }

    /// One job's summary.
    pub fn job_summary(&self, job: &str) -> Result<JobSummary, EngineError> {
        self.list_jobs()?
            .into_iter()
            .find(|j| j.id == job)
            .ok_or_else(|| EngineError::Bulk(BulkError::UnknownJob { id: job.into() }))
    }

    /// The newest job that is not finished (for `resume` without a job id).
    pub fn latest_unfinished_job(&self) -> Result<String, EngineError> {
        self.list_jobs()?
            .into_iter()
            .find(|j| !j.status.is_final())
            .map(|j| j.id)
            .ok_or(EngineError::Bulk(BulkError::NoUnfinishedJob))
    }

    /// The newest job of any status (for `status` and `report` without a job id).
    pub fn latest_job(&self) -> Result<String, EngineError> {
        self.list_jobs()?
            .into_iter()
            .next()
            .map(|j| j.id)
            .ok_or(EngineError::Bulk(BulkError::NoUnfinishedJob))
    }

    /// The row problems the import found, kept with the job for its report.
    pub fn job_problems(&self, job: &str) -> Result<Vec<crate::bulk::RowProblem>, EngineError> {
        let text = self
            .with_store(|s| s.job_problems(job))?
            .unwrap_or_default();
        Ok(serde_json::from_str(&text).unwrap_or_default())
    }
}
