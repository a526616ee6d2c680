//! Where the data folder is: `WXM_DATA_DIR`, or the OS app-data folder (the same one
//! the desktop app uses).

use std::path::PathBuf;

/// Environment variable that overrides the data folder, for the app and the CLI.
pub const DATA_DIR_ENV: &str = "WXM_DATA_DIR";

/// The OS app-data folder for this product, as Tauri computes it.
pub fn os_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(crate::APP_IDENTIFIER))
}

/// `WXM_DATA_DIR` if set (and not empty), else the OS app-data folder.
pub fn default_data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => os_data_dir(),
    }
}
