//! The Messenger Guest → Business kit: reads the inactive-users list that the Cisco WebEx
//! Messenger Administration Tool exports, checks every row, and writes a ready-to-send
//! notice for each chosen user (an .eml file each, and one mail-merge CSV).

use crate::{Engine, EngineError};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
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

// ------------------------------------------------------------------ import

/// Reads and checks the users file at `path`.
pub fn import_file(path: &Path) -> Result<MessengerImport, EngineError> {
    let unreadable = |message: String| EngineError::MessengerFile {
        path: path.display().to_string(),
        message,
    };
    let bytes = crate::files::read_limited(path, crate::files::MAX_IMPORT_BYTES)
        .map_err(|e| unreadable(e.to_string()))?;
    let mut import = import_bytes(&file_label(path), &bytes);
    import.path = path.display().to_string();
    Ok(import)
}

fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads and checks the contents of a users file; `file` names it in the problems.
pub fn import_bytes(file: &str, bytes: &[u8]) -> MessengerImport {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut out = MessengerImport {
        path: file.into(),
        had_header: false,
        rows_read: 0,
        users: Vec::new(),
        problems: Vec::new(),
    };
    // Column index in the file → column index in `COLUMNS`; the fixed order unless a
    // header row says otherwise.
    let mut layout: Vec<Option<usize>> = (0..COLUMNS.len()).map(Some).collect();
    let mut first_row_of: HashMap<String, u32> = HashMap::new();
    let mut first = true;
    let mut lines = LineCounter::new(bytes);
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let row = lines.line_at(e.position().map_or(0, |p| p.byte()));
                out.problems.push(problem(
                    file,
                    row,
                    "(whole row)",
                    "",
                    "unreadable_row",
                    &format!("the rest of the file cannot be read ({e})"),
                    "Save the file again as CSV (comma-separated values), then import it again.",
                ));
                break;
            }
        }
        let row = lines.line_at(record.position().map_or(0, |p| p.byte()));
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // a blank line, or a row of empty cells: nothing to lose
        }
        if std::mem::take(&mut first) {
            if let Some(header) = header_layout(&record) {
                layout = header;
                out.had_header = true;
                continue;
            }
        }
        out.rows_read += 1;
        read_row(file, row, &record, &layout, &mut first_row_of, &mut out);
    }
    out
}

/// Line numbers as a person counts them. The csv crate's own line count lags behind
/// after CRLF line ends and blank lines, so lines are counted here from byte offsets.
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            at: 0,
            line: 1,
        }
    }

    /// The line of the record that the reader started reading at `byte`: the first
    /// line after the line ends (and blank lines) found there.
    fn line_at(&mut self, byte: u64) -> u32 {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start >= self.at {
            let newlines = self.bytes[self.at..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.line += u32::try_from(newlines).unwrap_or(u32::MAX);
            self.at = start;
        }
        self.line
    }
}

/// The layout a header row gives, when the row is one (its first cell is `userSSOId`).
fn header_layout(record: &csv::ByteRecord) -> Option<Vec<Option<usize>>> {
    let cell = |i: usize| String::from_utf8_lossy(record.get(i).unwrap_or_default()).into_owned();
    if !cell(0).trim().eq_ignore_ascii_case(COLUMNS[SSO_ID]) {
        return None;
    }
    Some(
        (0..record.len())
            .map(|i| {
                let name = cell(i);
                COLUMNS
                    .iter()
                    .position(|c| c.eq_ignore_ascii_case(name.trim()))
            })
            .collect(),
    )
}

fn problem(
    file: &str,
    row: u32,
    column: &str,
    value: &str,
    code: &str,
    what: &str,
    hint: &str,
) -> RowProblem {
    let shown = if value.is_empty() {
        "(empty)".to_string()
    } else {
        format!("'{value}'")
    };
    RowProblem {
        file: file.into(),
        row,
        column: column.into(),
        value: value.into(),
        code: code.into(),
        problem: what.into(),
        hint: hint.into(),
        message: format!("{file}, row {row}, column {column}: {shown} {what}. {hint}"),
    }
}

