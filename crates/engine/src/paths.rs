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

/// The files this app keeps in the data folder (the database and its journal files, the
/// sign-in record).
pub const OWN_FILES: &[&str] = &[
    "wxm.sqlite3",
    "wxm.sqlite3-wal",
    "wxm.sqlite3-shm",
    "wxm.sqlite3-journal",
    "sign-in.json",
    "sign-in.json.tmp",
];

/// The folder of the log files, in the data folder.
pub const LOGS_DIR: &str = "logs";

/// Makes the data folder private to this user: created 0700 with every file in it
/// 0600 on Unix (the database holds names, emails, phone numbers and the audit log).
/// The folder and this app's files found looser are tightened; their paths are
/// returned, so the person can be told once. Elsewhere the OS's per-user folder already protects it.
pub fn make_private(dir: &std::path::Path) -> std::io::Result<Vec<PathBuf>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        if !dir.is_dir() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)?;
        }
        let mut tightened = Vec::new();
        let mut tighten = |path: &std::path::Path, mode: u32| -> std::io::Result<()> {
            let meta = std::fs::symlink_metadata(path)?;
            if meta.file_type().is_symlink() {
                return Ok(());
            }
            if meta.permissions().mode() & 0o077 != 0 {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
                tightened.push(path.to_path_buf());
            }
            Ok(())
        };
        tighten(dir, 0o700)?;
        // Only what this app keeps there: exported reports and notices (an `exports`
        // folder, say) keep the person's own umask, and nothing else is touched.
        for name in OWN_FILES {
            let path = dir.join(name);
            if path.is_file() {
                tighten(&path, 0o600)?;
            }
        }
        let logs = dir.join(LOGS_DIR);
        if logs.is_dir() {
            tighten(&logs, 0o700)?;
            for entry in std::fs::read_dir(&logs)?.flatten() {
                if entry.file_type().is_ok_and(|t| t.is_file()) {
                    tighten(&entry.path(), 0o600)?;
                }
            }
        }
        Ok(tightened)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)?;
        Ok(Vec::new())
    }
}

/// Creates (or truncates) a file readable and writable by this user only (0600 on Unix).
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
