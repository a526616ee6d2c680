//! Bulk moves: a CSV of users in, a checked plan, a paced resumable run, a report out.
//! `import` reads and validates the file (nothing is sent before every row is checked);
//! `plan` prechecks and sorts users into procedures; `run` provisions and watches under
//! the journal of `journal`; `report` writes the outcome per user.

mod control;
pub mod import;
pub mod journal;
pub(crate) mod lease;
pub mod plan;
mod plan_journal;
mod plan_view;
pub mod report;
pub mod run;
pub mod signed_in;
mod watch;

pub use import::{
    import_csv, BulkRow, EmailTrust, ImportError, ImportOptions, ImportResult, RowProblem,
};
pub use journal::{ItemCounts, ItemStatus, JobItem, JobStatus, JobSummary};
pub use plan::{FirstUser, JobPlan, PlanBlocker, PlanGroup, PlanOptions};
pub use report::{JobReport, ReportFormat, ReportRow, ReportTotals};
pub use run::{JobProgress, RunOptions, WebexCounts, NOT_ALLOWED, SIGN_IN_EXPIRED};
pub use signed_in::BulkPlanRequest;

/// Why a bulk job could not be planned, run or steered as asked.
#[derive(Debug, thiserror::Error)]
pub enum BulkError {
    #[error("cannot read the users file {path}: {message}")]
    File { path: String, message: String },
    #[error("{0}")]
    Import(ImportError),
    #[error("there is no bulk job '{id}'")]
    UnknownJob { id: String },
    #[error("there is no unfinished bulk job")]
    NoUnfinishedJob,
    #[error("the plan of job '{id}' was not finished, so it cannot run")]
    NotPlanned { id: String },
    #[error("job '{id}' is finished ({status})")]
    Finished { id: String, status: String },
    #[error("job '{id}' is already being run by {owner}")]
    Busy { id: String, owner: String },
    #[error("the Webex sign-in expired or was refused while job '{id}' was running: the job is paused, and no user was marked failed")]
    SignInExpired { id: String },
    #[error("Webex does not allow the signed-in account to do this, so job '{id}' paused: no user was marked failed")]
    NotAllowed { id: String },
    #[error("{count} users of job '{id}' may already be in Webex; they must be looked up before the job is cancelled")]
    CancelNeedsSignIn { id: String, count: u32 },
    #[error("job '{id}' is paused")]
    Paused { id: String },
    #[error("job '{id}' ended with {count} users failed")]
    UsersFailed { id: String, count: u32 },
}

impl crate::error::Coded for BulkError {
    fn code_and_hint(&self) -> (crate::ErrorCode, &'static str) {
        use crate::ErrorCode;
        match self {
            BulkError::File { .. } => (
                ErrorCode::BulkFileUnreadable,
                "Check that the file is still there and that you can open it, then choose it again.",
            ),
            BulkError::Import(_) => (
                ErrorCode::BulkFileInvalid,
                "Save the file as CSV UTF-8 with a header row naming the columns (userId, spEnterpriseId, firstName, lastName, email, package, primaryPhoneNumber or extension).",
            ),
            BulkError::UnknownJob { .. } => (ErrorCode::UnknownJob, "List the jobs with `wxm bulk list`."),
            BulkError::NoUnfinishedJob => (
                ErrorCode::NoUnfinishedJob,
                "Start a job from a file with `wxm bulk run FILE`.",
            ),
            BulkError::NotPlanned { .. } => (
                ErrorCode::JobNotPlanned,
                "Plan the file again with `wxm bulk run FILE`.",
            ),
            BulkError::Finished { .. } => (
                ErrorCode::JobFinished,
                "Look at its report, or choose \"retry failed only\" to try its failed users again.",
            ),
            BulkError::Busy { .. } => (
                ErrorCode::JobBusy,
                "Wait for that run to finish, or pause it there first. If its program was closed, try again in a few seconds.",
            ),
            BulkError::SignInExpired { .. } => (
                ErrorCode::SignInExpired,
                "Sign in again, then resume the job (wxm login, then wxm bulk resume).",
            ),
            BulkError::NotAllowed { .. } => (
                ErrorCode::NotAllowed,
                "Sign in with an account that is a partner administrator of this customer, with the rights to provision BroadWorks users, then resume the job (wxm login, then wxm bulk resume).",
            ),
            BulkError::Paused { .. } => (
                ErrorCode::JobPaused,
                "Go on with it when you are ready: wxm bulk resume (or \"Carry on\" in the app).",
            ),
            BulkError::UsersFailed { .. } => (
                ErrorCode::JobUsersFailed,
                "See who and why in the report (wxm bulk report --format html --out report.html), fix what it says, then try them again: wxm bulk resume --retry-failed.",
            ),
            BulkError::CancelNeedsSignIn { .. } => (
                ErrorCode::NotSignedIn,
                "Sign in (or give --token), then cancel again: each of these users is looked up first.",
            ),
        }
    }
}