fn read_row(
    file: &str,
    row: u32,
    record: &csv::ByteRecord,
    layout: &[Option<usize>],
    first_row_of: &mut HashMap<String, u32>,
    out: &mut MessengerImport,
) {
    let before = out.problems.len();
    let mut cells: Vec<String> = vec![String::new(); COLUMNS.len()];
    for (i, raw) in record.iter().enumerate() {
        let Some(slot) = layout.get(i) else {
            let extra: Vec<String> = record
                .iter()
                .skip(layout.len())
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .collect();
            let last = layout
                .last()
                .copied()
                .flatten()
                .map_or("the last one", |c| COLUMNS[c]);
            out.problems.push(problem(
                file,
                row,
                &format!("{} (after {last})", layout.len() + 1),
                &extra.join(","),
                "too_many_columns",
                &format!(
                    "is past the last column: the row has {} columns, the file's layout has {}",
                    record.len(),
                    layout.len()
                ),
                "A value with a comma in it must be in double quotes. Correct the row, then import the file again.",
            ));
            break;
        };
        let column_name = slot.map(|c| COLUMNS[c]).unwrap_or("(unknown column)");
        match std::str::from_utf8(raw) {
            Ok(text) => {
                if let Some(c) = slot {
                    cells[*c] = text.trim().to_string();
                }
            }
            Err(_) => out.problems.push(problem(
                file,
                row,
                column_name,
                String::from_utf8_lossy(raw).trim(),
                "not_utf8",
                "is not UTF-8 text",
                "Save the file as UTF-8 (in Excel: Save As, \"CSV UTF-8\"), then import it again.",
            )),
        }
    }
    for (c, what) in [
        (FIRST_NAME, "the user's first name"),
        (LAST_NAME, "the user's last name"),
        (EMAIL, "the user's email address"),
    ] {
        if cells[c].is_empty()
            && !out.problems[before..]
                .iter()
                .any(|p| p.column == COLUMNS[c])
        {
            out.problems.push(problem(
                file,
                row,
                COLUMNS[c],
                "",
                "missing_value",
                &format!("is missing: {} is required", COLUMNS[c]),
                &format!("Add {what} to this row, or remove the row if this user is not moving."),
            ));
        }
    }
    let email = &cells[EMAIL];
    if !email.is_empty() {
        if let Err(why) = check_email(email) {
            out.problems.push(problem(
                file,
                row,
                COLUMNS[EMAIL],
                email,
                "bad_email",
                &format!("is not an email address: {why}"),
                "Correct the address (it looks like name@example.com), or remove the row.",
            ));
        }
    }
    let (id, id_column) = if cells[SSO_ID].is_empty() {
        (email.to_lowercase(), COLUMNS[EMAIL])
    } else {
        (cells[SSO_ID].clone(), COLUMNS[SSO_ID])
    };
    if !id.is_empty() {
        match first_row_of.get(&id) {
            Some(&earlier) => out.problems.push(problem(
                file,
                row,
                id_column,
                &id,
                "duplicate_user",
                &format!("is also on row {earlier}; row {earlier} is kept and this row is refused"),
                &format!(
                    "Remove row {row} or row {earlier}, or give each user their own {id_column}."
                ),
            )),
            None => {
                first_row_of.insert(id.clone(), row);
            }
        }
    }
    if out.problems.len() > before {
        return;
    }
    let (first_name, last_name) = (
        clean_name(&cells[FIRST_NAME]),
        clean_name(&cells[LAST_NAME]),
    );
    let display_name = if cells[DISPLAY_NAME].is_empty() {
        format!("{first_name} {last_name}")
    } else {
        clean_name(&cells[DISPLAY_NAME])
    };
    out.users.push(MessengerUser {
        row,
        id,
        user_sso_id: clean_name(&cells[SSO_ID]),
        display_name,
        first_name,
        last_name,
        email: email.clone(),
    });
}

