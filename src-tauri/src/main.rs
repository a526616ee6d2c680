//! The desktop app: a thin Tauri shell. Each command takes the engine from the state,
//! calls it, and maps its error to `{code, message, hint}`. Logic lives in `engine`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use engine::connection::ConnectionStatus;
use engine::messenger::{MessengerImport, NoticesWritten};
use engine::sessions::{SessionSummary, SessionView};
use engine::start_page::StartPage;
use engine::{ApiError, Engine};
use std::sync::Arc;
use tauri::{Manager, State};

/// An async command that hands its arguments to one engine method and its answer
/// back, or the problem in the one wire shape `{code, message, hint, details?}`:
/// `name(arg: Type, …) -> Answer = feature.method(expr, …)`.
macro_rules! explained_command {
    ($name:ident($($arg:ident: $ty:ty),*) -> $out:ty = $feature:ident.$method:ident($($call:expr),*)) => {
        #[tauri::command]
        pub async fn $name(
            state: tauri::State<'_, crate::AppState>,
            $($arg: $ty),*
        ) -> Result<$out, engine::ApiError> {
            state
                .engine
                .$feature()
                .$method($($call),*)
                .await
                .map_err(|e| engine::ApiError::from(&e))
        }
    };
}

#[macro_use]
mod commands;
mod about;
mod actions;
mod bench;
mod board;
mod bulk;
mod desktop;
mod files;
mod memory;
mod signin;
mod trainer;

/// Registers the commands of [`commands`] with Tauri.
macro_rules! register_commands {
    ($($first:ident $(:: $rest:ident)*),* $(,)?) => {
        tauri::generate_handler![$($first $(:: $rest)*),*]
    };
}

pub(crate) struct AppState {
    /// The engine, once open: it opens beside the window (see [`OpeningEngine`]).
    pub(crate) engine: OpeningEngine,
    /// Files and folders chosen in a native dialog, by the id the window holds.
    pub(crate) chosen: files::ChosenPaths,
    /// Files and folders this app saved in this run: the ones it may open or show.
    pub(crate) saved: desktop::SavedPaths,
}

/// The engine, opened on its own thread while the window loads: on a first launch
/// creating the database takes tens of milliseconds, and the main thread, which serves
/// the page its files, would wait for it. A command that comes before it is open (none
/// does in practice: the page needs longer to load) waits for it. `None` once it could
/// not be opened: the app is then ending (see [`open_engine_beside_the_window`]).
#[derive(Default)]
pub(crate) struct OpeningEngine(std::sync::OnceLock<Option<Arc<Engine>>>);

impl std::ops::Deref for OpeningEngine {
    type Target = Arc<Engine>;
    fn deref(&self) -> &Arc<Engine> {
        match self.0.wait() {
            Some(engine) => engine,
            // The engine could not open and the app has been asked to end. The event loop
            // that would end it runs on the main thread: a command waiting here on that
            // thread ends the app itself; one on another thread waits for the end.
            None if std::thread::current().name() == Some("main") => std::process::exit(1),
            None => loop {
                std::thread::park();
            },
        }
    }
}

/// Opens the engine on `data_dir` on its own thread. If it cannot, the app ends with the
/// reason on standard error and in its log, as it did when the engine opened first.
/// It ends through the event loop, on the main thread: ending the process from this
/// thread while the main thread still draws the window can crash it on the way out.
/// (A dialog cannot be shown safely here: a command the page sends meanwhile waits for
/// the engine on the main thread, which the dialog needs.)
fn open_engine_beside_the_window(app: &tauri::AppHandle, data_dir: std::path::PathBuf) {
    let app = app.clone();
    std::thread::spawn(move || match Engine::open(&data_dir) {
        Ok(engine) => {
            let _ = app.state::<AppState>().engine.0.set(Some(Arc::new(engine)));
        }
        Err(e) => {
            tracing::error!("cannot open the data folder: {e}");
            eprintln!("Webex Migration Wizard could not start: {e}");
            let _ = app.state::<AppState>().engine.0.set(None);
            app.exit(1);
        }
    });
}

#[tauri::command(async)]
fn start_page(state: State<'_, AppState>) -> StartPage {
    let page = state.engine.start_page();
    memory::start_page_shown();
    page
}

