//! `sign-in.json` in the data folder: how the person signed in, never a secret.

use super::SIGN_IN_FILE;
use crate::connection::SignInMethod;
use crate::store::StoreError;
use crate::EngineError;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `sign-in.json`: the integration (kept across sign-outs, so the client id and secret
/// are entered once) and the current sign-in.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SignInRecord {
    #[serde(default)]
    pub(super) integration: Option<IntegrationRecord>,
    #[serde(default)]
    pub(super) current: Option<CurrentRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct IntegrationRecord {
    pub(super) client_id: String,
    pub(super) redirect_uri: String,
    pub(super) base_url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CurrentRecord {
    pub(super) method: SignInMethod,
    pub(super) base_url: String,
    /// Unix seconds.
    #[serde(default)]
    pub(super) expires_at: Option<u64>,
    /// When the OAuth access token expires (Unix seconds).
    #[serde(default)]
    pub(super) access_expires_at: Option<u64>,
}

pub(super) fn unix(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

pub(super) fn from_unix(s: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(s)
}

pub(super) fn record_path(dir: &Path) -> PathBuf {
    dir.join(SIGN_IN_FILE)
}

pub(super) fn read_record(dir: &Path) -> SignInRecord {
    std::fs::read(record_path(dir))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

pub(super) fn write_record(dir: &Path, record: &SignInRecord) -> Result<(), EngineError> {
    let path = record_path(dir);
    let fail = |source: std::io::Error| {
        EngineError::Store(StoreError::DataDir {
            path: path.display().to_string(),
            source,
        })
    };
    let text = serde_json::to_vec_pretty(record).map_err(|e| fail(e.into()))?;
    let tmp = path.with_extension("json.tmp");
    crate::paths::write_private(&tmp, &text)
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(fail)
}
