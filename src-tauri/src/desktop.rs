//! Behaving like a desktop app: one window a data folder (a second launch shows the
//! first window), the window's size and place remembered, a notification when a bulk
//! job ends or pauses while the window is in the background, and the files this app
//! saved opened, or shown in their folder, from Rust: the page can name only those.

use crate::AppState;
use engine::bulk::{JobStatus, JobSummary};
use engine::{ApiError, ErrorCode};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};
use tauri_plugin_notification::NotificationExt;
use tauri_plugin_opener::OpenerExt;

/// Set by the end-to-end tests: what the app would open or show is written to this file
/// instead, as they cannot look at other programs' windows.
const OPENER_LOG: &str = "WXM_OPENER_LOG";

/// On Linux, WebKitGTK draws the page without GPU compositing unless the person set
/// `WEBKIT_DISABLE_COMPOSITING_MODE` themselves (`0` turns compositing back on). The
/// app's pages are forms and text, with nothing to animate; compositing makes WebKit's
/// web process keep GPU textures (on machines without a GPU, software ones in memory):
/// about 64 MiB more for the same pages, measured by `cargo xtask bench app`. Called
/// first thing in `main`, before any other thread exists.
pub fn draw_without_compositing() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// The desktop plugins, keyed to the data folder the app will open (`WXM_DATA_DIR` or
/// the OS's): two windows on one database would mean two runners of one job.
pub fn plugins(builder: tauri::Builder<tauri::Wry>) -> tauri::Builder<tauri::Wry> {
    let data_dir = engine::paths::default_data_dir();
    let mut single = tauri_plugin_single_instance::Builder::new().callback(|app, _, _| {
        tracing::info!("the app was started again: showing this window instead");
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    });
    let mut window_state = tauri_plugin_window_state::Builder::new();
    if let Some(dir) = &data_dir {
        single = single.dbus_id(instance_id(dir));
        // An absolute name: the state lives beside the database, not in the OS's
        // config folder shared by every data folder.
        window_state = window_state.with_filename(dir.join("window-state.json").to_string_lossy());
    }
    // The single-instance plugin goes first: a second launch stops before anything else.
    builder
        .plugin(single.build())
        .plugin(window_state.build())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
}

/// The D-Bus name of the app on one data folder: the app's id and a hash of the folder.
pub fn instance_id(data_dir: &Path) -> String {
    // FNV-1a: stable across builds and runs, unlike std's hasher.
    let hash = data_dir
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("{}.d{hash:016x}", engine::APP_IDENTIFIER)
}

/// The files and folders this app saved in this run (a plan, a report, notices): the
/// only ones the page may ask to open or show.
#[derive(Default)]
pub struct SavedPaths(Mutex<HashSet<PathBuf>>);

impl SavedPaths {
    /// Notes a path the app just wrote.
    pub fn note(&self, path: impl Into<PathBuf>) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.into());
    }

    /// The path, if this app saved it in this run.
    pub fn saved(&self, path: &str) -> Result<PathBuf, ApiError> {
        let path = PathBuf::from(path);
        if self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&path)
        {
            Ok(path)
        } else {
            Err(ApiError::new(
                ErrorCode::FileNotSaved,
                "This app opens only the files it saved since it was started.",
                "Open the file from your file manager instead.",
            ))
        }
    }
}

fn opened(
    what: &str,
    path: &Path,
    result: Result<(), impl std::fmt::Display>,
) -> Result<(), ApiError> {
    result.map_err(|e| {
        tracing::warn!(path = %path.display(), "could not {what}: {e}");
        ApiError::new(
            ErrorCode::OpenFailed,
            "Your computer could not open it.",
            format!("Open {} from your file manager.", path.display()),
        )
    })
}

/// Writes what would be opened to the test's log instead, when the tests ask.
fn logged(what: &str, path: &Path) -> Option<Result<(), ApiError>> {
    let log = std::env::var_os(OPENER_LOG).filter(|v| !v.is_empty())?;
    let line = format!("{what} {}\n", path.display());
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .and_then(|mut f| std::io::Write::write_all(&mut f, line.as_bytes()));
    Some(opened(what, path, written))
}