/// A name as it may stand in a notice's headers and body: control characters (CR, LF,
/// tab…) and the line and paragraph separators (U+2028, U+2029) become spaces, so a
/// name from the file can never add a header or a line to the email.
pub fn clean_name(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks that `value` is a plain email address (`name@example.com`), saying what is
/// wrong when it is not.
pub fn check_email(value: &str) -> Result<(), &'static str> {
    if value.chars().any(char::is_whitespace) {
        return Err("it has a space in it");
    }
    let Some((local, domain)) = value.split_once('@') else {
        return Err("it has no @");
    };
    if domain.contains('@') {
        return Err("it has more than one @");
    }
    if local.is_empty() {
        return Err("nothing comes before the @");
    }
    if domain.is_empty() {
        return Err("nothing comes after the @");
    }
    let allowed_local = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
    if !local.chars().all(allowed_local)
        || !domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return Err("it has a character that email addresses cannot have");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err("a dot is misplaced before the @");
    }
    if !domain.contains('.') || domain.split('.').any(str::is_empty) {
        return Err("the part after the @ is not a domain like example.com");
    }
    Ok(())
}

/// Checks the client download address: a whole http or https web address.
pub fn check_download_url(value: &str) -> Result<String, EngineError> {
    let bad = |problem: &str| EngineError::DownloadUrl {
        url: value.into(),
        problem: problem.into(),
    };
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(bad("it is empty"));
    }
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("it has a space in it"));
    }
    let url = url::Url::parse(trimmed).map_err(|e| bad(&e.to_string()))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(bad("it must start with https:// or http://"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("it names no web site"));
    }
    Ok(trimmed.to_string())
}

/// Checks the sender (From) address.
pub fn check_sender(value: &str) -> Result<String, EngineError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(EngineError::Sender {
            value: value.into(),
            problem: "it is empty".into(),
        });
    }
    check_email(trimmed).map_err(|why| EngineError::Sender {
        value: value.into(),
        problem: why.into(),
    })?;
    Ok(trimmed.to_string())
}

// ------------------------------------------------------------------ notices

/// The subject of every notice.
pub const SUBJECT: &str = "Your Cisco WebEx Messenger account is moving to Business Edition";

