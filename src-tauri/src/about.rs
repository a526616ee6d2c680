//! The About page: the version and build (`WXM_VERSION`, `WXM_BUILD` from build.rs, as
//! `wxm --version` says them), and the third-party licences shipped with the installers.

use engine::about::{About, THIRD_PARTY_LICENCES_FILE};
use std::path::PathBuf;
use tauri::path::BaseDirectory;
use tauri::{AppHandle, Manager};

/// The licences file among the app's resources, when this copy came from an installer.
fn licences_file(app: &AppHandle) -> Option<PathBuf> {
    let path = app
        .path()
        .resolve(THIRD_PARTY_LICENCES_FILE, BaseDirectory::Resource)
        .ok()?;
    path.is_file().then_some(path)
}

#[tauri::command]
pub(crate) fn about(app: AppHandle) -> About {
    About::new(
        env!("CARGO_PKG_VERSION"),
        env!("WXM_BUILD"),
        licences_file(&app).is_some(),
    )
}

/// The text of the third-party licences; `None` in a build from source.
#[tauri::command]
pub(crate) fn third_party_licences(app: AppHandle) -> Option<String> {
    std::fs::read_to_string(licences_file(&app)?).ok()
}
