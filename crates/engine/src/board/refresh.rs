//! Reading a board from Webex, cheaply: the first time (or when asked) every
//! subscriber of the enterprise in pages of 100; after that only those whose status
//! changed since the last look (`lastStatusChange`), so a board of 5,000 users that did
//! not move costs one request. Every request goes through the client's one limiter.

use super::{BoardView, DAY_MS};
use crate::store::board::RefreshRecord;
use crate::{Board, EngineError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use webex::SubscriberFilter;

/// How far before the last look a refresh asks from, so a change Webex wrote a little
/// late (or a clock a little apart) is not missed.
const OVERLAP_MS: u64 = 60_000;

/// A full read is made at least this often, so subscribers removed in Webex leave the
/// board (a removal is not a status change).
const FULL_EVERY_MS: u64 = DAY_MS;

impl Board<'_> {
    /// Reads what changed in Webex for the enterprise and returns the board. `full`
    /// reads every subscriber again (also done by itself once a day, and the first
    /// time). Reads are summarised in the audit log: one row a refresh.
    pub async fn refresh(self, enterprise: &str, full: bool) -> Result<BoardView, EngineError> {
        let enterprise = enterprise.trim();
        if enterprise.is_empty() {
            return Err(EngineError::Action(
                crate::actions::ActionError::InvalidForm {
                    problems: vec![crate::actions::FieldProblem {
                        field: "spEnterpriseId".into(),
                        message: "Enter the customer's BroadWorks enterprise id".into(),
                    }],
                },
            ));
        }
        let client = self.signed_in_client().await?;
        let who = self
            .connection_status()
            .await
            .email
            .unwrap_or_else(|| "token given to this run".into());
        let previous = self.with_store(|s| s.board_refresh(enterprise))?;
        // Only what changed since the last look, unless a full read is asked for or due.
        let since = match &previous {
            Some(p)
                if !full
                    && p.last_full_ms
                        .is_some_and(|f| p.webex_now_ms.saturating_sub(f) < FULL_EVERY_MS) =>
            {
                Some(p.webex_now_ms.saturating_sub(OVERLAP_MS))
            }
            _ => None,
        };
        let filter = SubscriberFilter {
            sp_enterprise_id: Some(enterprise.into()),
            last_status_change: since.map(|s| s.to_string()),
            max: Some(100),
            ..SubscriberFilter::default()
        };
        let (recording, calls) = client.recording();
        let result = recording.subscribers(&filter).await;
        let sent = calls.take();
        let webex_now = sent
            .iter()
            .filter_map(|c| c.server_date)
            .max()
            .unwrap_or_else(SystemTime::now);
        let webex_now_ms = webex_now
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
            .as_millis() as u64;
        let outcome = match &result {
            Ok(list) => format!("ok: {} users read", list.len()),
            Err(e) => format!(
                "failed: {}",
                crate::explain::explain_error(
                    e,
                    &crate::explain::Context {
                        partner_admin_email: None
                    }
                )
                .code
            ),
        };
        if let Some(last) = sent.last() {
            let target = format!(
                "{enterprise}: {} ({} requests)",
                if since.is_some() {
                    "what changed"
                } else {
                    "every user"
                },
                sent.len()
            );
            self.with_store(|s| {
                s.append_call(&crate::store::CallRecord {
                    who: &who,
                    session_id: None,
                    wizard: None,
                    rule: None,
                    answers: None,
                    action: "board-refresh",
                    target: &target,
                    method: &last.method,
                    path: &last.path,
                    http_status: last.status.map(i64::from),
                    tracking_id: Some(&last.tracking_id),
                    result: &outcome,
                    job_id: None,
                })
            })?;
        }
        let subs = result.map_err(|e| {
            EngineError::Explained(crate::explain::explain_error(
                &e,
                &crate::explain::Context {
                    partner_admin_email: Some(&who),
                },
            ))
        })?;
        let before = self.with_store(|s| s.board_statuses(enterprise))?;
        // Webex filtered by enterprise; its answer is taken as it is.
        let rows: Vec<_> = subs.iter().map(super::board_row).collect();
        self.with_store(|s| {
            s.save_board(
                enterprise,
                &rows,
                since.is_none(),
                &RefreshRecord {
                    webex_now_ms,
                    changed_since_ms: since,
                    requests: sent.len() as u32,
                    refreshed_at: String::new(),
                    last_full_ms: match since {
                        None => Some(webex_now_ms),
                        Some(_) => previous.as_ref().and_then(|p| p.last_full_ms),
                    },
                },
            )
        })?;
        // What changed proves steps of the sessions that follow those users.
        for s in subs
            .iter()
            .filter(|s| before.get(&s.id).map(String::as_str) != Some(s.status.as_str()))
        {
            self.sessions().note_status(s)?;
        }
        self.board(enterprise)
    }
}
