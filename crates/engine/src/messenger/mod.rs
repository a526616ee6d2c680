//! The Messenger Guest → Business kit: reads the inactive-users list that the Cisco WebEx
//! Messenger Administration Tool exports, checks every row, and writes a ready-to-send
//! notice for each chosen user (an .eml file each, and one mail-merge CSV).

mod checks;
mod eml;
mod import;
mod notices;

pub use checks::{check_download_url, check_email, check_sender, clean_name};
pub use eml::{render_eml, rfc5322_date};
pub use import::{import_bytes, import_file};
pub use notices::{notice_body, unique_file_name, write_notices, SUBJECT};

use crate::{EngineError, Messenger};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use ts_rs::TS;

/// The columns of the Administration Tool's user file, in order (webex-api.md §4.5).
/// The file has no header row; `userSSOId` is the key; first name, last name and email
/// are mandatory.
pub const COLUMNS: [&str; 24] = [
    "userSSOId",
    "displayName",
    "firstName",
    "lastName",
    "email",
    "jobTitle",
    "address1",
    "address2",
    "city",
    "state",
    "zip",
    "country",
    "phoneOffice",
    "phoneCell",
    "homeGroupSSOId",
    "homeGroupName",
    "businessUnit",
    "userProfilePhotoURL",
    "center",
    "storageAllocated",
    "CUCMClusterName",
    "IMloggingEnable",
    "EndPointName",
    "TC",
];

const SSO_ID: usize = 0;
const DISPLAY_NAME: usize = 1;
const FIRST_NAME: usize = 2;
const LAST_NAME: usize = 3;
const EMAIL: usize = 4;

/// The name of the mail-merge file written beside the notices.
pub const MAIL_MERGE_FILE: &str = "messenger-notices-mail-merge.csv";

/// A user from a valid row of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessengerUser {
    /// The line of the file the user is on, counted from 1.
    pub row: u32,
    /// How to pick this user: the userSSOId, or the email when the row has none.
    pub id: String,
    pub user_sso_id: String,
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

/// One problem with a row that was refused. A row may have several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowProblem {
    /// The file's name.
    pub file: String,
    /// The line of the file, counted from 1 as a person counts.
    pub row: u32,
    /// The column's name (from the Administration Tool's file layout).
    pub column: String,
    /// The value found there (may be empty).
    pub value: String,
    /// A stable code: `missing_value`, `bad_email`, `duplicate_user`,
    /// `too_many_columns`, `not_utf8`, `unreadable_row`.
    pub code: String,
    /// What is wrong, in plain words.
    pub problem: String,
    /// What to do about it.
    pub hint: String,
    /// All of it in one sentence: file, row, column, value, problem and what to do.
    pub message: String,
}

/// What the import found: the users of the valid rows and the problems of the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessengerImport {
    /// The file as given.
    pub path: String,
    /// Whether its first row was a header row.
    pub had_header: bool,
    /// Rows with data read (not counting a header or blank lines).
    pub rows_read: u32,
    pub users: Vec<MessengerUser>,
    pub problems: Vec<RowProblem>,
}

impl MessengerImport {
    /// How many rows were refused.
    pub fn refused_rows(&self) -> usize {
        self.problems
            .iter()
            .map(|p| p.row)
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// One notice written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WrittenNotice {
    pub id: String,
    pub email: String,
    /// The .eml file.
    pub path: String,
}

/// Everything written for one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoticesWritten {
    pub folder: String,
    pub notices: Vec<WrittenNotice>,
    /// The mail-merge CSV: one row per notice.
    pub mail_merge: String,
}

/// What to write, and where.
#[derive(Debug, Clone)]
pub struct NoticeRequest<'a> {
    /// Where users download the latest Cisco WebEx application (http or https).
    pub download_url: &'a str,
    /// The notices' From address: the administrator's, so users can reply.
    pub sender: &'a str,
    pub out_dir: &'a Path,
    /// The ids of the users to write for; `None` means every valid row.
    pub selected: Option<&'a [String]>,
    /// Replace notices already in the folder instead of refusing.
    pub replace: bool,
}

impl Messenger<'_> {
    /// Reads and checks an inactive-users file.
    pub fn messenger_import(&self, path: &Path) -> Result<MessengerImport, EngineError> {
        import_file(path)
    }

    /// Reads the file again and writes the notices of the chosen users into `out_dir`,
    /// or the Downloads folder when none is given. The audit log records it.
    pub fn messenger_notices(
        &self,
        path: &Path,
        selected: &[String],
        download_url: &str,
        sender: &str,
        out_dir: Option<&Path>,
        replace: bool,
    ) -> Result<NoticesWritten, EngineError> {
        let import = import_file(path)?;
        let folder = self.save_folder(out_dir);
        let written = write_notices(
            &import,
            &NoticeRequest {
                download_url,
                sender,
                out_dir: &folder,
                selected: Some(selected),
                replace,
            },
            SystemTime::now(),
        )?;
        self.audit(
            "app",
            "messenger-notices",
            &format!(
                "Wrote {} Messenger notice(s) to {}",
                written.notices.len(),
                written.folder
            ),
            None,
        )?;
        Ok(written)
    }
}

/// Why the Messenger notices could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum MessengerError {
    #[error("cannot read the users file {path}: {message}")]
    File { path: String, message: String },
    #[error("the download address '{url}' cannot be used: {problem}")]
    DownloadUrl { url: String, problem: String },
    #[error("the sender '{value}' is not an email address: {problem}")]
    Sender { value: String, problem: String },
    #[error("{file} has no valid row for: {}", ids.join(", "))]
    UnknownUsers { file: String, ids: Vec<String> },
    #[error("there is no notice to write: {reason}")]
    NoNotices { reason: String },
    #[error("these files already exist, so nothing was written: {}", paths.join(", "))]
    NoticesExist { paths: Vec<String> },
}

impl crate::error::Coded for MessengerError {
    fn code_and_hint(&self) -> (crate::ErrorCode, &'static str) {
        use crate::ErrorCode;
        match self {
            MessengerError::File { .. } => (
                ErrorCode::MessengerFileUnreadable,
                "Check that the file is still there. Give a CSV file of the users in the Cisco WebEx Administration Tool's user file layout (userSSOId, displayName, firstName, lastName, email, …).",
            ),
            MessengerError::DownloadUrl { .. } => (
                ErrorCode::BadDownloadUrl,
                "Give the whole address of the latest Cisco WebEx application, starting with https://. It is in the email you got when the service was set up.",
            ),
            MessengerError::Sender { .. } => (
                ErrorCode::BadSender,
                "Give your own email address, like admin@example.com: the notices come from it, and users reply to it.",
            ),
            MessengerError::UnknownUsers { .. } => (
                ErrorCode::UnknownMessengerUser,
                "Choose users from the valid rows of the file. A row with a problem must be corrected first.",
            ),
            MessengerError::NoNotices { .. } => (
                ErrorCode::NoNoticesToWrite,
                "Correct the rows listed, or choose at least one user, then try again.",
            ),
            MessengerError::NoticesExist { .. } => (
                ErrorCode::NoticesExist,
                "Choose an empty folder, or say that the files may be replaced.",
            ),
        }
    }
}
