//! Chasing and retrying, as journaled jobs: "send the consent email again" to users who
//! have waited for days, and "try the failed again" for users whose error a new try
//! can get past. Each item is written `sending` before its request and `sent` or
//! `failed` after, so a job killed midway resumes without sending twice: an email
//! whose answer was lost counts as sent (`unsure`) and is not sent again that day; a
//! retry whose answer was lost is looked up in Webex first. One runner at a time (the
//! bulk jobs' lease).

use super::{BoardEntry, DAY_MS};
use crate::bulk::lease::Lease;
use crate::bulk::run::PauseCause;
use crate::bulk::JobStatus;
use crate::explain::{explain_error, Context};
use crate::store::board::BoardJobItem;
use crate::{Board, EngineError};
use serde::{Deserialize, Serialize};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use ts_rs::TS;
use webex::model::{NewSubscriber, Package, Subscriber, SubscriberStatus};
use webex::{Client, SubscriberFilter, WebexError};

/// What a board job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ChaseKind {
    /// Send the consent email again (`POST /subscribers/{id}/emails/consentMove`).
    ChaseConsent,
    /// Remove the failed subscriber and provision it again with the same details.
    RetryFailed,
}

impl ChaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChaseKind::ChaseConsent => "chase-consent",
            ChaseKind::RetryFailed => "retry-failed",
        }
    }

    fn parse(s: &str) -> Option<ChaseKind> {
        [ChaseKind::ChaseConsent, ChaseKind::RetryFailed]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A chase or retry job and how far it got.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardJobView {
    pub id: String,
    pub kind: ChaseKind,
    /// `running`, `paused`, `completed` or `completed_with_problems`.
    pub status: String,
    pub total: u32,
    pub sent: u32,
    pub failed: u32,
    /// Not sent: chased within the last day, or no longer waiting.
    pub skipped: u32,
    /// The app stopped while sending: it may have gone (not sent again that day).
    pub unsure: u32,
    pub pending: u32,
    /// One line per user that did not simply go: who, and why.
    pub problems: Vec<String>,
}

/// What a finished (or paused) job did.
pub type BoardJobOutcome = BoardJobView;

fn ms_of(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as u64
}

fn view_of(id: &str, kind: ChaseKind, status: &str, items: &[BoardJobItem]) -> BoardJobView {
    let count = |s: &str| items.iter().filter(|i| i.state == s).count() as u32;
    BoardJobView {
        id: id.into(),
        kind,
        status: status.into(),
        total: items.len() as u32,
        sent: count("sent"),
        failed: count("failed"),
        skipped: count("skipped"),
        unsure: count("unsure"),
        pending: count("pending") + count("sending"),
        problems: items
            .iter()
            .filter(|i| matches!(i.state.as_str(), "failed" | "unsure" | "skipped"))
            .map(|i| format!("{}: {}", i.user_id, i.result.clone().unwrap_or_default()))
            .collect(),
    }
}

/// The details to provision a failed subscriber again with.
fn again(s: &Subscriber) -> Option<NewSubscriber> {
    Some(NewSubscriber {
        provisioning_id: s.provisioning_id.clone()?,
        user_id: s.user_id.clone(),
        sp_enterprise_id: s.sp_enterprise_id.clone(),
        first_name: s.first_name.clone().unwrap_or_default(),
        last_name: s.last_name.clone().unwrap_or_default(),
        package: s.package.unwrap_or(Package::Standard),
        primary_phone_number: s.primary_phone_number.clone(),
        mobile_phone_number: s.mobile_phone_number.clone(),
        extension: s.extension.clone(),
        email: s.email.clone(),
        language: None,
        timezone: None,
    })
}

impl Board<'_> {
    /// The users waiting for consent for at least `days` days whose email was not sent
    /// again within the last day, from the board as last read.
    pub fn chase_candidates(
        &self,
        enterprise: &str,
        days: f64,
    ) -> Result<Vec<BoardEntry>, EngineError> {
        Ok(self
            .board(enterprise)?
            .entries
            .into_iter()
            .filter(|e| e.can_chase && e.days_in_status.is_some_and(|d| d >= days))
            .collect())
    }

    /// The users in error whose error a new try can get past, from the board as last read.
    pub fn retry_candidates(&self, enterprise: &str) -> Result<Vec<BoardEntry>, EngineError> {
        Ok(self
            .board(enterprise)?
            .entries
            .into_iter()
            .filter(|e| e.can_retry)
            .collect())
    }

    /// Journals a chase or retry job for these users (those the person confirmed, by
    /// subscriber id; any that no longer qualify are left out) and runs it.
    pub async fn start_job(
        self,
        enterprise: &str,
        kind: ChaseKind,
        subscriber_ids: &[String],
    ) -> Result<BoardJobView, EngineError> {
        let enterprise = enterprise.trim();
        let board = self.board(enterprise)?;
        let records = self.with_store(|s| s.board(enterprise))?;
        let subs: Vec<Subscriber> = records
            .iter()
            .filter_map(|r| serde_json::from_str(r).ok())
            .collect();
        let items: Vec<(String, String, String)> = board
            .entries
            .iter()
            .filter(|e| subscriber_ids.contains(&e.subscriber_id))
            .filter(|e| match kind {
                ChaseKind::ChaseConsent => e.can_chase,
                ChaseKind::RetryFailed => e.can_retry,
            })
            .filter_map(|e| {
                let detail = match kind {
                    ChaseKind::ChaseConsent => String::new(),
                    ChaseKind::RetryFailed => {
                        let s = subs.iter().find(|s| s.id == e.subscriber_id)?;
                        serde_json::to_string(&again(s)?).ok()?
                    }
                };
                Some((e.subscriber_id.clone(), e.user_id.clone(), detail))
            })
            .collect();
        let id = uuid::Uuid::new_v4().to_string();
        let base_url = self
            .client()
            .await
            .map(|c| c.base_url().to_string())
            .ok_or(EngineError::NotSignedIn)?;
        self.with_store(|s| s.insert_board_job(&id, kind.as_str(), enterprise, &base_url, &items))?;
        self.audit(
            "board",
            kind.as_str(),
            &format!("Job {id} for {enterprise}: {} users", items.len()),
            None,
        )?;
        self.resume_job(&id).await
    }

    /// The chase and retry jobs of an enterprise, newest first.
    pub fn board_job_views(&self, enterprise: &str) -> Result<Vec<BoardJobView>, EngineError> {
        let jobs = self.with_store(|s| s.board_jobs(enterprise))?;
        let mut out = Vec::new();
        for (id, kind, status) in jobs {
            let Some(kind) = ChaseKind::parse(&kind) else {
                continue;
            };
            let items = self.with_store(|s| s.board_job_items(&id))?;
            out.push(view_of(&id, kind, &status, &items));
        }
        Ok(out)
    }

    /// Runs a chase or retry job to its end (or until the sign-in must be renewed):
    /// items not yet done are done; one whose answer was lost is settled first.
    pub async fn resume_job(self, job: &str) -> Result<BoardJobView, EngineError> {
        let (kind, enterprise, _) = self.with_store(|s| s.board_job(job))?.ok_or_else(|| {
            EngineError::Bulk(crate::bulk::BulkError::UnknownJob { id: job.into() })
        })?;
        let kind = ChaseKind::parse(&kind).ok_or_else(|| {
            EngineError::Bulk(crate::bulk::BulkError::UnknownJob { id: job.into() })
        })?;
        let lease = Lease::take(self.bulk(), job)?;
        let client = self.signed_in_client().await?;
        let who = self.bulk().bulk_actor().await;
        self.with_store(|s| s.set_job_status(job, JobStatus::Running))?;
        let items = self.with_store(|s| s.board_job_items(job))?;
        let mut chased = self.with_store(|s| s.last_chases())?;
        for item in items
            .iter()
            .filter(|i| matches!(i.state.as_str(), "pending" | "sending"))
        {
            lease.keep()?;
            let (recording, calls) = client.recording();
            let step = match kind {
                ChaseKind::ChaseConsent => {
                    self.chase_one(&recording, (job, &enterprise), item, &mut chased)
                        .await
                }
                ChaseKind::RetryFailed => self.retry_one(&recording, job, item).await,
            };
            let sent = calls.take();
            let action = match kind {
                ChaseKind::ChaseConsent => "resend-consent-email",
                ChaseKind::RetryFailed => "retry-provisioning",
            };
            for call in &sent {
                let outcome = crate::audit::call_outcome(call);
                self.bulk()
                    .append_job_call(job, &who, action, &item.user_id, call, &outcome)?;
            }
            if let Some(cause) = step.as_ref().err().and_then(PauseCause::of) {
                self.with_store(|s| s.set_board_item(job, item.seq, ("pending", None), None))?;
                self.bulk().pause_for(job, "while chasing users", cause)?;
                drop(lease);
                return self.job_view(job);
            }
            if let Err(e) = step {
                let explained = explain_error(
                    &e,
                    &Context {
                        partner_admin_email: None,
                    },
                );
                let words = format!("{} {}", explained.message, explained.hint);
                self.with_store(|s| {
                    s.set_board_item(job, item.seq, ("failed", Some(&words)), None)
                })?;
            }
        }
        let items = self.with_store(|s| s.board_job_items(job))?;
        let status = if items.iter().all(|i| i.state == "sent") {
            JobStatus::Completed
        } else {
            JobStatus::CompletedWithProblems
        };
        self.with_store(|s| s.set_job_status(job, status))?;
        drop(lease);
        self.job_view(job)
    }

    fn job_view(&self, job: &str) -> Result<BoardJobView, EngineError> {
        let (kind, _, status) = self.with_store(|s| s.board_job(job))?.ok_or_else(|| {
            EngineError::Bulk(crate::bulk::BulkError::UnknownJob { id: job.into() })
        })?;
        let kind = ChaseKind::parse(&kind).unwrap_or(ChaseKind::ChaseConsent);
        let items = self.with_store(|s| s.board_job_items(job))?;
        Ok(view_of(job, kind, &status, &items))
    }

    /// One consent email again, unless one went (or may have gone) within the day.
    async fn chase_one(
        &self,
        client: &Client,
        (job, enterprise): (&str, &str),
        item: &BoardJobItem,
        chased: &mut std::collections::BTreeMap<String, u64>,
    ) -> Result<(), WebexError> {
        let store = |state: &str, result: &str, chase: Option<u64>| {
            let sub = item.subscriber_id.clone();
            self.with_store(|s| {
                s.set_board_item(
                    job,
                    item.seq,
                    (state, Some(result)),
                    chase.map(|at| (sub.as_str(), at)),
                )
            })
        };
        let fail = |e: EngineError| WebexError::Decode(e.to_string());
        let webex_now = self.webex_now(enterprise);
        if item.state == "sending" {
            chased.insert(item.subscriber_id.clone(), webex_now);
            return store(
                "unsure",
                "The app stopped while sending: the email may have gone, so it is not sent again today.",
                Some(webex_now),
            )
            .map_err(fail);
        }
        if chased
            .get(&item.subscriber_id)
            .is_some_and(|at| webex_now < at + DAY_MS)
        {
            return store(
                "skipped",
                "The email was sent again within the last day.",
                None,
            )
            .map_err(fail);
        }
        store("sending", "", None).map_err(fail)?;
        let answer = client.resend_consent_move_email(&item.subscriber_id).await;
        let at = self.webex_now(enterprise);
        match answer {
            Ok(_) => {
                chased.insert(item.subscriber_id.clone(), at);
                store("sent", "Webex sent the email again.", Some(at)).map_err(fail)
            }
            Err(e) => Err(e),
        }
    }

    /// Webex's clock now: as the board last read it, moved on by our clock since
    /// then (our clock alone when the board was never read).
    fn webex_now(&self, enterprise: &str) -> u64 {
        let now = ms_of(SystemTime::now());
        match self.with_store(|s| s.board_refresh(enterprise)) {
            Ok(Some(r)) => {
                let ours_then = super::epoch_ms(&r.refreshed_at).unwrap_or(now);
                r.webex_now_ms + now.saturating_sub(ours_then)
            }
            _ => now,
        }
    }

    /// Puts a subscriber this app just provisioned on its enterprise's board.
    pub(crate) fn board_seen(&self, s: &Subscriber) -> Result<(), EngineError> {
        self.with_store(|st| st.add_board_subscriber(&s.sp_enterprise_id, &super::board_row(s)))
    }

    /// Removes the failed subscriber and provisions it again with the same details;
    /// after a lost answer, looks the user up first.
    async fn retry_one(
        &self,
        client: &Client,
        job: &str,
        item: &BoardJobItem,
    ) -> Result<(), WebexError> {
        let fail = |e: EngineError| WebexError::Decode(e.to_string());
        let new: NewSubscriber = serde_json::from_str(&item.detail)
            .map_err(|e| WebexError::Decode(format!("the journal of this retry: {e}")))?;
        let mut old = Some(item.subscriber_id.clone());
        if item.state == "sending" {
            let found = client
                .subscribers(&SubscriberFilter {
                    sp_enterprise_id: Some(new.sp_enterprise_id.clone()),
                    user_id: Some(new.user_id.clone()),
                    max: Some(10),
                    ..SubscriberFilter::default()
                })
                .await?;
            match found.iter().find(|s| s.user_id == new.user_id) {
                Some(s) if s.status != SubscriberStatus::Error => {
                    let words = "Webex has the user again (found after the app stopped).";
                    return self
                        .with_store(|st| {
                            st.set_board_item(job, item.seq, ("sent", Some(words)), None)
                        })
                        .map_err(fail);
                }
                Some(s) => old = Some(s.id.clone()),
                None => old = None,
            }
        }
        self.with_store(|s| s.set_board_item(job, item.seq, ("sending", None), None))
            .map_err(fail)?;
        if let Some(old) = old {
            match client.remove_subscriber(&old).await {
                Ok(_) => {}
                Err(e) if e.status() == Some(404) => {}
                Err(e) => return Err(e),
            }
            self.with_store(|st| st.forget_board_subscriber(&old))
                .map_err(fail)?;
        }
        let provisioned = client.provision_subscriber_idempotent(&new).await?;
        let s = provisioned.subscriber();
        self.board_seen(s).map_err(fail)?;
        // The sessions that followed the failed user follow the new one.
        self.with_store(|st| {
            for session in st.sessions_of_subscriber(&item.subscriber_id)? {
                st.replace_session_subscriber(&session, &item.subscriber_id, &s.id)?;
            }
            Ok(())
        })
        .map_err(fail)?;
        let words = format!(
            "Sent again: Webex now reports the user {}.",
            crate::evidence::status_words(s.status)
        );
        self.sessions().note_status(s).map_err(fail)?;
        self.with_store(|st| st.set_board_item(job, item.seq, ("sent", Some(&words)), None))
            .map_err(fail)
    }
}
