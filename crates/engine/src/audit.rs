//! Reading the audit log back: every API call and sign-in, filterable, and exported as
//! CSV or JSON. The log itself is append-only (triggers refuse UPDATE and DELETE).

use crate::{AuditLog, EngineError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One line of the audit log. Never holds a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    pub id: i64,
    pub at: String,
    /// The signed-in identity that acted.
    pub who: String,
    pub session_id: Option<String>,
    pub wizard: Option<String>,
    pub rule: Option<String>,
    /// The session's answers, as JSON.
    pub answers: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub method: Option<String>,
    pub path: Option<String>,
    pub http_status: Option<i64>,
    pub tracking_id: Option<String>,
    pub result: String,
    pub detail: String,
    /// The bulk job the call served, if any.
    pub job_id: Option<String>,
}

/// Which lines to show; empty fields match everything.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditFilter {
    /// Words found anywhere in the line (action, target, wizard, result, tracking id…).
    #[serde(default)]
    pub text: String,
    /// Only lines whose result starts with "failed".
    #[serde(default)]
    pub failures_only: bool,
    /// Only requests that changed something or checked a user (not reads, not
    /// sign-ins or job lines).
    #[serde(default)]
    pub changes_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditFormat {
    Csv,
    Json,
}

impl AuditRecord {
    fn haystack(&self) -> String {
        [
            Some(self.at.as_str()),
            Some(self.who.as_str()),
            self.wizard.as_deref(),
            self.rule.as_deref(),
            Some(self.action.as_str()),
            self.target.as_deref(),
            self.path.as_deref(),
            self.tracking_id.as_deref(),
            self.job_id.as_deref(),
            Some(self.result.as_str()),
            Some(self.detail.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
    }
}

/// The result column of one request's audit row: `ok`, or how it failed.
pub(crate) fn call_outcome(call: &webex::SentCall) -> String {
    match call.status {
        _ if call.succeeded() => "ok".to_string(),
        Some(s) => format!("failed: HTTP {s}"),
        None => "failed: no answer".to_string(),
    }
}

fn csv_cell(s: &str) -> String {
    let s = crate::spreadsheet::safe_cell(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl AuditLog<'_> {
    /// The audit log, oldest first, filtered.
    pub fn audit_records(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>, EngineError> {
        self.newest_audit_records(filter, None)
    }

    /// The newest `newest` lines that match the filter (all with `None`), oldest first:
    /// a page of the log, as the activity log shows it after a job of thousands of users.
    pub fn newest_audit_records(
        &self,
        filter: &AuditFilter,
        newest: Option<usize>,
    ) -> Result<Vec<AuditRecord>, EngineError> {
        let all = self.with_store(|s| s.audit_records())?;
        let words: Vec<String> = filter
            .text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let mut page: Vec<AuditRecord> = all
            .into_iter()
            .rev()
            .filter(|r| !filter.failures_only || r.result.starts_with("failed"))
            .filter(|r| !filter.changes_only || r.method.as_deref().is_some_and(|m| m != "GET"))
            .filter(|r| {
                let hay = r.haystack();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .take(newest.unwrap_or(usize::MAX))
            .collect();
        page.reverse();
        Ok(page)
    }

    /// The audit log as CSV (with a header row) or JSON (an array).
    pub fn export_audit(
        &self,
        format: AuditFormat,
        filter: &AuditFilter,
    ) -> Result<String, EngineError> {
        let records = self.audit_records(filter)?;
        Ok(match format {
            AuditFormat::Json => {
                serde_json::to_string_pretty(&records).unwrap_or_else(|_| "[]".into()) + "\n"
            }
            AuditFormat::Csv => {
                let mut out = String::from(
                    "id,time,who,session,wizard,rule,answers,action,target,method,path,http_status,tracking_id,result,detail,job\n",
                );
                for r in &records {
                    let cells = [
                        r.id.to_string(),
                        r.at.clone(),
                        r.who.clone(),
                        r.session_id.clone().unwrap_or_default(),
                        r.wizard.clone().unwrap_or_default(),
                        r.rule.clone().unwrap_or_default(),
                        r.answers.clone().unwrap_or_default(),
                        r.action.clone(),
                        r.target.clone().unwrap_or_default(),
                        r.method.clone().unwrap_or_default(),
                        r.path.clone().unwrap_or_default(),
                        r.http_status.map(|s| s.to_string()).unwrap_or_default(),
                        r.tracking_id.clone().unwrap_or_default(),
                        r.result.clone(),
                        r.detail.clone(),
                        r.job_id.clone().unwrap_or_default(),
                    ];
                    let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                    out.push_str(&line.join(","));
                    out.push('\n');
                }
                out
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_the_log_is_its_newest_matching_lines_oldest_first() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let engine = crate::Engine::open(dir.path()).expect("the engine opens");
        for n in 1..=7 {
            let action = if n % 2 == 0 { "even" } else { "odd" };
            engine
                .audit("someone", action, &format!("line {n}"), None)
                .expect("a line is written");
        }
        let details = |newest: Option<usize>, text: &str| -> Vec<String> {
            let filter = AuditFilter {
                text: text.into(),
                ..AuditFilter::default()
            };
            engine
                .audit_log()
                .newest_audit_records(&filter, newest)
                .expect("the log reads")
                .into_iter()
                .map(|r| r.detail)
                .collect()
        };
        assert_eq!(details(Some(3), ""), ["line 5", "line 6", "line 7"]);
        assert_eq!(details(Some(2), "odd"), ["line 5", "line 7"]);
        assert_eq!(details(None, "even"), ["line 2", "line 4", "line 6"]);
        assert_eq!(details(Some(100), "").len(), 7);
        assert_eq!(
            engine
                .audit_log()
                .audit_records(&AuditFilter::default())
                .expect("the log reads")
                .len(),
            7,
            "the whole log, for exports"
        );
    }
}
