//! Commands of the customer's migration board: the boards known, one board as last read,
//! a refresh from Webex, the users a chase or retry would reach, the chase and retry
//! jobs, and the customer's report saved where the person chose.

use crate::AppState;
use engine::board::report::BoardReportFormat;
use engine::board::{BoardEntry, BoardJobView, BoardSummary, BoardView, ChaseKind};
use engine::ApiError;
use tauri::State;

#[tauri::command(async)]
pub fn board_list(state: State<'_, AppState>) -> Result<Vec<BoardSummary>, ApiError> {
    Ok(state.engine.board().boards()?)
}

/// A board as last read: nothing is asked of Webex.
#[tauri::command(async)]
pub fn board_view(state: State<'_, AppState>, enterprise: String) -> Result<BoardView, ApiError> {
    Ok(state.engine.board().board(&enterprise)?)
}

// Reads what changed in Webex (`full`: everyone again).
explained_command!(board_refresh(enterprise: String, full: bool) -> BoardView = board.refresh(&enterprise, full));

#[tauri::command(async)]
pub fn board_chase_candidates(
    state: State<'_, AppState>,
    enterprise: String,
    days: f64,
) -> Result<Vec<BoardEntry>, ApiError> {
    Ok(state.engine.board().chase_candidates(&enterprise, days)?)
}

#[tauri::command(async)]
pub fn board_retry_candidates(
    state: State<'_, AppState>,
    enterprise: String,
) -> Result<Vec<BoardEntry>, ApiError> {
    Ok(state.engine.board().retry_candidates(&enterprise)?)
}

// Sends to the users the person confirmed (those that still qualify), journaled.
explained_command!(board_start_job(enterprise: String, kind: ChaseKind, subscriber_ids: Vec<String>) -> BoardJobView = board.start_job(&enterprise, kind, &subscriber_ids));

explained_command!(board_resume_job(job: String) -> BoardJobView = board.resume_job(&job));

/// Saves the customer's report in the chosen folder (`None`: Downloads); its path.
#[tauri::command(async)]
pub fn board_export_report(
    state: State<'_, AppState>,
    enterprise: String,
    format: BoardReportFormat,
    out_dir: Option<String>,
) -> Result<String, ApiError> {
    let folder = crate::files::chosen_folder(&state, out_dir.as_deref())?;
    let path = state
        .engine
        .board()
        .export_report(&enterprise, format, folder.as_deref())?;
    state.saved.note(&path);
    Ok(path)
}