#[tauri::command]
async fn connection_status(state: State<'_, AppState>) -> Result<ConnectionStatus, ApiError> {
    Ok(state.engine.connection_status().await)
}

#[tauri::command]
async fn connect_demo(state: State<'_, AppState>) -> Result<ConnectionStatus, ApiError> {
    Ok(state.engine.connect_demo().await?)
}

#[tauri::command(async)]
fn recent_sessions(state: State<'_, AppState>) -> Result<Vec<SessionSummary>, ApiError> {
    Ok(state.engine.sessions().recent_sessions(20)?)
}

#[tauri::command(async)]
fn start_session(state: State<'_, AppState>, wizard: String) -> Result<SessionView, ApiError> {
    Ok(state.engine.sessions().start_session(&wizard)?)
}

#[tauri::command(async)]
fn get_session(state: State<'_, AppState>, id: String) -> Result<SessionView, ApiError> {
    Ok(state.engine.sessions().session(&id)?)
}

#[tauri::command(async)]
fn answer_question(
    state: State<'_, AppState>,
    id: String,
    input: String,
    value: String,
    source: Option<String>,
) -> Result<SessionView, ApiError> {
    Ok(state
        .engine
        .sessions()
        .answer_with_source(&id, &input, &value, source.as_deref())?)
}

#[tauri::command(async)]
fn set_step(
    state: State<'_, AppState>,
    id: String,
    step: String,
    done: bool,
    note: String,
) -> Result<SessionView, ApiError> {
    Ok(state.engine.sessions().set_step(&id, &step, done, &note)?)
}

#[tauri::command(async)]
fn delete_session(state: State<'_, AppState>, id: String) -> Result<(), ApiError> {
    Ok(state.engine.sessions().delete_session(&id)?)
}

/// Saves the plan in the chosen folder (`None`: Downloads); returns its path.
#[tauri::command(async)]
fn export_plan(
    state: State<'_, AppState>,
    id: String,
    out_dir: Option<String>,
) -> Result<String, ApiError> {
    let folder = files::chosen_folder(&state, out_dir.as_deref())?;
    let path = state
        .engine
        .sessions()
        .export_plan(&id, folder.as_deref())?;
    state.saved.note(&path);
    Ok(path)
}

/// Reads and checks a Messenger inactive-users file the person chose.
#[tauri::command(async)]
fn messenger_import(state: State<'_, AppState>, file: String) -> Result<MessengerImport, ApiError> {
    let path = files::chosen(&state, &file)?;
    Ok(state.engine.messenger().messenger_import(&path)?)
}

/// Writes the notices of the chosen users into the chosen folder (`None`: the
/// Downloads folder).
#[tauri::command(async)]
fn messenger_notices(
    state: State<'_, AppState>,
    file: String,
    selected: Vec<String>,
    download_url: String,
    sender: String,
    out_dir: Option<String>,
    replace: bool,
) -> Result<NoticesWritten, ApiError> {
    let path = files::chosen(&state, &file)?;
    let out_dir = files::chosen_folder(&state, out_dir.as_deref())?;
    let written = state.engine.messenger().messenger_notices(
        &path,
        &selected,
        &download_url,
        &sender,
        out_dir.as_deref(),
        replace,
    )?;
    state.saved.note(&written.folder);
    state.saved.note(&written.mail_merge);
    for notice in &written.notices {
        state.saved.note(&notice.path);
    }
    Ok(written)
}

fn main() {
    memory::one_pool();
    desktop::draw_without_compositing();
    desktop::plugins(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let data_dir = match engine::paths::default_data_dir() {
                Some(dir) => dir,
                None => app.path().app_data_dir()?,
            };
            let guard = engine::logging::init(&data_dir, "app");
            app.manage(guard);
            tracing::info!(data_dir = %data_dir.display(), "starting");
            app.manage(AppState {
                engine: OpeningEngine::default(),
                chosen: files::ChosenPaths::default(),
                saved: desktop::SavedPaths::default(),
            });
            open_engine_beside_the_window(app.handle(), data_dir);
            Ok(())
        })
        .invoke_handler(with_app_commands!(register_commands))
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Webex Migration Wizard could not start: {e}");
            std::process::exit(1);
        });
}
