//! Fault injection for `/v1`: a rate limit answered with 429 + Retry-After, server
//! errors given before a request has any effect, answers lost after it took effect,
//! added latency, and token expiry.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The faults in force. Set at start or through `PUT /sim/faults`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Faults {
    /// At most this many `/v1` requests a second; the rest get 429 with Retry-After.
    pub rate_limit_per_sec: Option<u32>,
    /// Share (0..=1) of requests answered 500, 502 or 503 before they have any effect.
    pub server_error_share: f64,
    /// Share (0..=1) of requests whose connection is dropped after they took effect.
    pub drop_after_effect_share: f64,
    /// Added to every `/v1` answer.
    pub latency_ms: u64,
    /// Tokens older than this (in sim time) are refused with 401.
    pub token_ttl_secs: Option<u64>,
}

impl Faults {
    /// Reads a spec such as `rate=20,5xx=0.1,drop=0.05,latency=100,token-ttl=3600`.
    pub fn parse_spec(spec: &str) -> Result<Faults, crate::SimError> {
        let mut f = Faults::default();
        let bad = |item: &str| {
            crate::SimError::Faults(format!(
                "'{item}' is not one of rate=N, 5xx=SHARE, drop=SHARE, latency=MS, token-ttl=SECONDS"
            ))
        };
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (key, value) = item.split_once('=').ok_or_else(|| bad(item))?;
            let value = value.trim();
            match key.trim() {
                "rate" => f.rate_limit_per_sec = Some(value.parse().map_err(|_| bad(item))?),
                "5xx" => f.server_error_share = share(value).ok_or_else(|| bad(item))?,
                "drop" => f.drop_after_effect_share = share(value).ok_or_else(|| bad(item))?,
                "latency" => f.latency_ms = value.parse().map_err(|_| bad(item))?,
                "token-ttl" => f.token_ttl_secs = Some(value.parse().map_err(|_| bad(item))?),
                _ => return Err(bad(item)),
            }
        }
        Ok(f)
    }
}

fn share(v: &str) -> Option<f64> {
    v.parse::<f64>().ok().filter(|s| (0.0..=1.0).contains(s))
}

/// What the faults did, for tests and trainers (`GET /sim/stats`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultStats {
    pub requests: u64,
    pub rate_limited: u64,
    pub server_errors: u64,
    /// Dropped answers by `METHOD /path`.
    pub dropped: BTreeMap<String, u64>,
}

/// What to do with one request.
pub(crate) enum Verdict {
    Pass { drop_after: bool },
    RateLimited { retry_after_secs: u64 },
    ServerError(u16),
}

pub(crate) struct FaultState {
    pub faults: Faults,
    pub stats: FaultStats,
    window_start: Instant,
    window_count: u32,
}

impl FaultState {
    pub fn new(faults: Faults) -> FaultState {
        FaultState {
            faults,
            stats: FaultStats::default(),
            window_start: Instant::now(),
            window_count: 0,
        }
    }

    /// Decides a request's fate; counts it.
    pub fn judge(&mut self, route: &str) -> Verdict {
        self.stats.requests += 1;
        if let Some(limit) = self.faults.rate_limit_per_sec {
            let now = Instant::now();
            if now.duration_since(self.window_start) >= Duration::from_secs(1) {
                self.window_start = now;
                self.window_count = 0;
            }
            if self.window_count >= limit {
                self.stats.rate_limited += 1;
                let left =
                    Duration::from_secs(1).saturating_sub(now.duration_since(self.window_start));
                return Verdict::RateLimited {
                    retry_after_secs: left.as_secs_f64().ceil().max(1.0) as u64,
                };
            }
            self.window_count += 1;
        }
        if self.faults.server_error_share > 0.0 && fastrand::f64() < self.faults.server_error_share
        {
            self.stats.server_errors += 1;
            let status = [500, 502, 503][fastrand::usize(0..3)];
            return Verdict::ServerError(status);
        }
        let drop_after = self.faults.drop_after_effect_share > 0.0
            && fastrand::f64() < self.faults.drop_after_effect_share;
        if drop_after {
            *self.stats.dropped.entry(route.to_string()).or_default() += 1;
        }
        Verdict::Pass { drop_after }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_spec_sets_each_fault_and_refuses_nonsense() {
        let f = Faults::parse_spec("rate=20, 5xx=0.1,drop=0.05,latency=7,token-ttl=60").unwrap();
        assert_eq!(
            f,
            Faults {
                rate_limit_per_sec: Some(20),
                server_error_share: 0.1,
                drop_after_effect_share: 0.05,
                latency_ms: 7,
                token_ttl_secs: Some(60),
            }
        );
        assert!(Faults::parse_spec("5xx=2").is_err());
        assert!(Faults::parse_spec("boom").is_err());
        assert_eq!(Faults::parse_spec("").unwrap(), Faults::default());
    }

    #[test]
    fn the_rate_limit_answers_429_once_the_window_is_full() {
        let mut s = FaultState::new(Faults {
            rate_limit_per_sec: Some(2),
            ..Faults::default()
        });
        assert!(matches!(s.judge("GET /x"), Verdict::Pass { .. }));
        assert!(matches!(s.judge("GET /x"), Verdict::Pass { .. }));
        assert!(matches!(
            s.judge("GET /x"),
            Verdict::RateLimited {
                retry_after_secs: 1
            }
        ));
        assert_eq!(s.stats.rate_limited, 1);
    }
}
