//! The desktop app: a thin Tauri shell. Each command takes the engine from the state,
//! calls it, and maps its error to `{code, message, hint}`. Logic lives in `engine`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use engine::ipc::{ConnectionStatus, StartPage};
use engine::messenger::{MessengerImport, NoticesWritten};
use engine::sessions::{SessionSummary, SessionView};
use engine::{ApiError, Engine};
use std::path::Path;
use std::sync::Arc;
use tauri::{Manager, State};

mod actions;
mod bench;
mod bulk;
mod signin;
mod trainer;

pub(crate) struct AppState {
    pub(crate) engine: Arc<Engine>,
}

#[tauri::command]
fn start_page(state: State<'_, AppState>) -> StartPage {
    state.engine.start_page()
}

#[tauri::command]
async fn connection_status(state: State<'_, AppState>) -> Result<ConnectionStatus, ApiError> {
    Ok(state.engine.connection_status().await)
}

#[tauri::command]
async fn connect_demo(state: State<'_, AppState>) -> Result<ConnectionStatus, ApiError> {
    Ok(state.engine.connect_demo().await?)
}

#[tauri::command]
fn recent_sessions(state: State<'_, AppState>) -> Result<Vec<SessionSummary>, ApiError> {
    Ok(state.engine.recent_sessions(20)?)
}

#[tauri::command]
fn start_session(state: State<'_, AppState>, wizard: String) -> Result<SessionView, ApiError> {
    Ok(state.engine.start_session(&wizard)?)
}

#[tauri::command]
fn get_session(state: State<'_, AppState>, id: String) -> Result<SessionView, ApiError> {
    Ok(state.engine.session(&id)?)
}

#[tauri::command]
fn answer_question(
    state: State<'_, AppState>,
    id: String,
    input: String,
    value: String,
    source: Option<String>,
) -> Result<SessionView, ApiError> {
    Ok(state
        .engine
        .answer_with_source(&id, &input, &value, source.as_deref())?)
}

#[tauri::command]
fn set_step(
    state: State<'_, AppState>,
    id: String,
    step: String,
    done: bool,
    note: String,
) -> Result<SessionView, ApiError> {
    Ok(state.engine.set_step(&id, &step, done, &note)?)
}

#[tauri::command]
fn delete_session(state: State<'_, AppState>, id: String) -> Result<(), ApiError> {
    Ok(state.engine.delete_session(&id)?)
}

#[tauri::command]
fn export_plan(state: State<'_, AppState>, id: String) -> Result<String, ApiError> {
    Ok(state.engine.export_plan(&id, None)?)
}

/// Reads and checks a Messenger inactive-users file (a path the person typed).
#[tauri::command]
fn messenger_import(state: State<'_, AppState>, path: String) -> Result<MessengerImport, ApiError> {
    Ok(state.engine.messenger_import(Path::new(&path))?)
}

/// Writes the notices of the chosen users; an empty `out_dir` means the Downloads folder.
#[tauri::command]
fn messenger_notices(
    state: State<'_, AppState>,
    path: String,
    selected: Vec<String>,
    download_url: String,
    sender: String,
    out_dir: String,
    replace: bool,
) -> Result<NoticesWritten, ApiError> {
    let out_dir = Some(out_dir.trim())
        .filter(|d| !d.is_empty())
        .map(Path::new);
    Ok(state.engine.messenger_notices(
        Path::new(&path),
        &selected,
        &download_url,
        &sender,
        out_dir,
        replace,
    )?)
}

fn main() {
    tauri::Builder::default()
        .setup(|app| {
            let data_dir = match engine::paths::default_data_dir() {
                Some(dir) => dir,
                None => app.path().app_data_dir()?,
            };
            let guard = engine::logging::init(&data_dir, "app");
            app.manage(guard);
            tracing::info!(data_dir = %data_dir.display(), "starting");
            let engine = Engine::open(&data_dir).map_err(|e| {
                tracing::error!("cannot open the data folder: {e}");
                e.to_string()
            })?;
            app.manage(AppState {
                engine: Arc::new(engine),
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            start_page,
            bench::ui_ready,
            connection_status,
            connect_demo,
            signin::resume_sign_in,
            signin::sign_in_settings,
            signin::sign_in_with_token,
            signin::start_webex_sign_in,
            signin::finish_webex_sign_in,
            signin::cancel_sign_in,
            signin::sign_out,
            recent_sessions,
            start_session,
            get_session,
            answer_question,
            set_step,
            delete_session,
            export_plan,
            messenger_import,
            messenger_notices,
            trainer::trainer_scenarios,
            trainer::trainer_mailbox,
            trainer::trainer_enter_email,
            trainer::trainer_click_email,
            trainer::trainer_log_in,
            trainer::trainer_delete_old_account,
            trainer::trainer_self_activate,
            trainer::trainer_approve_partner,
            trainer::trainer_let_time_pass,
            trainer::trainer_reset,
            trainer::follow_subscriber,
            actions::tenant_enterprises,
            actions::precheck_user,
            actions::provision_subscriber,
            actions::subscriber_status,
            actions::resend_consent_email,
            actions::detach_targets,
            actions::remove_items,
            actions::verify_full_admin,
            actions::verify_org_attached,
            actions::session_subscribers,
            actions::check_provision_form,
            actions::audit_log,
            actions::lookup_answer,
            actions::reprovision_subscriber,
            bulk::bulk_plan,
            bulk::bulk_run,
            bulk::bulk_progress,
            bulk::bulk_job_plan,
            bulk::bulk_jobs,
            bulk::bulk_pause,
            bulk::bulk_cancel,
            bulk::bulk_retry_failed,
            bulk::bulk_report
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Webex Migration Wizard could not start: {e}");
            std::process::exit(1);
        });
}
