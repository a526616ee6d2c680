//! The customer's migration board: every subscriber Webex has for a BroadWorks
//! enterprise, marked where this app started them (a session or a bulk job), with
//! their status, how long they have been in it on Webex's clock, who must act next and
//! what to do; chasing the users who have not agreed to the move, retrying the failed
//! whose error says a retry can help, and a status report for the customer.

mod jobs;
mod refresh;
pub mod report;

pub use jobs::{BoardJobOutcome, BoardJobView, ChaseKind};

use crate::explain::{explain_status, Context, Explained};
use crate::{Board, EngineError};
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;
use webex::model::{Subscriber, SubscriberStatus};

/// A day in milliseconds: a user is not chased twice within one.
pub const DAY_MS: u64 = 86_400_000;

/// Who or what started a subscriber in this app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Origin {
    /// `session` (a wizard's action) or `job` (a bulk job).
    pub kind: String,
    pub id: String,
    /// The wizard's id or the bulk job's file name.
    pub label: String,
}

/// One subscriber on the board.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardEntry {
    pub subscriber_id: String,
    pub user_id: String,
    pub name: String,
    pub email: Option<String>,
    /// The wire status, e.g. `pending_user_migration`.
    pub status: String,
    /// The status in words: "waiting for the user to agree to the move".
    pub status_words: String,
    /// When Webex says the status last changed (RFC 3339).
    pub since: Option<String>,
    /// How long in this status, in days on Webex's clock.
    pub days_in_status: Option<f64>,
    /// Who must act next (an actor id: `partner_admin`, `end_user`, `customer_admin`,
    /// `webex`); none when done.
    pub waiting_on: Option<String>,
    /// What happens next and what to do, in words.
    pub next_step: String,
    /// The error and its next step, for users in `error`.
    pub problem: Option<Explained>,
    /// The session or bulk job of this app that started the user, if one did.
    pub started_by: Option<Origin>,
    /// When the consent email was last sent again by this app (RFC 3339).
    pub last_chased: Option<String>,
    /// Waiting for consent and not sent the email again within a day.
    pub can_chase: bool,
    /// In error with an error that a new try can get past.
    pub can_retry: bool,
}

/// How many users are in one state.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StateCount {
    pub status: String,
    pub words: String,
    pub count: u32,
}

/// How many users wait on one actor.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActorCount {
    pub actor: String,
    /// Worded for the partner: "You", "The user", "The customer's administrator".
    pub label: String,
    pub count: u32,
}

/// When the board was last read from Webex.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefreshView {
    /// Our clock (RFC 3339).
    pub at: String,
    /// Webex's clock then (RFC 3339): the ages are counted from it.
    pub webex_now: String,
    /// Requests the last refresh took.
    pub requests: u32,
    /// False when it asked only for what changed since the one before.
    pub full: bool,
}

/// A customer's board.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardView {
    pub sp_enterprise_id: String,
    /// None: never read from Webex yet.
    pub refreshed: Option<RefreshView>,
    pub total: u32,
    /// Users this app started (sessions and bulk jobs).
    pub started_here: u32,
    pub counts: Vec<StateCount>,
    pub waiting_on: Vec<ActorCount>,
    pub entries: Vec<BoardEntry>,
    /// Chase and retry jobs, newest first.
    pub jobs: Vec<BoardJobView>,
}

/// A board on the list of customers.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardSummary {
    pub sp_enterprise_id: String,
    pub total: u32,
    pub done: u32,
    pub waiting: u32,
    pub failed: u32,
    /// Our clock (RFC 3339); none when never read from Webex.
    pub refreshed_at: Option<String>,
}

/// A status in a board's words.
pub fn status_words(status: SubscriberStatus) -> &'static str {
    crate::evidence::status_words(status)
}

/// True when a subscriber's error says a new try can help: Webex error 2017 (the
/// customer had to approve the partner; once they have, provisioning again works —
/// the seeds' "retry provisioning").
pub fn retry_helps(s: &Subscriber) -> bool {
    s.status == SubscriberStatus::Error && s.error_codes().contains(&2017)
}

/// A subscriber as its board keeps it.
pub(crate) fn board_row(s: &Subscriber) -> crate::store::board::BoardRow {
    crate::store::board::BoardRow {
        subscriber_id: s.id.clone(),
        user_id: s.user_id.clone(),
        record: serde_json::to_string(s).unwrap_or_default(),
        status: s.status.as_str().to_string(),
        last_status_change_ms: s.last_status_change.as_deref().and_then(epoch_ms),
    }
}

/// Milliseconds since the epoch of an RFC 3339 time.
pub(crate) fn epoch_ms(t: &str) -> Option<u64> {
    let t = humantime::parse_rfc3339_weak(t).ok()?;
    Some(t.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis() as u64)
}

/// Days from `since` to `now`, where `now` comes from Webex's `Date` header and so has
/// whole seconds: compared at that resolution, or a user four days in a status would
/// read 3.99999 days ("3 days") and miss a "more than 4 days" chase.
fn days_between(since_ms: u64, now_ms: u64) -> f64 {
    now_ms.saturating_sub(since_ms - since_ms % 1000) as f64 / DAY_MS as f64
}

pub(crate) fn rfc3339_ms(ms: u64) -> String {
    humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms))
        .to_string()
}

