//! The engine's errors, and their `{code, message, hint}` form for the UI and the CLI.

use crate::auth::SignInError;
use crate::error_code::ErrorCode;
use crate::sessions::SessionError;
use crate::store::StoreError;

use serde::Serialize;
use ts_rs::TS;

/// Every failure of the engine: one enum a feature, joined here, each keeping its cause.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Session(#[from] crate::sessions::SessionError),
    #[error(transparent)]
    SignIn(#[from] crate::auth::SignInError),
    #[error(transparent)]
    Action(#[from] crate::actions::ActionError),
    #[error(transparent)]
    Messenger(#[from] crate::messenger::MessengerError),
    #[error(transparent)]
    Bulk(#[from] crate::bulk::BulkError),
    #[error("the built-in tables are invalid: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Tables(Vec<decide::TableError>),
    #[error(transparent)]
    Webex(#[from] webex::WebexError),
    #[error("the demo tenant could not start: {0}")]
    Demo(#[source] webex_sim::SimError),
    #[error("you are not signed in to Webex")]
    NotSignedIn,
    /// A Webex failure already put in plain words for the person reading.
    #[error("{} {}", .0.message, .0.hint)]
    Explained(crate::explain::Explained),
}

impl From<rusqlite::Error> for EngineError {
    fn from(e: rusqlite::Error) -> Self {
        EngineError::Store(StoreError::Sql(e))
    }
}

impl From<decide::AnswerError> for EngineError {
    fn from(e: decide::AnswerError) -> Self {
        EngineError::Session(SessionError::Answer(e))
    }
}

impl From<webex::oauth::OAuthError> for EngineError {
    fn from(e: webex::oauth::OAuthError) -> Self {
        EngineError::SignIn(SignInError::OAuth(e))
    }
}

/// A feature's error as a stable code and what to do next (its message is its Display).
pub(crate) trait Coded {
    fn code_and_hint(&self) -> (ErrorCode, &'static str);
}

impl From<&EngineError> for crate::explain::Explained {
    fn from(e: &EngineError) -> Self {
        match e {
            EngineError::Explained(x) => x.clone(),
            EngineError::Webex(w) => crate::explain::explain_error(
                w,
                &crate::explain::Context {
                    partner_admin_email: None,
                },
            ),
            other => {
                let api = ApiError::from(other);
                crate::explain::Explained {
                    code: api.code,
                    message: api.message,
                    hint: api.hint,
                    details: String::new(),
                }
            }
        }
    }
}

/// An error as the UI and the CLI show it: a stable code to branch on, plain words,
/// and what to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub hint: String,
    /// What support needs (Webex's description, error codes, tracking id), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub details: Option<String>,
}

impl ApiError {
    /// An error without details.
    pub fn new(code: ErrorCode, message: impl Into<String>, hint: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            hint: hint.into(),
            details: None,
        }
    }
}

impl From<&EngineError> for ApiError {
    fn from(e: &EngineError) -> Self {
        let (code, hint) = match e {
            EngineError::Store(x) => x.code_and_hint(),
            EngineError::Session(x) => x.code_and_hint(),
            EngineError::SignIn(x) => x.code_and_hint(),
            EngineError::Action(x) => x.code_and_hint(),
            EngineError::Messenger(x) => x.code_and_hint(),
            EngineError::Bulk(x) => x.code_and_hint(),
            EngineError::Tables(_) => (
                ErrorCode::TablesInvalid,
                "This copy of the app is damaged. Reinstall it.",
            ),
            // One mapping of Webex failures to codes: explain.rs's.
            EngineError::Webex(w) => {
                let x = crate::explain::explain_error(
                    w,
                    &crate::explain::Context {
                        partner_admin_email: None,
                    },
                );
                return ApiError {
                    code: x.code,
                    message: e.to_string(),
                    hint: x.hint,
                    details: Some(x.details).filter(|d| !d.is_empty()),
                };
            }
            EngineError::Demo(_) => (
                ErrorCode::DemoUnavailable,
                "Restart the app. If it keeps happening, report it with the log file.",
            ),
            EngineError::NotSignedIn => (
                ErrorCode::NotSignedIn,
                "Sign in to Webex, or use the demo tenant.",
            ),
            EngineError::Explained(x) => {
                return ApiError {
                    code: x.code,
                    message: x.message.clone(),
                    hint: x.hint.clone(),
                    details: Some(x.details.clone()).filter(|d| !d.is_empty()),
                }
            }
        };
        ApiError::new(code, e.to_string(), hint)
    }
}

pub(crate) fn sign_in_code(e: &webex::oauth::OAuthError) -> (ErrorCode, &'static str) {
    use webex::oauth::OAuthError::*;
    match e {
        RedirectUri { .. } => (
            ErrorCode::BadRedirectUri,
            "Give the redirect URI exactly as registered on your Webex integration, like http://127.0.0.1:6001/callback.",
        ),
        Settings(_) => (
            ErrorCode::BadSignInSettings,
            "Check the client id and the API address, then try again.",
        ),
        Listen { .. } => (
            ErrorCode::RedirectPortBusy,
            "Another program uses the redirect URI's port. Close it, or register another redirect URI on your integration and give it here.",
        ),
        Timeout { .. } => (
            ErrorCode::SignInTimedOut,
            "Start the sign-in again and finish it in your browser within 5 minutes.",
        ),
        StateMismatch | NoCode => (
            ErrorCode::SignInRefused,
            "Start the sign-in again from this app. If it keeps happening, another program may be answering on the redirect address.",
        ),
        Denied(_) => (
            ErrorCode::SignInDeclined,
            "Sign in again and accept the access the app asks for, or ask your Webex administrator.",
        ),
        Refused(_) => (
            ErrorCode::SignInRefused,
            "Check the client id and secret of your integration, then sign in again.",
        ),
        Network(_) => (
            ErrorCode::WebexUnreachable,
            "Check your internet connection, then try again.",
        ),
        NoRefreshToken => (ErrorCode::SignInExpired, "Sign in again."),
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        ApiError::from(&e)
    }
}
