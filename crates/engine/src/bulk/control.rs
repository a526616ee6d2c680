//! Steering a job from outside its run: pause, cancel (settling the users a crash left
//! in flight), retry failed only; and the audit rows of a job's calls.

use crate::bulk::journal::{ItemStatus, JobStatus};
use crate::bulk::lease::Lease;
use crate::bulk::run::PauseCause;
use crate::bulk::BulkError;
use crate::{Bulk, EngineError};

impl Bulk<'_> {
    /// Asks a running job to pause: no new user is started; those in flight finish.
    pub fn pause_job(&self, job: &str) -> Result<JobStatus, EngineError> {
        self.move_job_status(
            job,
            &[JobStatus::Running, JobStatus::Watching, JobStatus::Planned],
            JobStatus::Paused,
        )?;
        self.audit("bulk", "pause", &format!("Paused job {job}"), None)?;
        self.job_status(job)
    }

    /// Cancels a job: users not yet sent are skipped; the journal is kept. A user left
    /// in flight by a crash may already exist in Webex, so each is looked up first (with
    /// `client`) and recorded as sent or not; without a client such users refuse the
    /// cancel. While another runner holds the job, it is asked to stop and settles its
    /// own users.
    pub async fn cancel_job(
        self,
        client: Option<&webex::Client>,
        job: &str,
    ) -> Result<JobStatus, EngineError> {
        let status = self.job_status(job)?;
        if status.is_final() {
            return Ok(status);
        }
        if self.lease_holder(job)?.is_some() {
            // A live runner stops at its next user and settles what it sent.
            self.set_job_status(job, JobStatus::Cancelled)?;
            self.audit(
                "bulk",
                "cancel",
                &format!("Cancel of job {job} asked"),
                None,
            )?;
            return Ok(JobStatus::Cancelled);
        }
        let _lease = Lease::take(self, job)?;
        self.settle_and_cancel(client, job).await
    }

    pub(crate) async fn settle_and_cancel(
        self,
        client: Option<&webex::Client>,
        job: &str,
    ) -> Result<JobStatus, EngineError> {
        let unknown = self.items_with_status(job, &[ItemStatus::InFlight])?;
        if !unknown.is_empty() {
            let Some(client) = client else {
                return Err(EngineError::Bulk(BulkError::CancelNeedsSignIn {
                    id: job.into(),
                    count: unknown.len() as u32,
                }));
            };
            let who = self.bulk_actor().await;
            for item in &unknown {
                let (recording, calls) = client.recording();
                let found = recording
                    .find_subscriber(&item.row.sp_enterprise_id, &item.row.user_id)
                    .await;
                self.audit_job_calls(job, &who, "look-up", &item.row.user_id, &calls.take())?;
                match found {
                    Ok(Some(s)) => self.mark_done(job, item.seq, &s.id, s.status.as_str(), None)?,
                    Ok(None) => {
                        self.set_item_status(job, item.seq, ItemStatus::Skipped, Some("cancelled"))?
                    }
                    Err(e) => {
                        return Err(match PauseCause::of(&e) {
                            Some(cause) => cause.error(job),
                            None => e.into(),
                        })
                    }
                }
            }
        }
        self.set_job_status(job, JobStatus::Cancelled)?;
        self.with_store(|s| s.skip_unsent(job))?;
        self.audit("bulk", "cancel", &format!("Cancelled job {job}"), None)?;
        Ok(JobStatus::Cancelled)
    }

    /// Pauses a job whose Webex sign-in expired or was refused, or whose account Webex
    /// does not allow to do this (nobody is failed for it), with one audit line saying
    /// what the job was doing.
    pub(crate) fn pause_for(
        &self,
        job: &str,
        while_doing: &str,
        cause: PauseCause,
    ) -> Result<(), EngineError> {
        self.pause_with_reason(job, cause.reason())?;
        self.audit(
            "bulk",
            "pause",
            &format!("Job {job} paused {while_doing}: {}", cause.words()),
            None,
        )
    }

    /// One audit row for a call a job made, as the client reports it.
    pub(crate) fn append_job_call(
        &self,
        job: &str,
        who: &str,
        action: &str,
        target: &str,
        call: &webex::SentCall,
        result: &str,
    ) -> Result<(), EngineError> {
        self.with_store(|s| {
            s.append_call(&crate::store::CallRecord {
                who,
                session_id: None,
                wizard: None,
                rule: None,
                answers: None,
                action,
                target,
                method: &call.method,
                path: &call.path,
                http_status: call.status.map(i64::from),
                tracking_id: Some(&call.tracking_id),
                result,
                job_id: Some(job),
            })
        })
    }

    /// Who the audit log names for a job's calls: the signed-in person, or the token.
    pub(crate) async fn bulk_actor(self) -> String {
        self.connection_status()
            .await
            .email
            .unwrap_or_else(|| "token given to this run".into())
    }

    /// One audit row per call that changes something or checks a user (every method
    /// but GET), and per look-up made to settle an unknown user.
    pub(crate) fn audit_job_calls(
        &self,
        job: &str,
        who: &str,
        action: &str,
        user: &str,
        calls: &[webex::SentCall],
    ) -> Result<(), EngineError> {
        for call in calls {
            if call.method == "GET" && action != "look-up" {
                continue;
            }
            let result = crate::audit::call_outcome(call);
            self.append_job_call(job, who, action, user, call, &result)?;
        }
        Ok(())
    }

    /// "Retry failed only": failed users (and those held back by a failed first user)
    /// go back to pending, and the job can be resumed. Returns how many.
    pub fn retry_failed(&self, job: &str) -> Result<u32, EngineError> {
        self.job_status(job)?;
        let n = self.with_store(|s| s.requeue_failed(job))?;
        if n > 0 {
            self.set_job_status(job, JobStatus::Paused)?;
        }
        self.audit(
            "bulk",
            "retry-failed",
            &format!("Job {job}: {n} failed users to try again"),
            None,
        )?;
        Ok(n)
    }
}