fn actor_label(id: &str) -> String {
    decide::Actor::ALL
        .iter()
        .find(|a| a.id() == id)
        .map(|a| a.label_for(decide::Actor::PartnerAdmin).to_string())
        .unwrap_or_else(|| id.to_string())
}

impl Board<'_> {
    /// The boards there are: enterprises read before and those a bulk job sent users to.
    pub fn boards(&self) -> Result<Vec<BoardSummary>, EngineError> {
        let enterprises = self.with_store(|s| s.board_enterprises())?;
        let mut out = Vec::new();
        for e in enterprises {
            let view = self.board(&e)?;
            let count = |pred: &dyn Fn(&BoardEntry) -> bool| {
                view.entries.iter().filter(|x| pred(x)).count() as u32
            };
            out.push(BoardSummary {
                total: view.total,
                done: count(&|x| x.status == "provisioned"),
                failed: count(&|x| x.status == "error"),
                waiting: count(&|x| !matches!(x.status.as_str(), "provisioned" | "error")),
                refreshed_at: view.refreshed.map(|r| r.at),
                sp_enterprise_id: e,
            });
        }
        Ok(out)
    }

    /// A customer's board as last read from Webex (no request is sent).
    pub fn board(&self, enterprise: &str) -> Result<BoardView, EngineError> {
        let enterprise = enterprise.trim();
        let records = self.with_store(|s| s.board(enterprise))?;
        let refresh = self.with_store(|s| s.board_refresh(enterprise))?;
        let (sessions, jobs) = self.with_store(|s| s.board_origins(enterprise))?;
        let chases = self.with_store(|s| s.last_chases())?;
        let webex_now = refresh.as_ref().map(|r| r.webex_now_ms);
        let ctx = Context {
            partner_admin_email: None,
        };
        let mut entries = Vec::with_capacity(records.len());
        for record in records {
            let Ok(s) = serde_json::from_str::<Subscriber>(&record) else {
                continue; // a record this version cannot read is left out, not fatal
            };
            let explained = explain_status(&s, &ctx);
            let changed = s.last_status_change.as_deref().and_then(epoch_ms);
            let chased = chases.get(&s.id).copied();
            let started_by = sessions
                .get(&s.id)
                .map(|(id, wizard)| Origin {
                    kind: "session".into(),
                    id: id.clone(),
                    label: wizard.clone(),
                })
                .or_else(|| {
                    jobs.get(&s.user_id).map(|(id, file)| Origin {
                        kind: "job".into(),
                        id: id.clone(),
                        label: std::path::Path::new(file)
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_else(|| file.clone()),
                    })
                });
            entries.push(BoardEntry {
                name: crate::evidence::subscriber_label(&s),
                email: s.email.clone(),
                status: s.status.as_str().into(),
                status_words: status_words(s.status).into(),
                since: changed.map(rfc3339_ms),
                days_in_status: match (webex_now, changed) {
                    (Some(now), Some(c)) => Some(days_between(c, now)),
                    _ => None,
                },
                waiting_on: explained.waiting_on.clone(),
                next_step: match &explained.problem {
                    Some(p) => format!("{} {}", p.message, p.hint),
                    None => explained.text.clone(),
                },
                can_chase: s.status == SubscriberStatus::PendingUserMigration
                    && chased.is_none_or(|c| webex_now.unwrap_or(c) >= c + DAY_MS),
                can_retry: retry_helps(&s),
                last_chased: chased.map(rfc3339_ms),
                problem: explained.problem,
                started_by,
                subscriber_id: s.id,
                user_id: s.user_id,
            });
        }
        let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
        let mut actors: BTreeMap<String, u32> = BTreeMap::new();
        for e in &entries {
            *counts.entry(e.status.as_str()).or_default() += 1;
            if let Some(a) = &e.waiting_on {
                *actors.entry(a.clone()).or_default() += 1;
            }
        }
        Ok(BoardView {
            sp_enterprise_id: enterprise.into(),
            refreshed: refresh.map(|r| RefreshView {
                at: r.refreshed_at,
                webex_now: rfc3339_ms(r.webex_now_ms),
                requests: r.requests,
                full: r.changed_since_ms.is_none(),
            }),
            total: entries.len() as u32,
            started_here: entries.iter().filter(|e| e.started_by.is_some()).count() as u32,
            counts: SubscriberStatus::ALL
                .iter()
                .filter_map(|s| {
                    counts.get(s.as_str()).map(|n| StateCount {
                        status: s.as_str().into(),
                        words: status_words(*s).into(),
                        count: *n,
                    })
                })
                .collect(),
            waiting_on: actors
                .into_iter()
                .map(|(actor, count)| ActorCount {
                    label: actor_label(&actor),
                    actor,
                    count,
                })
                .collect(),
            entries,
            jobs: self.board_job_views(enterprise)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_days_on_a_whole_second_clock_read_as_four_days() {
        let since = 1_764_000_000_742; // a status change with milliseconds
        let now = since - 742 + 4 * DAY_MS; // Webex's Date, four days on, whole seconds
        assert_eq!(days_between(since, now), 4.0);
        assert_eq!(days_between(now + 5, now), 0.0, "a clock behind is no days");
    }
}
