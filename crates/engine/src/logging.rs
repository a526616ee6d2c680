//! Log files in the data folder (`logs/NAME.log`). Tokens are never logged: the types
//! that hold them print `***`.

use std::path::Path;
use tracing_subscriber::EnvFilter;

/// Sends `tracing` output to `DATA_DIR/logs/{name}.log`. Returns a guard that flushes on drop.
pub fn init(data_dir: &Path, name: &str) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = data_dir.join(crate::paths::LOGS_DIR);
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::never(&dir, format!("{name}.log"));
    // The log file now exists: private to this user, as the whole data folder is.
    let _ = crate::paths::make_private(data_dir);
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("WXM_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}