/// Opens a file this app saved with the program the system uses for it.
#[tauri::command(async)]
pub fn open_saved(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), ApiError> {
    let path = state.saved.saved(&path)?;
    logged("open", &path).unwrap_or_else(|| {
        let result = app.opener().open_path(path.to_string_lossy(), None::<&str>);
        opened("open", &path, result)
    })
}

/// Shows a file (or folder) this app saved in the system's file manager.
#[tauri::command(async)]
pub fn show_saved_in_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), ApiError> {
    let path = state.saved.saved(&path)?;
    logged("show", &path).unwrap_or_else(|| {
        let result = app.opener().reveal_item_in_dir(&path);
        opened("show", &path, result)
    })
}

/// What a job's end says in a notification; none while it still runs.
pub fn job_notice(job: &JobSummary) -> Option<(String, String)> {
    let sent = format!("{} of {} users sent.", job.counts.done, job.total);
    let next = match job.status {
        JobStatus::Paused => "Open the app to see why and to resume.",
        s if s.is_final() || s == JobStatus::Watching => {
            "Open the app to see who Webex is waiting for."
        }
        _ => return None,
    };
    Some((
        format!("Moving users: {}", job.status_label),
        format!("{sent} {next}"),
    ))
}

/// Tells the person a job ended or paused, when the window is not in front.
pub fn notify_job_end<R: Runtime>(window: &WebviewWindow<R>, job: &JobSummary) {
    if window.is_focused().unwrap_or(true) {
        return;
    }
    let Some((title, body)) = job_notice(job) else {
        return;
    };
    if let Err(e) = window
        .app_handle()
        .notification()
        .builder()
        .title(title)
        .body(body)
        .show()
    {
        tracing::warn!("could not show a notification: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_instance_a_data_folder_under_a_valid_bus_name() {
        let a = instance_id(Path::new("/home/ann/.local/share/wxm"));
        assert_eq!(a, instance_id(Path::new("/home/ann/.local/share/wxm")));
        assert_ne!(a, instance_id(Path::new("/tmp/other")));
        // D-Bus: elements of letters, digits, _ and -, none starting with a digit.
        assert!(a.split('.').all(|e| !e.is_empty()
            && !e.starts_with(|c: char| c.is_ascii_digit())
            && e.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')));
    }

    #[test]
    fn a_job_that_ends_or_pauses_says_so_and_what_to_do() {
        let job = |status: JobStatus, label: &str| JobSummary {
            id: "job-1".into(),
            file: "/home/ann/users.csv".into(),
            status,
            status_label: label.into(),
            email_trust: engine::bulk::EmailTrust::Trusted,
            total: 120,
            counts: engine::bulk::ItemCounts {
                done: 34,
                ..Default::default()
            },
            created_at: String::new(),
            updated_at: String::new(),
            pause_reason: None,
            running_in: None,
        };
        let (title, body) = job_notice(&job(JobStatus::Paused, "Paused")).unwrap();
        assert_eq!(title, "Moving users: Paused");
        assert_eq!(
            body,
            "34 of 120 users sent. Open the app to see why and to resume."
        );
        let (_, body) = job_notice(&job(JobStatus::Completed, "Completed")).unwrap();
        assert!(body.ends_with("who Webex is waiting for."), "{body}");
        assert_eq!(job_notice(&job(JobStatus::Running, "Provisioning")), None);
        // The path of the file never reaches the notification.
        assert!(!body.contains("/home"));
    }

    #[test]
    fn only_paths_the_app_saved_may_be_opened() {
        let saved = SavedPaths::default();
        saved.note("/home/ann/Downloads/plan.html");
        assert!(saved.saved("/home/ann/Downloads/plan.html").is_ok());
        for forged in ["/etc/passwd", "/home/ann/Downloads", "plan.html", ""] {
            assert_eq!(
                saved.saved(forged).unwrap_err().code,
                ErrorCode::FileNotSaved
            );
        }
    }

    /// The app turns compositing off, but leaves a choice the person made alone.
    #[cfg(target_os = "linux")]
    #[test]
    fn compositing_is_off_unless_the_person_chose() {
        const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
        std::env::set_var(VAR, "0");
        draw_without_compositing();
        assert_eq!(std::env::var(VAR).as_deref(), Ok("0"));
        std::env::remove_var(VAR);
        draw_without_compositing();
        assert_eq!(std::env::var(VAR).as_deref(), Ok("1"));
    }
}
