//! Bulk moves: a CSV of users in, a checked plan, a paced resumable run, a report out.
//! `import` reads and validates the file (nothing is sent before every row is checked);
//! `plan` prechecks and sorts users into procedures; `run` provisions and watches under
//! the journal of `journal`; `report` writes the outcome per user.

pub mod app;
mod control;
pub mod import;
pub mod journal;
mod lease;
pub mod plan;
mod plan_journal;
mod plan_view;
pub mod report;
pub mod run;
mod watch;

pub use app::BulkPlanRequest;
pub use import::{
    import_csv, BulkRow, EmailTrust, ImportError, ImportOptions, ImportResult, RowProblem,
};
pub use journal::{ItemCounts, ItemStatus, JobItem, JobStatus, JobSummary};
pub use plan::{FirstUser, JobPlan, PlanBlocker, PlanGroup, PlanOptions};
pub use report::{JobReport, ReportFormat, ReportRow, ReportTotals};
pub use run::{JobProgress, RunOptions, WebexCounts, SIGN_IN_EXPIRED};
