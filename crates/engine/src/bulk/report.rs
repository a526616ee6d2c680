//! The report of a bulk job, as CSV and as a self-contained HTML page: per user the
//! outcome, the final status, what the user still has to do, and any error with its
//! Webex tracking id; then the totals.

use crate::bulk::journal::BLOCKER_ALREADY_PROVISIONED;
use crate::bulk::journal::{ItemStatus, JobItem, JobSummary};
use crate::bulk::plan::{ALREADY_PROVISIONED, NOT_CHECKED, PRECHECK_REFUSED, PROVISION_NEW_USER};
use crate::bulk::RowProblem;
use crate::plan::esc;
use crate::sessions::SessionError;
use crate::{Bulk, Engine, EngineError};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;

/// A report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Csv,
    Html,
}

/// One user's line of the report.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportRow {
    pub row: u32,
    pub user_id: String,
    pub sp_enterprise_id: String,
    pub email: String,
    /// The procedure, in words.
    pub outcome: String,
    /// Where the user ended, in words.
    pub final_status: String,
    /// What the user (or someone) still has to do; empty when nothing.
    pub still_to_do: String,
    /// True when Webex waits for the user (an email to enter or confirm, a move to
    /// agree to): `still_to_do` says what they must do.
    pub waiting_for_user: bool,
    pub error_code: String,
    pub error: String,
    pub tracking_id: String,
}

/// Users counted by how they ended.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportTotals {
    pub users: u32,
    pub provisioned: u32,
    pub waiting_for_user: u32,
    pub still_provisioning: u32,
    pub already_there: u32,
    pub blocked: u32,
    pub failed: u32,
    pub not_sent: u32,
    pub rows_refused: u32,
}

/// The whole report.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobReport {
    pub job: JobSummary,
    pub rows: Vec<ReportRow>,
    pub totals: ReportTotals,
    pub problems: Vec<RowProblem>,
}

fn outcome_words(engine: &Engine, procedure: &str) -> String {
    match procedure {
        PROVISION_NEW_USER => "New user: provision".into(),
        ALREADY_PROVISIONED => "Already in Webex for BroadWorks".into(),
        PRECHECK_REFUSED => "Refused by the Webex check".into(),
        NOT_CHECKED => "Not checked".into(),
        other => engine.procedure_title(other),
    }
}

fn describe(item: &JobItem, totals: &mut ReportTotals) -> (String, String) {
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    match (
        item.status,
        item.blocker.as_deref(),
        item.webex_status.as_deref(),
    ) {
        (ItemStatus::Done, _, Some("provisioned")) => {
            totals.provisioned += 1;
            s("Provisioned", "")
        }
        (ItemStatus::Done, _, Some("pending_email_input")) => {
            totals.waiting_for_user += 1;
            s(
                "Waiting for the user",
                "Enter and confirm their email address.",
            )
        }
        (ItemStatus::Done, _, Some("pending_email_validation")) => {
            totals.waiting_for_user += 1;
            s(
                "Waiting for the user",
                "Confirm their email address from the email Webex sent.",
            )
        }
        (ItemStatus::Done, _, Some("pending_user_migration")) => {
            totals.waiting_for_user += 1;
            s(
                "Waiting for the user",
                "Agree to move their Webex account, from the email Webex sent.",
            )
        }
        (ItemStatus::Done, _, Some("error")) => {
            totals.failed += 1;
            s(
                "There is a problem",
                "Webex could not finish: see the error; the partner administrator must act.",
            )
        }
        (ItemStatus::Done, _, _) => {
            totals.still_provisioning += 1;
            // `wxm bulk status` shows the job as it ended; the board reads Webex again.
            (
                "Still being set up by Webex".to_string(),
                format!(
                    "Nothing yet: check again later with `wxm migration status {}`.",
                    item.row.sp_enterprise_id
                ),
            )
        }
        (ItemStatus::Skipped, Some(BLOCKER_ALREADY_PROVISIONED), _) => {
            totals.already_there += 1;
            s("Already there", "")
        }
        (ItemStatus::Skipped, Some("attach_org"), _) => {
            totals.blocked += 1;
            s(
                "Cannot start yet",
                "Their company's Webex organization must be attached first (Attach wizard).",
            )
        }
        (ItemStatus::Skipped, Some("customer_approval"), _) => {
            totals.blocked += 1;
            s("Cannot start yet", "The customer must approve you as external Full Administrator first (Grant Full Admin wizard).")
        }
        (ItemStatus::Skipped, Some("waits_for_attach"), _) => {
            totals.blocked += 1;
            s(
                "Cannot start yet",
                "Their enterprise waits for a customer organization to be attached.",
            )
        }
        (ItemStatus::Skipped, Some("no_provisioning_id"), _) => {
            totals.blocked += 1;
            s(
                "Cannot start yet",
                "Give the provisioning id of the enterprise's onboarding template.",
            )
        }
        (ItemStatus::Skipped, Some("cancelled"), _) => {
            totals.not_sent += 1;
            s("Not sent: the job was cancelled", "")
        }
        (ItemStatus::Skipped, Some("first_user_failed"), _) => {
            totals.not_sent += 1;
            s(
                "Not sent: the enterprise's first user failed",
                "Retry failed only once the first user is fixed.",
            )
        }
        (ItemStatus::Skipped, _, _) => {
            totals.not_sent += 1;
            s("Not sent", "Run the plan again.")
        }
        (ItemStatus::Failed | ItemStatus::FailedRetryable, _, _) => {
            totals.failed += 1;
            s(
                "There is a problem",
                "See the error, then retry failed only.",
            )
        }
        (ItemStatus::Pending | ItemStatus::InFlight, _, _) => {
            totals.not_sent += 1;
            s("Not sent yet", "Resume the job.")
        }
    }
}

