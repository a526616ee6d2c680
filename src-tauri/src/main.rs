//! The desktop app: a thin Tauri shell. Each command takes the engine from the state,
//! calls it, and maps its error to `{code, message, hint}`. Logic lives in `engine`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use engine::ipc::{ConnectionStatus, StartPage};
use engine::sessions::{SessionSummary, SessionView};
use engine::{ApiError, Engine};
use std::sync::Arc;
use tauri::{Manager, State};

struct AppState {
    engine: Arc<Engine>,
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
) -> Result<SessionView, ApiError> {
    Ok(state.engine.answer(&id, &input, &value)?)
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
            connection_status,
            connect_demo,
            recent_sessions,
            start_session,
            get_session,
            answer_question,
            set_step,
            delete_session,
            export_plan
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Webex Migration Wizard could not start: {e}");
            std::process::exit(1);
        });
}
