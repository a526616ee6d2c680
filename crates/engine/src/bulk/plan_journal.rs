//! The journal of a job's plan: the job made before its file is read, the rows once
//! imported, each user's precheck as it comes in, and the sorted plan; so a kill in
//! any of these phases leaves a job that resumes from where it stopped.

use crate::bulk::import::BulkRow;
use crate::bulk::journal::{JobItem, NewItem};
use crate::{Bulk, EngineError};

impl Bulk<'_> {
    /// Creates a job in `planning` before its file is read, so a kill while importing
    /// leaves a job that resumes by reading the file again.
    pub(crate) fn create_job(
        &self,
        file: &str,
        options: &crate::bulk::ImportOptions,
        base_url: &str,
    ) -> Result<String, EngineError> {
        let id = format!("job-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        self.with_store(|s| s.insert_job(&id, file, options, base_url))?;
        Ok(id)
    }

    /// The file and settings a job was planned from.
    pub(crate) fn job_import(
        &self,
        job: &str,
    ) -> Result<(String, crate::bulk::ImportOptions), EngineError> {
        self.with_store(|s| s.job_import(job))
    }

    /// Writes every valid row (not yet checked) and the refused rows in one transaction.
    pub(crate) fn save_import(
        &self,
        job: &str,
        rows: &[BulkRow],
        problems: &[crate::bulk::RowProblem],
    ) -> Result<(), EngineError> {
        self.with_store(|s| s.save_import(job, rows, problems))
    }

    /// The users of a file already read, journalled as a new job in `planning`, as a
    /// plan journals them before its prechecks. `cargo xtask bench` times this on
    /// 100,000 rows; the app and `wxm` go through [`Bulk::plan_bulk_job`].
    #[doc(hidden)]
    pub fn journal_import(
        &self,
        import: &crate::bulk::ImportResult,
        options: &crate::bulk::ImportOptions,
    ) -> Result<String, EngineError> {
        let job = self.create_job(&import.file, options, "")?;
        self.save_import(&job, &import.rows, &import.problems)?;
        Ok(job)
    }

    /// True once the job's file has been read into the journal.
    pub(crate) fn job_imported(&self, job: &str) -> Result<bool, EngineError> {
        self.with_store(|s| s.job_imported(job))
    }

    /// Each item with its journalled precheck finding (JSON), in file order.
    pub(crate) fn items_with_prechecks(
        &self,
        job: &str,
    ) -> Result<Vec<(JobItem, Option<String>)>, EngineError> {
        self.with_store(|s| s.items_with_prechecks(job))
    }

    /// Journals the precheck findings of some users (committed, so a kill loses none).
    pub(crate) fn save_prechecks(
        &self,
        job: &str,
        findings: &[(u32, String)],
    ) -> Result<(), EngineError> {
        if findings.is_empty() {
            return Ok(());
        }
        self.with_store(|s| s.save_prechecks(job, findings))
    }

    /// Writes every planned item in one transaction and marks the job planned.
    pub(crate) fn save_plan_items(
        &self,
        job: &str,
        items: &[(u32, NewItem)],
    ) -> Result<(), EngineError> {
        self.with_store(|s| s.save_plan_items(job, items))
    }
}
