//! Sim time: epoch milliseconds, written as Webex writes times, and read back from the
//! API's time filters.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Epoch milliseconds as Webex writes times: `2019-10-18T14:26:16.000Z`.
pub fn iso(ms: u64) -> String {
    humantime::format_rfc3339_millis(UNIX_EPOCH + Duration::from_millis(ms)).to_string()
}

/// Reads a time filter: epoch ms, or ISO 8601.
pub fn parse_time(value: &str) -> Option<u64> {
    if let Ok(ms) = value.trim().parse::<u64>() {
        return Some(ms);
    }
    let t = humantime::parse_rfc3339_weak(value.trim()).ok()?;
    Some(t.duration_since(UNIX_EPOCH).ok()?.as_millis() as u64)
}

/// Real time as epoch ms (the clock's base).
pub fn real_now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}
