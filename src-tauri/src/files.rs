//! Files and folders the person chose in a native dialog. The window never sends a
//! path: it asks for a dialog, gets back an id and the name to show, and hands the id
//! to the command that reads or writes. An id the app did not give out is refused.

use crate::AppState;
use engine::files::ChosenPath;
use engine::{ApiError, ErrorCode};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// What a file is chosen for: it sets the dialog's title and the files it offers.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilePurpose {
    /// The users file of a bulk move (CSV).
    BulkUsers,
    /// The Messenger Administration Tool's inactive-users file (CSV).
    MessengerUsers,
}

/// The paths chosen in this run of the app, by id.
#[derive(Default)]
pub struct ChosenPaths(Mutex<HashMap<String, PathBuf>>);

impl ChosenPaths {
    /// Remembers a chosen path; the window gets its id and name.
    pub fn remember(&self, path: PathBuf) -> ChosenPath {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.clone(), path);
        ChosenPath { id, name }
    }

    /// The path behind an id the app gave out, or an error asking to choose again.
    pub fn path(&self, id: &str) -> Result<PathBuf, ApiError> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::FileNotChosen,
                    "This app does not know that file. Files are read only after you choose them.",
                    "Choose the file again with \"Choose file\".",
                )
            })
    }
}

/// A path given to the app when it was started (`WXM_CHOOSE_FILE`,
/// `WXM_CHOOSE_FOLDER`), used instead of opening the dialog: the end-to-end tests
/// cannot click in a native dialog. The window still never supplies a path.
fn preset(variable: &str) -> Option<PathBuf> {
    std::env::var_os(variable)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn picked(path: Option<tauri_plugin_dialog::FilePath>) -> Option<PathBuf> {
    path.and_then(|p| p.into_path().ok())
}

/// Opens the system's file dialog; `None` when the person closes it.
#[tauri::command]
pub async fn choose_file(
    app: AppHandle,
    state: State<'_, AppState>,
    purpose: FilePurpose,
) -> Result<Option<ChosenPath>, ApiError> {
    let title = match purpose {
        FilePurpose::BulkUsers => "Choose the users file (CSV)",
        FilePurpose::MessengerUsers => "Choose the inactive-users file (CSV)",
    };
    let path = match preset("WXM_CHOOSE_FILE") {
        Some(path) => Some(path),
        None => picked(
            app.dialog()
                .file()
                .set_title(title)
                .add_filter("CSV files", &["csv", "txt"])
                .blocking_pick_file(),
        ),
    };
    Ok(path.map(|p| state.chosen.remember(p)))
}

/// Opens the system's folder dialog; `None` when the person closes it.
#[tauri::command]
pub async fn choose_folder(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<ChosenPath>, ApiError> {
    let path = match preset("WXM_CHOOSE_FOLDER") {
        Some(path) => Some(path),
        None => picked(
            app.dialog()
                .file()
                .set_title("Choose the folder to save in")
                .blocking_pick_folder(),
        ),
    };
    Ok(path.map(|p| state.chosen.remember(p)))
}

/// The path of a chosen file, for a command.
pub fn chosen(state: &AppState, id: &str) -> Result<PathBuf, ApiError> {
    state.chosen.path(id)
}

/// The path of an optional chosen folder (`None`: the Downloads folder).
pub fn chosen_folder(state: &AppState, id: Option<&str>) -> Result<Option<PathBuf>, ApiError> {
    id.filter(|i| !i.is_empty())
        .map(|i| chosen(state, i))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn only_ids_the_app_gave_out_resolve_to_paths() {
        let chosen = ChosenPaths::default();
        let file = chosen.remember(PathBuf::from("/home/alex/users.csv"));
        assert_eq!(file.name, "users.csv");
        assert_eq!(
            chosen.path(&file.id).unwrap(),
            Path::new("/home/alex/users.csv")
        );
        for forged in ["/etc/passwd", "../users.csv", "", "users.csv"] {
            let refused = chosen.path(forged).unwrap_err();
            assert_eq!(refused.code, ErrorCode::FileNotChosen);
            assert!(refused.hint.contains("Choose the file again"));
        }
    }
}
