//! The journal of a job's plan: the job made before its file is read, the rows once
//! imported, each user's precheck as it comes in, and the sorted plan; so a kill in
//! any of these phases leaves a job that resumes from where it stopped.

use crate::bulk::import::{BulkRow, EmailTrust};
use crate::bulk::journal::{item_of, JobItem, NewItem, ITEM_COLUMNS};
use crate::{Engine, EngineError};
use rusqlite::{params, OptionalExtension};

impl Engine {
    /// Creates a job in `planning` before its file is read, so a kill while importing
    /// leaves a job that resumes by reading the file again.
    pub(crate) fn create_job(
        &self,
        file: &str,
        options: &crate::bulk::ImportOptions,
        base_url: &str,
    ) -> Result<String, EngineError> {
        let id = format!("job-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        let trust = match options.email_trust {
            EmailTrust::Trusted => "trusted",
            EmailTrust::Untrusted => "untrusted",
        };
        let options = serde_json::to_string(options).unwrap_or_default();
        self.with_store(|s| {
            s.conn().execute(
                "INSERT INTO jobs (id, kind, file, status, email_trust, base_url, problems, import_options)
                 VALUES (?1, 'bulk-move', ?2, 'planning', ?3, ?4, '[]', ?5)",
                params![id, file, trust, base_url, options],
            )?;
            Ok(())
        })?;
        Ok(id)
    }

    /// The file and settings a job was planned from.
    pub(crate) fn job_import(
        &self,
        job: &str,
    ) -> Result<(String, crate::bulk::ImportOptions), EngineError> {
        let (file, trust, options): (String, String, Option<String>) = self.with_store(|s| {
            s.conn()
                .query_row(
                    "SELECT file, email_trust, import_options FROM jobs WHERE id = ?1",
                    params![job],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
                .ok_or_else(|| EngineError::UnknownJob { id: job.into() })
        })?;
        let options = options
            .and_then(|o| serde_json::from_str(&o).ok())
            .unwrap_or_else(|| crate::bulk::ImportOptions {
                email_trust: if trust == "untrusted" {
                    EmailTrust::Untrusted
                } else {
                    EmailTrust::Trusted
                },
                ..crate::bulk::ImportOptions::default()
            });
        Ok((file, options))
    }

    /// Writes every valid row (not yet checked) and the refused rows in one transaction.
    pub(crate) fn save_import(
        &self,
        job: &str,
        rows: &[BulkRow],
        problems: &[crate::bulk::RowProblem],
    ) -> Result<(), EngineError> {
        let problems = serde_json::to_string(problems).unwrap_or_else(|_| "[]".into());
        self.with_store(|s| {
            let tx = s.conn().transaction()?;
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
        })
    }

    /// True once the job's file has been read into the journal.
    pub(crate) fn job_imported(&self, job: &str) -> Result<bool, EngineError> {
        self.with_store(|s| {
            Ok(s.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM job_items WHERE job_id = ?1)",
                params![job],
                |r| r.get(0),
            )?)
        })
    }

    /// Each item with its journalled precheck finding (JSON), in file order.
    pub(crate) fn items_with_prechecks(
        &self,
        job: &str,
    ) -> Result<Vec<(JobItem, Option<String>)>, EngineError> {
        self.with_store(|s| {
            let mut stmt = s.conn().prepare(&format!(
                "SELECT {ITEM_COLUMNS}, precheck FROM job_items WHERE job_id = ?1 ORDER BY seq"
            ))?;
            let items = stmt
                .query_map(params![job], |r| Ok((item_of(r)?, r.get(12)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(items)
        })
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
        self.with_store(|s| {
            let tx = s.conn().transaction()?;
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
        })
    }

    /// Writes every planned item in one transaction and marks the job planned.
    pub(crate) fn save_plan_items(
        &self,
        job: &str,
        items: &[(u32, NewItem)],
    ) -> Result<(), EngineError> {
        self.with_store(|s| {
            let tx = s.conn().transaction()?;
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
            // A job cancelled while it was being planned stays cancelled.
            tx.execute(
                "UPDATE jobs SET status = 'planned', pause_reason = NULL,
                   updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
                 WHERE id = ?1 AND status = 'planning'",
                params![job],
            )?;
            tx.commit()?;
            Ok(())
        })
    }
}
