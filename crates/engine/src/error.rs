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
                };
            }
            Demo(_) => (
                "demo_unavailable",
                "Restart the app. If it keeps happening, report it with the log file.",
            ),
            SignIn(e) => sign_in_code(e),
            SignInCancelled => ("sign_in_cancelled", "Sign in again when you are ready."),
            NoSignInUnderWay => ("no_sign_in_under_way", "Start the sign-in again."),
            ClientIdNeeded => (
                "client_id_needed",
                "Give the client id of the Webex integration you registered on developer.webex.com.",
            ),
            ClientSecretNeeded => (
                "client_secret_needed",
                "Give the client secret of your Webex integration. It is asked for once and kept in the keychain.",
            ),
            TokenEmpty => (
                "token_empty",
                "Paste your personal access token from developer.webex.com. It works for 12 hours.",
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
            NotSignedIn => ("not_signed_in", "Sign in to Webex, or use the demo tenant."),
            NoLookup { .. } => ("no_lookup", "Answer the question yourself."),
            InvalidForm { .. } => ("invalid_form", "Fix the fields named, then try again."),
            Explained(x) => {
                return ApiError {
                    code: x.code.clone(),
                    message: x.message.clone(),
                    hint: x.hint.clone(),
                }
            }
            MessengerFile { .. } => (
                "messenger_file_unreadable",
                "Check the file's path. Give a CSV file of the users in the Cisco WebEx Administration Tool's user file layout (userSSOId, displayName, firstName, lastName, email, …).",
            ),
            DownloadUrl { .. } => (
                "bad_download_url",
                "Give the whole address of the latest Cisco WebEx application, starting with https://. It is in the email you got when the service was set up.",
            ),
            Sender { .. } => (
                "bad_sender",
                "Give your own email address, like admin@example.com: the notices come from it, and users reply to it.",
            ),
            UnknownMessengerUsers { .. } => (
                "unknown_messenger_user",
                "Choose users from the valid rows of the file. A row with a problem must be corrected first.",
            ),
            NoNoticesToWrite { .. } => (
                "no_notices_to_write",
                "Correct the rows listed, or choose at least one user, then try again.",
            ),
            NoticesExist { .. } => (
                "notices_exist",
                "Choose an empty folder, or say that the files may be replaced.",
            ),
            BulkFile { .. } => (
                "bulk_file_unreadable",
                "Check the file's path, then try again.",
            ),
            BulkImport(_) => (
                "bulk_file_invalid",
                "Save the file as CSV UTF-8 with a header row naming the columns (userId, spEnterpriseId, firstName, lastName, email, package, primaryPhoneNumber or extension).",
            ),
            UnknownJob { .. } => ("unknown_job", "List the jobs with `wxm bulk list`."),
            NoUnfinishedJob => (
                "no_unfinished_job",
                "Start a job from a file with `wxm bulk run FILE`.",
            ),
            JobNotPlanned { .. } => (
                "job_not_planned",
                "Plan the file again with `wxm bulk run FILE`.",
            ),
            JobFinished { .. } => (
                "job_finished",
                "Look at its report, or choose \"retry failed only\" to try its failed users again.",
            ),
            JobBusy { .. } => (
                "job_busy",
                "Wait for that run to finish, or pause it there first. If its program was closed, try again in a few seconds.",
            ),
            JobSignInExpired { .. } => (
                "sign_in_expired",
                "Sign in again, then resume the job (wxm login, then wxm bulk resume).",
            ),
            AlreadySentHere { .. } => (
                "already_sent_here",
                "Follow the user's status in the next step. Choose \"Provision again\" only if you mean to send them once more.",
            ),
            JobPaused { .. } => (
                "job_paused",
                "Go on with it when you are ready: wxm bulk resume (or \"Carry on\" in the app).",
            ),
            JobUsersFailed { .. } => (
                "job_users_failed",
                "See who and why in the report (wxm bulk report --format html --out report.html), fix what it says, then try them again: wxm bulk resume --retry-failed.",
            ),
            CancelNeedsSignIn { .. } => (
                "not_signed_in",
                "Sign in (or give --token), then cancel again: each of these users is looked up first.",
            ),
        };
        ApiError {
            code: code.into(),
            message: e.to_string(),
            hint: hint.into(),
        }
    }
}

fn sign_in_code(e: &webex::oauth::OAuthError) -> (&'static str, &'static str) {
    use webex::oauth::OAuthError::*;
    match e {
        RedirectUri { .. } => (
            "bad_redirect_uri",
            "Give the redirect URI exactly as registered on your Webex integration, like http://127.0.0.1:6001/callback.",
        ),
        Settings(_) => (
            "bad_sign_in_settings",
            "Check the client id and the API address, then try again.",
        ),
        Listen { .. } => (
            "redirect_port_busy",
            "Another program uses the redirect URI's port. Close it, or register another redirect URI on your integration and give it here.",
        ),
        Timeout { .. } => (
            "sign_in_timed_out",
            "Start the sign-in again and finish it in your browser within 5 minutes.",
        ),
        StateMismatch | NoCode => (
            "sign_in_refused",
            "Start the sign-in again from this app. If it keeps happening, another program may be answering on the redirect address.",
        ),
        Denied(_) => (
            "sign_in_declined",
            "Sign in again and accept the access the app asks for, or ask your Webex administrator.",
        ),
        Refused(_) => (
            "sign_in_refused",
            "Check the client id and secret of your integration, then sign in again.",
        ),
        Network(_) => (
            "webex_unreachable",
            "Check your internet connection, then try again.",
        ),
        NoRefreshToken => ("sign_in_expired", "Sign in again."),
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        ApiError::from(&e)
    }
}
