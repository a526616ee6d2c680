//! The engine's errors, and their `{code, message, hint}` form for the UI and the CLI.

use crate::error_code::ErrorCode;
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
    #[error(transparent)]
    SignIn(#[from] webex::oauth::OAuthError),
    #[error("the sign-in was cancelled")]
    SignInCancelled,
    #[error("no Webex sign-in is under way")]
    NoSignInUnderWay,
    #[error("the client id of your Webex integration is needed to sign in")]
    ClientIdNeeded,
    #[error("the client secret of your Webex integration is needed to sign in")]
    ClientSecretNeeded,
    #[error("the personal access token is empty")]
    TokenEmpty,
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
    #[error("you are not signed in to Webex")]
    NotSignedIn,
    #[error("the question '{input}' cannot be looked up in Webex")]
    NoLookup { input: String },
    #[error("some fields need fixing: {}", problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; "))]
    InvalidForm {
        problems: Vec<crate::actions::FieldProblem>,
    },
    #[error("{} {}", .0.message, .0.hint)]
    Explained(crate::explain::Explained),
    #[error("cannot read the users file {path}: {message}")]
    MessengerFile { path: String, message: String },
    #[error("the download address '{url}' cannot be used: {problem}")]
    DownloadUrl { url: String, problem: String },
    #[error("the sender '{value}' is not an email address: {problem}")]
    Sender { value: String, problem: String },
    #[error("{file} has no valid row for: {}", ids.join(", "))]
    UnknownMessengerUsers { file: String, ids: Vec<String> },
    #[error("there is no notice to write: {reason}")]
    NoNoticesToWrite { reason: String },
    #[error("these files already exist, so nothing was written: {}", paths.join(", "))]
    NoticesExist { paths: Vec<String> },
    #[error("cannot read the users file {path}: {message}")]
    BulkFile { path: String, message: String },
    #[error("{0}")]
    BulkImport(crate::bulk::ImportError),
    #[error("there is no bulk job '{id}'")]
    UnknownJob { id: String },
    #[error("there is no unfinished bulk job")]
    NoUnfinishedJob,
    #[error("the plan of job '{id}' was not finished, so it cannot run")]
    JobNotPlanned { id: String },
    #[error("job '{id}' is finished ({status})")]
    JobFinished { id: String, status: String },
    #[error("job '{id}' is already being run by {owner}")]
    JobBusy { id: String, owner: String },
    #[error("the Webex sign-in expired or was refused while job '{id}' was running: the job is paused, and no user was marked failed")]
    JobSignInExpired { id: String },
    #[error("{count} users of job '{id}' may already be in Webex; they must be looked up before the job is cancelled")]
    CancelNeedsSignIn { id: String, count: u32 },
    #[error("{user_id} was already sent to Webex from this plan")]
    AlreadySentHere { user_id: String },
    #[error("job '{id}' is paused")]
    JobPaused { id: String },
    #[error("job '{id}' ended with {count} users failed")]
    JobUsersFailed { id: String, count: u32 },
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
        use EngineError::*;
        let (code, hint) = match e {
            DataDir { .. } => (
                ErrorCode::DataDirUnusable,
                "Choose another folder with --data-dir, or check its permissions.",
            ),
            Store { .. } | Sql(_) | StoreBusy => (
                ErrorCode::StoreUnavailable,
                "Close other copies of this app, then try again.",
            ),
            DatabaseTooNew { .. } => (
                ErrorCode::DatabaseTooNew,
                "Install the newer version of this app, or use another data folder.",
            ),
            Tables(_) => (
                ErrorCode::TablesInvalid,
                "This copy of the app is damaged. Reinstall it.",
            ),
            // One mapping of Webex failures to codes: explain.rs's.
            Webex(w) => {
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
            Demo(_) => (
                ErrorCode::DemoUnavailable,
                "Restart the app. If it keeps happening, report it with the log file.",
            ),
            SignIn(e) => sign_in_code(e),
            SignInCancelled => (ErrorCode::SignInCancelled, "Sign in again when you are ready."),
            NoSignInUnderWay => (ErrorCode::NoSignInUnderWay, "Start the sign-in again."),
            ClientIdNeeded => (
                ErrorCode::ClientIdNeeded,
                "Give the client id of the Webex integration you registered on developer.webex.com.",
            ),
            ClientSecretNeeded => (
                ErrorCode::ClientSecretNeeded,
                "Give the client secret of your Webex integration. It is asked for once and kept in the keychain.",
            ),
            TokenEmpty => (
                ErrorCode::TokenEmpty,
                "Paste your personal access token from developer.webex.com. It works for 12 hours.",
            ),
            UnknownWizard { .. } => (ErrorCode::UnknownWizard, "Use one of the wizards listed."),
            Answer(decide::AnswerError::UnknownInput { .. }) => {
                (ErrorCode::UnknownInput, "Use one of the questions listed.")
            }
            Answer(decide::AnswerError::UnknownValue { .. }) => {
                (ErrorCode::UnknownAnswer, "Use one of the answers listed.")
            }
            UnknownSession { .. } => (
                ErrorCode::UnknownSession,
                "It may have been deleted. Start again from the start page.",
            ),
            CorruptSession { .. } => (ErrorCode::CorruptSession, "Delete this session and start again."),
            UnknownStep { .. } => (
                ErrorCode::UnknownStep,
                "Reload the session: its procedure has changed.",
            ),
            Export { .. } => (
                ErrorCode::ExportFailed,
                "Choose another folder, or free some disk space, then try again.",
            ),
            NotSignedIn => (ErrorCode::NotSignedIn, "Sign in to Webex, or use the demo tenant."),
            NoLookup { .. } => (ErrorCode::NoLookup, "Answer the question yourself."),
            InvalidForm { .. } => (ErrorCode::InvalidForm, "Fix the fields named, then try again."),
            Explained(x) => {
                return ApiError {
                    code: x.code,
                    message: x.message.clone(),
                    hint: x.hint.clone(),
                    details: Some(x.details.clone()).filter(|d| !d.is_empty()),
                }
            }
            MessengerFile { .. } => (
                ErrorCode::MessengerFileUnreadable,
                "Check the file's path. Give a CSV file of the users in the Cisco WebEx Administration Tool's user file layout (userSSOId, displayName, firstName, lastName, email, …).",
            ),
            DownloadUrl { .. } => (
                ErrorCode::BadDownloadUrl,
                "Give the whole address of the latest Cisco WebEx application, starting with https://. It is in the email you got when the service was set up.",
            ),
            Sender { .. } => (
                ErrorCode::BadSender,
                "Give your own email address, like admin@example.com: the notices come from it, and users reply to it.",
            ),
            UnknownMessengerUsers { .. } => (
                ErrorCode::UnknownMessengerUser,
                "Choose users from the valid rows of the file. A row with a problem must be corrected first.",
            ),
            NoNoticesToWrite { .. } => (
                ErrorCode::NoNoticesToWrite,
                "Correct the rows listed, or choose at least one user, then try again.",
            ),
            NoticesExist { .. } => (
                ErrorCode::NoticesExist,
                "Choose an empty folder, or say that the files may be replaced.",
            ),
            BulkFile { .. } => (
                ErrorCode::BulkFileUnreadable,
                "Check the file's path, then try again.",
            ),
            BulkImport(_) => (
                ErrorCode::BulkFileInvalid,
                "Save the file as CSV UTF-8 with a header row naming the columns (userId, spEnterpriseId, firstName, lastName, email, package, primaryPhoneNumber or extension).",
            ),
            UnknownJob { .. } => (ErrorCode::UnknownJob, "List the jobs with `wxm bulk list`."),
            NoUnfinishedJob => (
                ErrorCode::NoUnfinishedJob,
                "Start a job from a file with `wxm bulk run FILE`.",
            ),
            JobNotPlanned { .. } => (
                ErrorCode::JobNotPlanned,
                "Plan the file again with `wxm bulk run FILE`.",
            ),
            JobFinished { .. } => (
                ErrorCode::JobFinished,
                "Look at its report, or choose \"retry failed only\" to try its failed users again.",
            ),
            JobBusy { .. } => (
                ErrorCode::JobBusy,
                "Wait for that run to finish, or pause it there first. If its program was closed, try again in a few seconds.",
            ),
            JobSignInExpired { .. } => (
                ErrorCode::SignInExpired,
                "Sign in again, then resume the job (wxm login, then wxm bulk resume).",
            ),
            AlreadySentHere { .. } => (
                ErrorCode::AlreadySentHere,
                "Follow the user's status in the next step. Choose \"Provision again\" only if you mean to send them once more.",
            ),
            JobPaused { .. } => (
                ErrorCode::JobPaused,
                "Go on with it when you are ready: wxm bulk resume (or \"Carry on\" in the app).",
            ),
            JobUsersFailed { .. } => (
                ErrorCode::JobUsersFailed,
                "See who and why in the report (wxm bulk report --format html --out report.html), fix what it says, then try them again: wxm bulk resume --retry-failed.",
            ),
            CancelNeedsSignIn { .. } => (
                ErrorCode::NotSignedIn,
                "Sign in (or give --token), then cancel again: each of these users is looked up first.",
            ),
        };
        ApiError::new(code, e.to_string(), hint)
    }
}

fn sign_in_code(e: &webex::oauth::OAuthError) -> (ErrorCode, &'static str) {
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