/// The notice to one user, as plain text with `\n` line breaks. A paragraph is one
/// line: mail programs wrap it to the reader's window.
///
/// Every sentence that says how Cisco WebEx Messenger behaves comes from seed 003 or
/// webex-api.md §4.5, in plainer words; the rest is advice.
pub fn notice_body(user: &MessengerUser, download_url: &str, sender: &str) -> String {
    let blocks: [&[String]; 8] = [
        &[format!("Hello {},", user.first_name)],
        &["Your Cisco WebEx Messenger account is moving from the free Guest Edition to our company's Business Edition. This email says what changes and what you need to do.".into()],
        &["Why: our company now has Cisco WebEx Messenger for its email domain. Guest Edition accounts on that domain can no longer sign in, so you may have had an email saying that your account was deactivated.".into()],
        &[
            "What happens next:".into(),
            "- Your administrator will set your account to active and reset your password.".into(),
            "- You will then get an email with a link to reset your password. Use the link to choose a new password.".into(),
            "- Then sign in to the latest version of Cisco WebEx Messenger with your new password.".into(),
        ],
        &[
            "What to do now: download and install the latest version of the Cisco WebEx application from this address:".into(),
            download_url.into(),
        ],
        &["Important: your contacts will not be transferred to the Business Edition. Make a note of the people you want to keep in touch with, so that you can add them again after the move.".into()],
        &["After the move, your account follows the policies that your company's administrator sets.".into()],
        &[format!("If you have a question, reply to this email ({sender}).")],
    ];
    blocks
        .iter()
        .map(|lines| lines.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n"
}

/// Writes one .eml notice per chosen user and the mail-merge CSV into `request.out_dir`.
/// Refuses, writing nothing, when a file it would write exists and `replace` is off.
pub fn write_notices(
    import: &MessengerImport,
    request: &NoticeRequest,
    now: SystemTime,
) -> Result<NoticesWritten, EngineError> {
    let download_url = check_download_url(request.download_url)?;
    let sender = check_sender(request.sender)?;
    let users: Vec<&MessengerUser> = match request.selected {
        None => import.users.iter().collect(),
        Some(ids) => {
            let unknown: Vec<String> = ids
                .iter()
                .filter(|id| !import.users.iter().any(|u| &u.id == *id))
                .cloned()
                .collect();
            if !unknown.is_empty() {
                return Err(EngineError::UnknownMessengerUsers {
                    file: import.path.clone(),
                    ids: unknown,
                });
            }
            import
                .users
                .iter()
                .filter(|u| ids.contains(&u.id))
                .collect()
        }
    };
    if users.is_empty() {
        return Err(EngineError::NoNoticesToWrite {
            reason: if import.users.is_empty() {
                format!("{} has no valid rows", import.path)
            } else {
                "no user was chosen".into()
            },
        });
    }
    let folder = request.out_dir;
    let mut taken = BTreeSet::from([MAIL_MERGE_FILE.to_string()]);
    let targets: Vec<(&MessengerUser, PathBuf)> = users
        .iter()
        .map(|u| (*u, folder.join(unique_file_name(u, &mut taken))))
        .collect();
    let mail_merge = folder.join(MAIL_MERGE_FILE);
    if !request.replace {
        let existing: Vec<String> = targets
            .iter()
            .map(|(_, p)| p)
            .chain(std::iter::once(&mail_merge))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(EngineError::NoticesExist { paths: existing });
        }
    }
    let export_error = |path: &Path, e: &dyn std::fmt::Display| EngineError::Export {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(folder).map_err(|e| export_error(folder, &e))?;
    let date = rfc5322_date(now);
    let domain = sender.rsplit('@').next().unwrap_or("localhost").to_string();
    let mut merge = csv::Writer::from_writer(Vec::new());
    merge
        .write_record(["email", "first_name", "last_name", "subject", "body"])
        .map_err(|e| export_error(&mail_merge, &e))?;
    let mut notices = Vec::with_capacity(targets.len());
    for (user, path) in &targets {
        let body = notice_body(user, &download_url, &sender);
        let message_id = format!("<{}.wxm@{domain}>", uuid::Uuid::new_v4());
        let eml = render_eml(user, &sender, SUBJECT, &body, &date, &message_id);
        write_file(path, eml.as_bytes(), request.replace).map_err(|e| export_error(path, &e))?;
        merge
            .write_record(crate::spreadsheet::safe_record([
                user.email.as_str(),
                &user.first_name,
                &user.last_name,
                SUBJECT,
                &body,
            ]))
            .map_err(|e| export_error(&mail_merge, &e))?;
        notices.push(WrittenNotice {
            id: user.id.clone(),
            email: user.email.clone(),
            path: path.display().to_string(),
        });
    }
    let merge = merge
        .into_inner()
        .map_err(|e| export_error(&mail_merge, &e))?;
    write_file(&mail_merge, &merge, request.replace).map_err(|e| export_error(&mail_merge, &e))?;
    Ok(NoticesWritten {
        folder: folder.display().to_string(),
        notices,
        mail_merge: mail_merge.display().to_string(),
    })
}

/// Writes a file; without `replace` it never replaces one (even one created meanwhile).
fn write_file(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if replace {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A file name safe on every OS, from the userSSOId (or the email), unique in `taken`
/// even where names differ only in case.
pub fn unique_file_name(user: &MessengerUser, taken: &mut BTreeSet<String>) -> String {
    let source = if user.user_sso_id.is_empty() {
        &user.email
    } else {
        &user.user_sso_id
    };
    let mut stem = String::new();
    for c in source.chars().flat_map(char::to_lowercase) {
        if let Some(plain) = latin_letter(c) {
            stem.push_str(plain);
            continue;
        }
        match c {
            'a'..='z' | '0'..='9' | '_' | '.' => stem.push(c),
            '@' => stem.push_str("_at_"),
            _ => {
                if !stem.ends_with('-') {
                    stem.push('-')
                }
            }
        }
    }
    let mut stem: String = stem
        .trim_matches(|c| c == '-' || c == '.')
        .chars()
        .take(60)
        .collect();
    stem = stem.trim_end_matches(['-', '.']).to_string();
    if stem.is_empty() {
        stem = format!("row-{}", user.row);
    }
    let mut name = format!("notice-{stem}.eml");
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("notice-{stem}-{n}.eml");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// A plain ASCII spelling of a lowercase accented Latin letter, for file names.
fn latin_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'ā' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'è'..='ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì'..='ï' | 'ī' => "i",
        'ð' => "d",
        'ñ' | 'ń' | 'ň' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ß' => "ss",
        'ś' | 'š' => "s",
        'ù'..='ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ł' => "l",
        'ř' => "r",
        'þ' => "th",
        _ => return None,
    })
}

/// The .eml text (RFC 5322, CRLF line ends): UTF-8 plain text, quoted-printable.
/// `X-Unsent: 1` makes Outlook open it as a draft, ready to send.
pub fn render_eml(
    user: &MessengerUser,
    sender: &str,
    subject: &str,
    body: &str,
    date: &str,
    message_id: &str,
) -> String {
    let name = format!("{} {}", user.first_name, user.last_name);
    let headers = [
        format!("From: {sender}"),
        format!("To: {} <{}>", display_name_header(&name), user.email),
        format!("Subject: {}", encode_words(subject)),
        format!("Date: {date}"),
        format!("Message-ID: {message_id}"),
        "MIME-Version: 1.0".to_string(),
        "Content-Type: text/plain; charset=UTF-8".to_string(),
        "Content-Transfer-Encoding: quoted-printable".to_string(),
        "X-Unsent: 1".to_string(),
    ];
    let mut out = headers.join("\r\n");
    out.push_str("\r\n\r\n");
    out.push_str(&quoted_printable(body));
    if !out.ends_with("\r\n") {
        out.push_str("\r\n");
    }
    out
}

/// A display name for a header: a quoted string when it is plain ASCII, else RFC 2047
/// encoded words.
fn display_name_header(name: &str) -> String {
    if name.chars().all(|c| (' '..='~').contains(&c)) {
        let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\"")
    } else {
        encode_words(name)
    }
}

