//! Commands of the Bulk page: plan a file, run it with progress over a channel, pause,
//! cancel, retry failed only, re-attach after a restart, and save the report.

use crate::AppState;
use engine::bulk::{BulkPlanRequest, JobPlan, JobProgress, JobStatus, JobSummary, ReportFormat};
use engine::ApiError;
use tauri::ipc::Channel;
use tauri::{State, WebviewWindow};

#[tauri::command]
pub async fn bulk_plan(
    state: State<'_, AppState>,
    file: String,
    request: BulkPlanRequest,
) -> Result<JobPlan, ApiError> {
    let path = crate::files::chosen(&state, &file)?;
    Ok(state
        .engine
        .bulk()
        .plan_bulk_signed_in(&path, &request)
        .await?)
}

/// Runs or resumes a job; progress goes over `on_progress` a few times a second.
#[tauri::command]
pub async fn bulk_run(
    window: WebviewWindow,
    state: State<'_, AppState>,
    job_id: String,
    on_progress: Channel<JobProgress>,
) -> Result<JobSummary, ApiError> {
    let send = |p: &JobProgress| {
        let _ = on_progress.send(p.clone());
    };
    let summary = state
        .engine
        .bulk()
        .run_bulk_signed_in(&job_id, &send)
        .await?;
    crate::desktop::notify_job_end(&window, &summary);
    Ok(summary)
}

#[tauri::command(async)]
pub fn bulk_progress(state: State<'_, AppState>, job_id: String) -> Result<JobProgress, ApiError> {
    Ok(state.engine.bulk().job_progress(&job_id)?)
}

#[tauri::command(async)]
pub fn bulk_job_plan(state: State<'_, AppState>, job_id: String) -> Result<JobPlan, ApiError> {
    Ok(state.engine.bulk().job_plan(&job_id)?)
}

#[tauri::command(async)]
pub fn bulk_jobs(state: State<'_, AppState>) -> Result<Vec<JobSummary>, ApiError> {
    Ok(state.engine.bulk().list_jobs()?)
}

#[tauri::command(async)]
pub fn bulk_pause(state: State<'_, AppState>, job_id: String) -> Result<JobStatus, ApiError> {
    Ok(state.engine.bulk().pause_job(&job_id)?)
}

/// Cancels a job; users a crash left in flight are looked up in Webex first.
#[tauri::command]
pub async fn bulk_cancel(
    state: State<'_, AppState>,
    job_id: String,
) -> Result<JobStatus, ApiError> {
    let client = state.engine.client().await;
    Ok(state
        .engine
        .bulk()
        .cancel_job(client.as_ref(), &job_id)
        .await?)
}

#[tauri::command(async)]
pub fn bulk_retry_failed(state: State<'_, AppState>, job_id: String) -> Result<u32, ApiError> {
    Ok(state.engine.bulk().retry_failed(&job_id)?)
}

/// Saves the HTML report in the chosen folder (`None`: Downloads); returns its path.
#[tauri::command(async)]
pub fn bulk_report(
    state: State<'_, AppState>,
    job_id: String,
    out_dir: Option<String>,
) -> Result<String, ApiError> {
    let folder = crate::files::chosen_folder(&state, out_dir.as_deref())?;
    let path =
        state
            .engine
            .bulk()
            .save_job_report_in(&job_id, ReportFormat::Html, folder.as_deref())?;
    state.saved.note(&path);
    Ok(path)
}

/// The report of a job, to show: who is waiting, and for what.
#[tauri::command(async)]
pub fn bulk_job_report(
    state: State<'_, AppState>,
    job_id: String,
) -> Result<engine::bulk::report::JobReport, ApiError> {
    Ok(state.engine.bulk().job_report(&job_id)?)
}