impl Bulk<'_> {
    /// The report of a job.
    pub fn job_report(&self, job: &str) -> Result<JobReport, EngineError> {
        let summary = self.job_summary(job)?;
        let items = self.job_items(job)?;
        let problems = self.job_problems(job)?;
        let mut totals = ReportTotals {
            users: items.len() as u32,
            rows_refused: problems.len() as u32,
            ..ReportTotals::default()
        };
        let rows = items
            .iter()
            .map(|i| {
                let waiting_before = totals.waiting_for_user;
                let (final_status, still_to_do) = describe(i, &mut totals);
                ReportRow {
                    row: i.row.row,
                    user_id: i.row.user_id.clone(),
                    sp_enterprise_id: i.row.sp_enterprise_id.clone(),
                    email: i.row.email.clone().unwrap_or_default(),
                    outcome: outcome_words(self, &i.procedure),
                    final_status,
                    still_to_do,
                    waiting_for_user: totals.waiting_for_user > waiting_before,
                    error_code: i.last_error_code.clone().unwrap_or_default(),
                    error: i.last_error_text.clone().unwrap_or_default(),
                    tracking_id: i.tracking_id.clone().unwrap_or_default(),
                }
            })
            .collect();
        Ok(JobReport {
            job: summary,
            rows,
            totals,
            problems,
        })
    }

    /// The report as text in `format`.
    pub fn job_report_text(&self, job: &str, format: ReportFormat) -> Result<String, EngineError> {
        let report = self.job_report(job)?;
        Ok(match format {
            ReportFormat::Csv => report_csv(&report),
            ReportFormat::Html => report_html(&report),
        })
    }

    /// Writes the report into `folder`, or (none given) the Downloads folder, named after
    /// the job; returns the path.
    pub fn save_job_report_in(
        &self,
        job: &str,
        format: ReportFormat,
        folder: Option<&Path>,
    ) -> Result<String, EngineError> {
        let ext = match format {
            ReportFormat::Csv => "csv",
            ReportFormat::Html => "html",
        };
        let path = self
            .save_folder(folder)
            .join(format!("webex-bulk-report-{job}.{ext}"));
        self.save_job_report(job, format, Some(&path))
    }

    /// Writes the report to `path`, or (none given) to the Downloads folder; returns the path.
    pub fn save_job_report(
        &self,
        job: &str,
        format: ReportFormat,
        path: Option<&Path>,
    ) -> Result<String, EngineError> {
        let Some(path) = path else {
            return self.save_job_report_in(job, format, None);
        };
        let text = self.job_report_text(job, format)?;
        let path = path.to_path_buf();
        let export_error = |source: std::io::Error| {
            EngineError::Session(SessionError::Export {
                path: path.display().to_string(),
                source,
            })
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(export_error)?;
        }
        std::fs::write(&path, text).map_err(export_error)?;
        Ok(path.display().to_string())
    }
}

