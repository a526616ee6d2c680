//! Bulk jobs over the current sign-in, for the desktop app: the same plan and run as
//! the CLI, with the client of the connection the app is signed in to.

use crate::bulk::import::{EmailTrust, ImportOptions};
use crate::bulk::journal::JobSummary;
use crate::bulk::plan::{JobPlan, PlanOptions};
use crate::bulk::run::{JobProgress, RunOptions};
use crate::{Bulk, EngineError};
use serde::Deserialize;
use std::path::Path;
use ts_rs::TS;

/// What the Bulk page sends to plan a file.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkPlanRequest {
    pub email_trust: EmailTrust,
    /// For rows without an enterprise; empty means none.
    #[serde(default)]
    pub enterprise: String,
    /// For rows without a provisioning id; empty means none.
    #[serde(default)]
    pub provisioning_id: String,
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

impl Bulk<'_> {
    /// Plans a file with the signed-in client.
    pub async fn plan_bulk_signed_in(
        self,
        path: &Path,
        request: &BulkPlanRequest,
    ) -> Result<JobPlan, EngineError> {
        let client = self.signed_in_client().await?;
        let options = PlanOptions {
            import: ImportOptions {
                email_trust: request.email_trust,
                enterprise: non_empty(&request.enterprise),
                provisioning_id: non_empty(&request.provisioning_id),
            },
            ..PlanOptions::default()
        };
        self.plan_bulk_job(&client, path, &options, &|_| {}, &|_, _| {})
            .await
    }

    /// Runs (or resumes) a job with the signed-in client; progress a few times a second.
    /// A job killed while it was still being planned finishes its plan first (nothing is
    /// provisioned then: the plan waits for the person's confirmation).
    pub async fn run_bulk_signed_in(
        self,
        job: &str,
        on_progress: &(dyn Fn(&JobProgress) + Sync),
    ) -> Result<JobSummary, EngineError> {
        let client = self.signed_in_client().await?;
        if self.job_status(job)? == crate::bulk::JobStatus::Planning {
            self.continue_plan(&client, job, PlanOptions::default().concurrency, &|_, _| {})
                .await?;
            return self.job_summary(job);
        }
        self.run_job(&client, job, &RunOptions::default(), on_progress)
            .await
    }
}
