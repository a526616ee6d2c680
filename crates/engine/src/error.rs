//! The engine's errors, and their `{code, message, hint}` form for the UI and the CLI.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("cannot use the data folder {path}: {message}")]
    DataDir { path: String, message: String },
    #[error("the database {path} cannot be opened: {message}")]
    Store { path: String, message: String },
    #[error("the database {path} was written by a newer version of this app")]
    DatabaseTooNew { path: String },
    #[error("the database is busy")]
    StoreBusy,
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("the built-in tables are invalid: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Tables(Vec<decide::TableError>),
    #[error(transparent)]
    Webex(#[from] webex::WebexError),
    #[error("the demo tenant could not start: {0}")]
    Demo(String),
    #[error("there is no wizard '{id}'. Wizards: {}", allowed.join(", "))]
    UnknownWizard { id: String, allowed: Vec<String> },
    #[error(transparent)]
    Answer(#[from] decide::AnswerError),
    #[error("there is no saved session '{id}'")]
    UnknownSession { id: String },
    #[error("the saved session '{id}' cannot be read: {message}")]
    CorruptSession { id: String, message: String },
    #[error("the procedure of session '{session}' has no step '{step}'")]
    UnknownStep { session: String, step: String },
    #[error("cannot write {path}: {message}")]
    Export { path: String, message: String },
}

/// An error as the UI and the CLI show it: a stable code to branch on, plain words,
/// and what to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub hint: String,
}

impl From<&EngineError> for ApiError {
    fn from(e: &EngineError) -> Self {
        use EngineError::*;
        let (code, hint) = match e {
            DataDir { .. } => (
                "data_dir_unusable",
                "Choose another folder with --data-dir, or check its permissions.",
            ),
            Store { .. } | Sql(_) | StoreBusy => (
                "store_unavailable",
                "Close other copies of this app, then try again.",
            ),
            DatabaseTooNew { .. } => (
                "database_too_new",
                "Install the newer version of this app, or use another data folder.",
            ),
            Tables(_) => (
                "tables_invalid",
                "This copy of the app is damaged. Reinstall it.",
            ),
            Webex(webex::WebexError::Api { status: 401, .. }) => {
                ("webex_unauthorized", "Sign in again.")
            }
            Webex(webex::WebexError::Network { .. }) => (
                "webex_unreachable",
                "Check your internet connection, then try again.",
            ),
            Webex(_) => (
                "webex_error",
                "Try again. If it keeps happening, give the tracking id to Cisco support.",
            ),
            Demo(_) => (
                "demo_unavailable",
                "Restart the app. If it keeps happening, report it with the log file.",
            ),
            UnknownWizard { .. } => ("unknown_wizard", "Use one of the wizards listed."),
            Answer(decide::AnswerError::UnknownInput { .. }) => {
                ("unknown_input", "Use one of the questions listed.")
            }
            Answer(decide::AnswerError::UnknownValue { .. }) => {
                ("unknown_answer", "Use one of the answers listed.")
            }
            UnknownSession { .. } => (
                "unknown_session",
                "It may have been deleted. Start again from the start page.",
            ),
            CorruptSession { .. } => ("corrupt_session", "Delete this session and start again."),
            UnknownStep { .. } => (
                "unknown_step",
                "Reload the session: its procedure has changed.",
            ),
            Export { .. } => (
                "export_failed",
                "Choose another folder, or free some disk space, then try again.",
            ),
        };
        ApiError {
            code: code.into(),
            message: e.to_string(),
            hint: hint.into(),
        }
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        ApiError::from(&e)
    }
}
