//! The run of a bulk move: bounded concurrency under the client's one shared rate
//! limiter, each item journalled `in_flight` before its request, lost answers looked up
//! before anything is sent again; then the statuses are watched until every user is
//! provisioned, in error, or waiting on someone. Pause, resume, cancel, retry failed only.

use crate::bulk::journal::BLOCKER_ALREADY_PROVISIONED;
use crate::bulk::journal::{ItemCounts, ItemStatus, JobItem, JobStatus, JobSummary};
use crate::bulk::lease::Lease;
use crate::bulk::plan::error_code;
use crate::bulk::BulkError;
use crate::{Bulk, EngineError};
use futures_util::StreamExt;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use ts_rs::TS;
use webex::model::{NewSubscriber, SubscriberStatus};

/// How a run paces itself and how long it watches.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Requests in flight at once; all share the client's one rate limiter.
    pub concurrency: usize,
    /// Rounds of "try the retryable failures again" within one run.
    pub retry_rounds: u32,
    /// Smallest wait before such a round (jittered, doubling).
    pub retry_backoff: Duration,
    /// Time between two status polls.
    pub watch_interval: Duration,
    /// Stop watching after this long; the report says who is still provisioning.
    pub watch_timeout: Duration,
    /// Time between two progress updates.
    pub progress_interval: Duration,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            concurrency: 8,
            retry_rounds: 3,
            retry_backoff: Duration::from_secs(2),
            watch_interval: Duration::from_secs(5),
            watch_timeout: Duration::from_secs(600),
            progress_interval: Duration::from_millis(250),
        }
    }
}

/// Users by their Webex status, once provisioned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WebexCounts {
    pub provisioned: u32,
    pub still_provisioning: u32,
    /// Waiting on the user: email to enter or to confirm, consent to give.
    pub waiting_for_user: u32,
    pub error: u32,
}

/// A job's progress, read from the journal (so it survives restarts).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobProgress {
    pub job_id: String,
    pub status: JobStatus,
    pub status_label: String,
    pub total: u32,
    pub counts: ItemCounts,
    pub webex: WebexCounts,
    /// Users finished a second, over the last ten seconds.
    pub rate_per_sec: f64,
    /// Seconds until every user is sent, at that rate.
    pub seconds_left: Option<u32>,
    /// One sentence for a screen reader's polite live region.
    pub message: String,
}

/// Webex statuses after which a user no longer changes without someone acting.
pub fn is_settled(status: &str) -> bool {
    !matches!(
        SubscriberStatus::parse(status),
        Some(SubscriberStatus::Provisioning) | Some(SubscriberStatus::Updating) | None
    )
}

fn is_waiting_for_user(status: &str) -> bool {
    matches!(
        SubscriberStatus::parse(status),
        Some(SubscriberStatus::PendingEmailInput)
            | Some(SubscriberStatus::PendingEmailValidation)
            | Some(SubscriberStatus::PendingUserMigration)
    )
}

/// The pause reason of a job whose sign-in expired or was refused.
pub const SIGN_IN_EXPIRED: &str = crate::ErrorCode::SignInExpired.as_str();
/// The pause reason of a job Webex does not allow the signed-in account to run (403).
pub const NOT_ALLOWED: &str = crate::ErrorCode::NotAllowed.as_str();

/// Why a job pauses instead of failing its users: an answer every user would get alike,
/// which a new sign-in mends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PauseCause {
    /// Webex refused the sign-in (401) or it could not be renewed.
    SignIn,
    /// Webex answered 403: the signed-in account may not do this (not a partner
    /// administrator, or without the BroadWorks rights).
    NotAllowed,
}

impl PauseCause {
    pub(crate) fn of(e: &webex::WebexError) -> Option<PauseCause> {
        match e {
            webex::WebexError::Api { status: 401, .. } | webex::WebexError::SignInExpired(_) => {
                Some(PauseCause::SignIn)
            }
            webex::WebexError::Api { status: 403, .. } => Some(PauseCause::NotAllowed),
            _ => None,
        }
    }

    /// The job's pause reason, as stored and shown.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            PauseCause::SignIn => SIGN_IN_EXPIRED,
            PauseCause::NotAllowed => NOT_ALLOWED,
        }
    }

    /// What the audit line says after "paused while …: ".
    pub(crate) fn words(self) -> &'static str {
        match self {
            PauseCause::SignIn => "the Webex sign-in expired or was refused. Sign in again, then resume.",
            PauseCause::NotAllowed => "Webex does not allow the signed-in account to do this. Sign in as a partner administrator with the BroadWorks rights, then resume.",
        }
    }

    /// The error the job's run ends with.
    pub(crate) fn error(self, job: &str) -> EngineError {
        let id = job.to_string();
        EngineError::Bulk(match self {
            PauseCause::SignIn => BulkError::SignInExpired { id },
            PauseCause::NotAllowed => BulkError::NotAllowed { id },
        })
    }
}