/// The report as CSV: one line per user, then the refused rows, then the totals.
pub fn report_csv(report: &JobReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "row",
        "userId",
        "spEnterpriseId",
        "email",
        "outcome",
        "finalStatus",
        "stillToDo",
        "errorCode",
        "error",
        "trackingId",
    ]);
    for r in &report.rows {
        let row = r.row.to_string();
        let _ = w.write_record(crate::spreadsheet::safe_record([
            row.as_str(),
            &r.user_id,
            &r.sp_enterprise_id,
            &r.email,
            &r.outcome,
            &r.final_status,
            &r.still_to_do,
            &r.error_code,
            &r.error,
            &r.tracking_id,
        ]));
    }
    for p in &report.problems {
        let row = p.row.to_string();
        let problem = p.to_string();
        let _ = w.write_record(crate::spreadsheet::safe_record([
            row.as_str(),
            "",
            "",
            "",
            "Row refused",
            "Not sent",
            "Correct the row and import it again.",
            "bad_row",
            &problem,
            "",
        ]));
    }
    let t = &report.totals;
    for (name, n) in totals_list(t) {
        let _ = w.write_record(["", "", "", "", "Total", name, &n.to_string(), "", "", ""]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn totals_list(t: &ReportTotals) -> Vec<(&'static str, u32)> {
    vec![
        ("Users", t.users),
        ("Provisioned", t.provisioned),
        ("Waiting for the user", t.waiting_for_user),
        ("Still being set up by Webex", t.still_provisioning),
        ("Already there", t.already_there),
        ("Cannot start yet", t.blocked),
        ("There is a problem", t.failed),
        ("Not sent", t.not_sent),
        ("Rows refused", t.rows_refused),
    ]
}

/// The report as one self-contained HTML page (no scripts, no outside files).
pub fn report_html(report: &JobReport) -> String {
    let j = &report.job;
    let mut h = String::new();
    h.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str(&format!(
        "<title>Bulk move report {} – Webex Migration Wizard</title>",
        esc(&j.id)
    ));
    h.push_str("<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#0b0c0c}table{border-collapse:collapse;width:100%}th,td{border:1px solid #b1b4b6;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f3f2f1}.problem{color:#b10e1e;font-weight:600}@media print{body{margin:0}}</style>");
    h.push_str("</head><body>\n");
    h.push_str(&format!(
        "<h1>Bulk move report</h1>\n<p>Job <strong>{}</strong> from <strong>{}</strong>: {}. Created {}, last change {}.</p>\n",
        esc(&j.id),
        esc(&j.file),
        esc(&j.status_label),
        esc(&crate::board::report::readable_moment(&j.created_at)),
        esc(&crate::board::report::readable_moment(&j.updated_at))
    ));
    h.push_str("<h2>Totals</h2>\n<table><tbody>\n");
    for (name, n) in totals_list(&report.totals) {
        h.push_str(&format!(
            "<tr><th scope=\"row\">{name}</th><td>{n}</td></tr>\n"
        ));
    }
    h.push_str("</tbody></table>\n<h2>Users</h2>\n<table><thead><tr><th scope=\"col\">Row</th><th scope=\"col\">User ID</th><th scope=\"col\">Enterprise</th><th scope=\"col\">Email</th><th scope=\"col\">Outcome</th><th scope=\"col\">Final status</th><th scope=\"col\">Still to do</th><th scope=\"col\">Error</th><th scope=\"col\">Tracking ID</th></tr></thead><tbody>\n");
    for r in &report.rows {
        let class = if r.final_status == "There is a problem" {
            " class=\"problem\""
        } else {
            ""
        };
        let error = if r.error_code.is_empty() {
            String::new()
        } else {
            format!("{}: {}", esc(&r.error_code), esc(&r.error))
        };
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td{class}>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            r.row,
            esc(&r.user_id),
            esc(&r.sp_enterprise_id),
            esc(&r.email),
            esc(&r.outcome),
            esc(&r.final_status),
            esc(&r.still_to_do),
            error,
            esc(&r.tracking_id)
        ));
    }
    h.push_str("</tbody></table>\n");
    if !report.problems.is_empty() {
        h.push_str("<h2>Rows refused by the import</h2>\n<ul>\n");
        for p in &report.problems {
            h.push_str(&format!("<li>{}</li>\n", esc(&p.to_string())));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</body></html>\n");
    h
}