/// RFC 2047 "B" encoded words (each at most 75 characters), folded between words;
/// plain ASCII text is returned as it is.
fn encode_words(text: &str) -> String {
    if text.chars().all(|c| (' '..='~').contains(&c)) {
        return text.to_string();
    }
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| format!("=?UTF-8?B?{}?=", base64(w.as_bytes())))
        .collect::<Vec<_>>()
        .join("\r\n ")
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Quoted-printable (RFC 2045): lines of at most 76 characters, CRLF line ends.
fn quoted_printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        let bytes = line.strip_suffix('\r').unwrap_or(line).as_bytes();
        let mut column = 0;
        for (j, &b) in bytes.iter().enumerate() {
            let last = j + 1 == bytes.len();
            let literal = match b {
                b' ' | b'\t' => !last,
                b'=' => false,
                33..=126 => true,
                _ => false,
            };
            let piece = if literal {
                (b as char).to_string()
            } else {
                format!("={b:02X}")
            };
            if column + piece.len() > 75 {
                out.push_str("=\r\n");
                column = 0;
            }
            out.push_str(&piece);
            column += piece.len();
        }
    }
    out
}

/// An RFC 5322 date in UTC: `Mon, 23 Nov 2026 09:00:00 +0000`.
pub fn rfc5322_date(at: SystemTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let stamp = humantime::format_rfc3339_seconds(
        SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs),
    )
    .to_string();
    // 2026-11-23T09:00:00Z
    let month: usize = stamp[5..7].parse().unwrap_or(1);
    format!(
        "{}, {} {} {} {} +0000",
        DAYS[((secs / 86_400) % 7) as usize],
        stamp[8..10].trim_start_matches('0'),
        MONTHS[month.clamp(1, 12) - 1],
        &stamp[..4],
        &stamp[11..19],
    )
}

// ------------------------------------------------------------------ the app's entry points

impl Engine {
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
        let folder = out_dir
            .map(Path::to_path_buf)
            .or_else(dirs::download_dir)
            .unwrap_or_else(|| self.data_dir().join("exports"));
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