fn new_subscriber(item: &JobItem) -> Result<NewSubscriber, String> {
    let row = &item.row;
    let package = serde_json::from_value(serde_json::Value::String(row.package.clone()))
        .map_err(|_| format!("'{}' is not a package", row.package))?;
    Ok(NewSubscriber {
        provisioning_id: row
            .provisioning_id
            .clone()
            .ok_or("no provisioning id for this enterprise")?,
        user_id: row.user_id.clone(),
        sp_enterprise_id: row.sp_enterprise_id.clone(),
        first_name: row.first_name.clone(),
        last_name: row.last_name.clone(),
        package,
        primary_phone_number: row.primary_phone_number.clone(),
        mobile_phone_number: None,
        extension: row.extension.clone(),
        email: row.email.clone(),
        language: row.language.clone(),
        timezone: row.timezone.clone(),
    })
}

impl Bulk<'_> {
    /// The progress of a job, from the journal.
    pub fn job_progress(&self, job: &str) -> Result<JobProgress, EngineError> {
        let status = self.job_status(job)?;
        let counts = self.job_counts(job)?;
        let mut webex = WebexCounts::default();
        for (st, n) in self.with_store(|s| s.webex_status_counts(job))? {
            match st.as_deref() {
                Some("provisioned") => webex.provisioned += n,
                Some("error") => webex.error += n,
                Some(s) if is_waiting_for_user(s) => webex.waiting_for_user += n,
                _ => webex.still_provisioning += n,
            }
        }
        let recent = self.with_store(|s| s.items_finished_since(job, 10))?;
        let rate_per_sec = f64::from(recent) / 10.0;
        let left = counts.pending + counts.in_flight + counts.failed_retryable;
        let running = matches!(status, JobStatus::Running);
        let seconds_left =
            (running && rate_per_sec > 0.0).then(|| (f64::from(left) / rate_per_sec).ceil() as u32);
        let total = counts.total();
        let mut message = format!(
            "{}: {} of {} users sent, {} failed.",
            status.label(),
            counts.done,
            total,
            counts.failed + counts.failed_retryable
        );
        if let Some(s) = seconds_left {
            if s >= 60 {
                message.push_str(&format!(" About {} minutes left.", s.div_ceil(60)));
            } else {
                message.push_str(&format!(" About {s} seconds left."));
            }
        }
        if matches!(status, JobStatus::Watching) {
            message.push_str(&format!(
                " {} still being set up by Webex.",
                webex.still_provisioning
            ));
        }
        Ok(JobProgress {
            job_id: job.into(),
            status_label: status.label().into(),
            status,
            total,
            counts,
            webex,
            rate_per_sec,
            seconds_left,
            message,
        })
    }

    /// Runs (or resumes) a planned job to its end, pause or cancel. The person must have
    /// confirmed the plan. `on_progress` is called a few times a second.
    pub async fn run_job(
        self,
        client: &webex::Client,
        job: &str,
        options: &RunOptions,
        on_progress: &(dyn Fn(&JobProgress) + Sync),
    ) -> Result<JobSummary, EngineError> {
        let status = self.job_status(job)?;
        match status {
            JobStatus::Planning => {
                return Err(EngineError::Bulk(BulkError::NotPlanned { id: job.into() }))
            }
            s if s.is_final() => {
                return Err(EngineError::Bulk(BulkError::Finished {
                    id: job.into(),
                    status: s.label().into(),
                }))
            }
            _ => {}
        }
        let lease = Lease::take(self, job)?;
        self.run_under_lease(client, job, options, on_progress, &lease)
            .await
    }

    async fn run_under_lease(
        &self,
        client: &webex::Client,
        job: &str,
        options: &RunOptions,
        on_progress: &(dyn Fn(&JobProgress) + Sync),
        lease: &Lease<'_>,
    ) -> Result<JobSummary, EngineError> {
        // A cancel asked while this runner took the lease wins.
        if self.job_status(job)? == JobStatus::Cancelled {
            return self.job_summary(job);
        }
        self.set_job_status(job, JobStatus::Running)?;
        self.audit("bulk", "run", &format!("Running job {job}"), None)?;

        let stop = AtomicBool::new(false);
        let finished = AtomicBool::new(false);
        let work = async {
            let result = self.run_items(client, job, options, &stop, lease).await;
            finished.store(true, Ordering::SeqCst);
            result
        };
        let ticker = async {
            while !finished.load(Ordering::SeqCst) {
                tokio::time::sleep(options.progress_interval).await;
                if let Err(e) = lease.keep() {
                    tracing::warn!(error = %e, "another runner took the job over; stopping");
                    stop.store(true, Ordering::SeqCst);
                }
                if let Ok(p) = self.job_progress(job) {
                    if matches!(p.status, JobStatus::Paused | JobStatus::Cancelled) {
                        stop.store(true, Ordering::SeqCst);
                    }
                    if !finished.load(Ordering::SeqCst) {
                        on_progress(&p);
                    }
                }
            }
        };
        let (result, ()) = tokio::join!(work, ticker);
        result?;
        if let Ok(p) = self.job_progress(job) {
            on_progress(&p);
        }
        self.job_summary(job)
    }

    pub(crate) fn stopped(&self, job: &str, stop: &AtomicBool) -> bool {
        if stop.load(Ordering::SeqCst) {
            return true;
        }
        let now = self
            .job_status(job)
            .map(|s| matches!(s, JobStatus::Paused | JobStatus::Cancelled))
            .unwrap_or(false);
        if now {
            stop.store(true, Ordering::SeqCst);
        }
        now
    }

    async fn run_items(
        &self,
        client: &webex::Client,
        job: &str,
        options: &RunOptions,
        stop: &AtomicBool,
        lease: &Lease<'_>,
    ) -> Result<(), EngineError> {
        let who = self.bulk_actor().await;
        let who = who.as_str();
        let runnable = [
            ItemStatus::Pending,
            ItemStatus::InFlight,
            ItemStatus::FailedRetryable,
        ];
        // First users of enterprises without an org: one at a time, before the rest,
        // because their email decides which org the enterprise gets.
        let firsts: Vec<JobItem> = self
            .items_with_status(job, &runnable)?
            .into_iter()
            .filter(|i| i.first_in_enterprise)
            .collect();
        for item in firsts {
            if self.stopped(job, stop) {
                break;
            }
            let mut status = self.provision_item(client, job, &item, who, stop).await?;
            let mut round = 0;
            while status == ItemStatus::FailedRetryable
                && round < options.retry_rounds
                && !self.stopped(job, stop)
            {
                round += 1;
                tokio::time::sleep(jittered(options.retry_backoff, round)).await;
                let fresh = self.reload_item(job, item.seq)?;
                status = self.provision_item(client, job, &fresh, who, stop).await?;
            }
        }

        for round in 0..=options.retry_rounds {
            if self.stopped(job, stop) {
                break;
            }
            if round > 0 {
                tokio::time::sleep(jittered(options.retry_backoff, round)).await;
            }
            let items = self.items_with_status(job, &runnable)?;
            if items.is_empty() {
                break;
            }
            // Users whose enterprise's first user is not done wait.
            let all = self.job_items(job)?;
            let waiting_enterprises: HashSet<String> = all
                .iter()
                .filter(|i| i.first_in_enterprise && i.status != ItemStatus::Done)
                .map(|i| i.row.sp_enterprise_id.clone())
                .collect();
            let (held, go): (Vec<JobItem>, Vec<JobItem>) = items.into_iter().partition(|i| {
                !i.first_in_enterprise && waiting_enterprises.contains(&i.row.sp_enterprise_id)
            });
            for i in held {
                if i.status == ItemStatus::Pending {
                    self.set_item_status(
                        job,
                        i.seq,
                        ItemStatus::Skipped,
                        Some("first_user_failed"),
                    )?;
                }
            }
            let go: Vec<JobItem> = go.into_iter().filter(|i| !i.first_in_enterprise).collect();
            let errors: Vec<EngineError> = futures_util::stream::iter(go)
                .map(|item| async move {
                    if self.stopped(job, stop) {
                        return Ok(());
                    }
                    lease.keep()?;
                    self.provision_item(client, job, &item, who, stop)
                        .await
                        .map(|_| ())
                })
                .buffer_unordered(options.concurrency.max(1))
                .filter_map(|r| async move { r.err() })
                .collect()
                .await;
            if let Some(e) = errors.into_iter().next() {
                return Err(e);
            }
            if self
                .items_with_status(job, &[ItemStatus::FailedRetryable])?
                .is_empty()
            {
                break;
            }
        }

        if self.stopped(job, stop) {
            if self.job_status(job)? == JobStatus::Cancelled {
                self.settle_and_cancel(Some(client), job).await?;
            }
            return Ok(());
        }

        self.set_job_status(job, JobStatus::Watching)?;
        self.watch(client, job, options, stop, who).await?;
        if self.stopped(job, stop) {
            if self.job_status(job)? == JobStatus::Cancelled {
                self.settle_and_cancel(Some(client), job).await?;
            }
            return Ok(());
        }
        let counts = self.job_counts(job)?;
        let items = self.job_items(job)?;
        let clean = counts.failed == 0
            && counts.failed_retryable == 0
            && counts.pending == 0
            && counts.in_flight == 0
            && items.iter().all(|i| {
                i.blocker.is_none() || i.blocker.as_deref() == Some(BLOCKER_ALREADY_PROVISIONED)
            })
            && items.iter().all(|i| {
                i.status != ItemStatus::Done
                    || i.webex_status
                        .as_deref()
                        .is_some_and(|s| is_settled(s) && s != "error")
            });
        let end = if clean {
            JobStatus::Completed
        } else {
            JobStatus::CompletedWithProblems
        };
        self.set_job_status(job, end)?;
        self.audit(
            "bulk",
            "finish",
            &format!(
                "Job {job}: {} — {} done, {} failed, {} skipped",
                end.label(),
                counts.done,
                counts.failed + counts.failed_retryable,
                counts.skipped
            ),
            None,
        )?;
        Ok(())
    }

    fn reload_item(&self, job: &str, seq: u32) -> Result<JobItem, EngineError> {
        self.job_items(job)?
            .into_iter()
            .find(|i| i.seq == seq)
            .ok_or_else(|| EngineError::Bulk(BulkError::UnknownJob { id: job.into() }))
    }

    /// Provisions one user: in_flight is committed first; a user tried before (whose
    /// answer may be lost, e.g. after a kill) is looked up before anything is sent. A
    /// refused sign-in pauses the job and puts the user back, unfailed.
    async fn provision_item(
        &self,
        client: &webex::Client,
        job: &str,
        item: &JobItem,
        who: &str,
        stop: &AtomicBool,
    ) -> Result<ItemStatus, EngineError> {
        if !self.mark_in_flight(job, item.seq)? {
            // Another runner (or an earlier round) finished this user.
            return Ok(self.reload_item(job, item.seq)?.status);
        }
        let (client, calls) = client.recording();
        let user = item.row.user_id.as_str();
        let signed_out = |e: &webex::WebexError| -> Result<Option<ItemStatus>, EngineError> {
            let Some(cause) = PauseCause::of(e) else {
                return Ok(None);
            };
            // Not the user's fault: back to pending (looked up first next time). The
            // first worker to see it pauses the job; the others stop with it.
            self.set_item_status(job, item.seq, ItemStatus::Pending, None)?;
            if !stop.swap(true, Ordering::SeqCst) {
                self.pause_for(job, "while sending", cause)?;
            }
            Ok(Some(ItemStatus::Pending))
        };
        let fail = |e: &webex::WebexError| -> Result<ItemStatus, EngineError> {
            if let Some(s) = signed_out(e)? {
                return Ok(s);
            }
            let retryable = e.answer_may_be_lost() || matches!(e.status(), Some(429 | 423));
            let status = if retryable {
                ItemStatus::FailedRetryable
            } else {
                ItemStatus::Failed
            };
            self.mark_failed(
                job,
                item.seq,
                status,
                &error_code(e),
                &e.to_string(),
                e.tracking_id(),
            )?;
            Ok(status)
        };
        if item.attempts > 0 || item.status == ItemStatus::InFlight {
            let found = client
                .find_subscriber(&item.row.sp_enterprise_id, user)
                .await;
            self.audit_job_calls(job, who, "look-up", user, &calls.take())?;
            match found {
                Ok(Some(found)) => {
                    self.mark_done(job, item.seq, &found.id, found.status.as_str(), None)?;
                    return Ok(ItemStatus::Done);
                }
                Ok(None) => {}
                Err(e) => return fail(&e),
            }
        }
        let new = match new_subscriber(item) {
            Ok(n) => n,
            Err(text) => {
                self.mark_failed(job, item.seq, ItemStatus::Failed, "bad_row", &text, None)?;
                return Ok(ItemStatus::Failed);
            }
        };
        let result = client.provision_subscriber_idempotent(&new).await;
        let sent = calls.take();
        self.audit_job_calls(job, who, "provision", user, &sent)?;
        match result {
            Ok(done) => {
                let s = done.subscriber();
                let tracking = sent
                    .iter()
                    .rev()
                    .find(|c| c.method == "POST")
                    .map(|c| c.tracking_id.as_str());
                self.mark_done(job, item.seq, &s.id, s.status.as_str(), tracking)?;
                Ok(ItemStatus::Done)
            }
            Err(e) => fail(&e),
        }
    }
}

fn jittered(base: Duration, round: u32) -> Duration {
    let max = base.saturating_mul(1u32 << round.min(6));
    let ms = max.as_millis() as u64;
    Duration::from_millis(ms / 2 + fastrand::u64(0..=ms / 2))
}
