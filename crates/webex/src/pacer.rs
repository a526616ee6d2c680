//! One rate limiter shared by every clone of a client: a `governor` quota, plus a pause
//! that a 429 or 423 answer sets for every caller at once (Retry-After always wins).

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};
use tokio::time::Instant;

/// Paces requests to one tenant.
pub(crate) struct Pacer {
    limiter: DefaultDirectRateLimiter,
    paused_until: Mutex<Option<Instant>>,
}

impl Pacer {
    pub(crate) fn new(requests_per_second: u32) -> Pacer {
        let rate = NonZeroU32::new(requests_per_second.max(1)).unwrap_or(NonZeroU32::MIN);
        Pacer {
            // Evenly spaced with a small burst (a thirtieth of a second's worth): enough
            // to make up for slots a busy worker picked up late, too small to send a
            // whole second's worth at once after a pause and earn the next 429.
            limiter: RateLimiter::direct(
                Quota::per_second(rate)
                    .allow_burst(NonZeroU32::new(rate.get() / 30).unwrap_or(NonZeroU32::MIN)),
            ),
            paused_until: Mutex::new(None),
        }
    }

    fn pause_deadline(&self) -> Option<Instant> {
        // A poisoned lock only means another caller panicked mid-update; the value is a
        // plain instant, still usable.
        let guard = self.paused_until.lock().unwrap_or_else(|p| p.into_inner());
        *guard
    }

    /// Waits for any pause to end, then for a slot in the quota.
    pub(crate) async fn ready(&self) {
        loop {
            if let Some(until) = self.pause_deadline() {
                if until > Instant::now() {
                    tokio::time::sleep_until(until).await;
                    continue;
                }
            }
            self.limiter.until_ready().await;
            // A pause set while we waited for the quota applies to us too.
            match self.pause_deadline() {
                Some(until) if until > Instant::now() => continue,
                _ => return,
            }
        }
    }

    /// Pauses every caller for `wait` (never shortens a longer pause already set).
    pub(crate) fn pause(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut guard = self.paused_until.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none_or(|current| current < until) {
            *guard = Some(until);
        }
    }
}

/// Reads a `Retry-After` value: delay seconds or an HTTP date. Clamped to `max`.
pub fn parse_retry_after(value: &str, now: SystemTime, max: Duration) -> Option<Duration> {
    let value = value.trim();
    let wait = if let Ok(seconds) = value.parse::<u64>() {
        Duration::from_secs(seconds)
    } else {
        let at = httpdate::parse_http_date(value).ok()?;
        at.duration_since(now).unwrap_or(Duration::ZERO)
    };
    Some(wait.min(max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates_and_is_clamped() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let max = Duration::from_secs(300);
        assert_eq!(
            parse_retry_after("3", now, max),
            Some(Duration::from_secs(3))
        );
        assert_eq!(parse_retry_after("86400", now, max), Some(max));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(
            parse_retry_after(&later, now, max),
            Some(Duration::from_secs(7))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(parse_retry_after(&past, now, max), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now, max), None);
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_back_every_caller_until_it_ends() {
        let pacer = std::sync::Arc::new(Pacer::new(1000));
        pacer.pause(Duration::from_secs(2));
        let start = Instant::now();
        let a = tokio::spawn({
            let p = pacer.clone();
            async move { p.ready().await }
        });
        let b = tokio::spawn({
            let p = pacer.clone();
            async move { p.ready().await }
        });
        a.await.unwrap();
        b.await.unwrap();
        assert!(Instant::now() - start >= Duration::from_secs(2));
    }
}
