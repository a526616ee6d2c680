//! Watching a job's users after they are sent: their Webex statuses polled a page at a
//! time per enterprise, until each is provisioned, in error or waiting on someone. The
//! first round reads every subscriber of the enterprise; later rounds ask only for
//! those whose status changed since the round before (`lastStatusChange`), so a round
//! where nothing moved costs one request an enterprise. Reads are summarised in the
//! audit log: one row a round.

use crate::bulk::journal::{ItemStatus, JobItem};
use crate::bulk::run::{is_settled, PauseCause, RunOptions};
use crate::{Bulk, EngineError};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// How far before the last read a round asks from, so a change Webex wrote a little
/// late is not missed.
const CHANGE_MARGIN_MS: u64 = 60_000;

impl Bulk<'_> {
    /// Polls the statuses of provisioned users, a page at a time per enterprise, until
    /// each is provisioned, in error or waiting on someone (or the watch times out).
    pub(crate) async fn watch(
        self,
        client: &webex::Client,
        job: &str,
        options: &RunOptions,
        stop: &AtomicBool,
        who: &str,
    ) -> Result<(), EngineError> {
        let started = Instant::now();
        // Webex's clock at each enterprise's last read (epoch ms), less a margin.
        let mut since: BTreeMap<String, u64> = BTreeMap::new();
        loop {
            let unsettled: Vec<JobItem> = self
                .items_with_status(job, &[ItemStatus::Done])?
                .into_iter()
                .filter(|i| !i.webex_status.as_deref().is_some_and(is_settled))
                .collect();
            if unsettled.is_empty() || started.elapsed() >= options.watch_timeout {
                return Ok(());
            }
            if self.stopped(job, stop) {
                return Ok(());
            }
            let mut by_enterprise: BTreeMap<String, Vec<&JobItem>> = BTreeMap::new();
            for i in &unsettled {
                by_enterprise
                    .entry(i.row.sp_enterprise_id.clone())
                    .or_default()
                    .push(i);
            }
            let (recording, calls) = client.recording();
            let asked = unsettled.len();
            for (enterprise, items) in by_enterprise {
                let subs = match recording
                    .subscribers(&webex::SubscriberFilter {
                        sp_enterprise_id: Some(enterprise.clone()),
                        last_status_change: since.get(&enterprise).map(u64::to_string),
                        max: Some(100),
                        ..webex::SubscriberFilter::default()
                    })
                    .await
                {
                    Ok(s) => {
                        if let Some(t) = calls.last_server_date() {
                            let ms = t
                                .duration_since(std::time::UNIX_EPOCH)
                                .map(|d| d.as_millis() as u64)
                                .unwrap_or(0);
                            since.insert(enterprise.clone(), ms.saturating_sub(CHANGE_MARGIN_MS));
                        }
                        s
                    }
                    Err(e) => {
                        if let Some(cause) = PauseCause::of(&e) {
                            self.pause_for(job, "while following statuses", cause)?;
                            stop.store(true, Ordering::SeqCst);
                            return Ok(());
                        }
                        tracing::info!(error = %e, "status poll failed; trying again later");
                        continue;
                    }
                };
                let by_user: BTreeMap<&str, &webex::model::Subscriber> =
                    subs.iter().map(|s| (s.user_id.as_str(), s)).collect();
                let updates: Vec<(u32, String, Option<String>)> = items
                    .iter()
                    .filter_map(|i| {
                        let s = by_user.get(i.row.user_id.as_str())?;
                        let error = s.error_codes().first().map(|c| c.to_string());
                        Some((i.seq, s.status.as_str().to_string(), error))
                    })
                    .collect();
                self.set_webex_status(job, &updates)?;
            }
            // Reads are summarised: one audit row per round of status checks.
            let sent = calls.take();
            if let Some(last) = sent.last() {
                let failed = sent.iter().filter(|c| !c.succeeded()).count();
                let result = if failed == 0 {
                    "ok".to_string()
                } else {
                    format!("failed: {failed} of {} requests", sent.len())
                };
                let target = format!("{asked} users ({} requests)", sent.len());
                self.append_job_call(job, who, "status-check", &target, last, &result)?;
            }
            tokio::time::sleep(options.watch_interval).await;
        }
    }
}
