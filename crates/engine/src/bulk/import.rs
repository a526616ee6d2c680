//! Reading a CSV of users for a bulk move: UTF-8 with or without BOM (or UTF-16 with
//! one, as a spreadsheet's "Unicode text"), comma, semicolon or tab, header names matched loosely with aliases, every row validated with a
//! message naming the row, the column, the value and the problem. Valid rows go on.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Read;
use ts_rs::TS;

/// Whether the partner's onboarding template trusts the emails from BroadWorks.
/// With untrusted emails the user enters their own, so the column may be empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EmailTrust {
    Trusted,
    Untrusted,
}

/// Settings for the whole file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportOptions {
    pub email_trust: EmailTrust,
    /// Used for rows without an enterprise column (or with it empty).
    pub enterprise: Option<String>,
    /// Used for rows without a provisioning id column (or with it empty).
    pub provisioning_id: Option<String>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            email_trust: EmailTrust::Trusted,
            enterprise: None,
            provisioning_id: None,
        }
    }
}

/// One valid user of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkRow {
    /// The row as a spreadsheet counts it (the header is row 1).
    pub row: u32,
    pub user_id: String,
    pub sp_enterprise_id: String,
    pub provisioning_id: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub package: String,
    pub primary_phone_number: Option<String>,
    pub extension: Option<String>,
    pub language: Option<String>,
    pub timezone: Option<String>,
}

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "BulkRowProblem")]
pub struct RowProblem {
    pub row: u32,
    /// The column as the file names it.
    pub column: Option<String>,
    pub value: Option<String>,
    pub problem: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}", self.row)?;
        if let Some(c) = &self.column {
            write!(f, ", column \"{c}\"")?;
        }
        if let Some(v) = &self.value {
            write!(f, " (\"{v}\")")?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// The file read: the valid rows, and a problem for each refused row.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "BulkImport")]
pub struct ImportResult {
    pub file: String,
    pub rows: Vec<BulkRow>,
    pub problems: Vec<RowProblem>,
    /// Columns of the file that this app does not use.
    pub ignored_columns: Vec<String>,
}

/// The file as a whole cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{file} is empty: it needs a header row and one row per user")]
    Empty { file: String },
    #[error("{file} is not UTF-8 text (first bad character near row {row}): save it as \"CSV UTF-8\" and try again")]
    NotUtf8 { file: String, row: u32 },
    #[error("{file} has no column for {}: add {} to the header row", missing.join(", "), if missing.len() == 1 { "it" } else { "them" })]
    MissingColumns { file: String, missing: Vec<String> },
    #[error("{file}: {message}")]
    Unreadable { file: String, message: String },
}

/// The fields a file can carry, with the header names accepted for each
/// (compared after removing case, spaces, dashes and underscores).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Field {
    UserId,
    Enterprise,
    ProvisioningId,
    FirstName,
    LastName,
    Email,
    Package,
    Phone,
    Extension,
    Language,
    Timezone,
}

const ALIASES: &[(Field, &[&str])] = &[
    (Field::UserId, &["userid", "broadworksuserid", "bwuserid"]),
    (
        Field::Enterprise,
        &["spenterpriseid", "enterprise", "enterpriseid"],
    ),
    (Field::ProvisioningId, &["provisioningid"]),
    (Field::FirstName, &["firstname", "givenname"]),
    (Field::LastName, &["lastname", "surname", "familyname"]),
    (Field::Email, &["email", "emailaddress", "mail"]),
    (Field::Package, &["package"]),
    (
        Field::Phone,
        &["primaryphonenumber", "phone", "phonenumber"],
    ),
    (Field::Extension, &["extension", "ext"]),
    (Field::Language, &["language"]),
    (Field::Timezone, &["timezone"]),
];

/// Packages of Webex for BroadWorks.
pub const PACKAGES: &[&str] = &["softphone", "basic", "standard", "premium"];

fn normalize_header(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

fn field_of(header: &str) -> Option<Field> {
    let n = normalize_header(header);
    ALIASES
        .iter()
        .find(|(_, names)| names.contains(&n.as_str()))
        .map(|(f, _)| *f)
}

/// A plausible email: one @, something before it, a dotted domain, no spaces.
pub fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
}

fn looks_like_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    digits >= 2
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.'))
}

/// `en`, or `en_US` (ISO 639-1, optionally with ISO 3166).
fn looks_like_language(s: &str) -> bool {
    let (lang, country) = match s.split_once('_') {
        Some((l, c)) => (l, Some(c)),
        None => (s, None),
    };
    lang.len() == 2
        && lang.chars().all(|c| c.is_ascii_lowercase())
        && country.is_none_or(|c| c.len() == 2 && c.chars().all(|c| c.is_ascii_uppercase()))
}

/// The row (1-based) a byte offset falls in.
fn row_at(before: &[u8]) -> u32 {
    before.iter().filter(|b| **b == b'\n').count() as u32 + 1
}

/// Reads and validates a bulk CSV. File-level problems are errors; row problems are
/// collected and the valid rows kept.
pub fn import_csv(
    file: &str,
    mut reader: impl Read,
    options: &ImportOptions,
) -> Result<ImportResult, ImportError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::Unreadable {
            file: file.into(),
            message: e.to_string(),
        })?;
    let decoded;
    let text = match crate::files::decode_utf16(&bytes) {
        Some(Ok(t)) => {
            decoded = t;
            decoded.as_str()
        }
        Some(Err(row)) => {
            return Err(ImportError::NotUtf8 {
                file: file.into(),
                row,
            })
        }
        None => match std::str::from_utf8(&bytes) {
            Ok(t) => t,
            Err(e) => {
                return Err(ImportError::NotUtf8 {
                    file: file.into(),
                    row: row_at(&bytes[..e.valid_up_to()]),
                });
            }
        },
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A first line `sep=;` names the delimiter (Excel writes and reads it; it is not a
    // row there, so rows are numbered without it).
    let (text, named) = match text.split_once('\n') {
        Some((first, rest)) if first.trim_end().len() == 5 && first.starts_with("sep=") => {
            (rest, first.as_bytes().get(4).copied())
        }
        _ => (text, None),
    };
    let first_line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .ok_or(ImportError::Empty { file: file.into() })?;
    // Commas, semicolons (spreadsheets where the comma is the decimal mark) or tabs
    // (a spreadsheet's "Unicode text"): whichever the header row has most of.
    let delimiter = named.unwrap_or_else(|| {
        [b',', b';', b'\t']
            .into_iter()
            .max_by_key(|d| (first_line.matches(char::from(*d)).count(), *d == b','))
            .unwrap_or(b',')
    });
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = csv
        .headers()
        .map_err(|e| ImportError::Unreadable {
            file: file.into(),
            message: e.to_string(),
        })?
        .clone();
    let mut columns: HashMap<Field, (usize, String)> = HashMap::new();
    let mut ignored_columns = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match field_of(h) {
            Some(f) if !columns.contains_key(&f) => {
                columns.insert(f, (i, h.to_string()));
            }
            // Spreadsheets often save empty columns after the last one: nothing to say.
            _ if h.is_empty() => {}
            _ => ignored_columns.push(h.to_string()),
        }
    }
    let mut missing = Vec::new();
    for (field, label) in [
        (Field::UserId, "the BroadWorks user id (\"User ID\")"),
        (Field::FirstName, "the first name (\"First Name\")"),
        (Field::LastName, "the last name (\"Last Name\")"),
        (Field::Package, "the package (\"Package\")"),
    ] {
        if !columns.contains_key(&field) {
            missing.push(label.to_string());
        }
    }
    if !columns.contains_key(&Field::Enterprise) && options.enterprise.is_none() {
        missing.push(
            "the enterprise (\"Enterprise\"), or give --enterprise for the whole file".into(),
        );
    }
    if !columns.contains_key(&Field::Phone) && !columns.contains_key(&Field::Extension) {
        missing.push("a phone number (\"Phone Number\") or an extension (\"Extension\")".into());
    }
    if !columns.contains_key(&Field::Email) && options.email_trust == EmailTrust::Trusted {
        missing.push("the email (\"Email\"), needed with trusted emails".into());
    }
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns {
            file: file.into(),
            missing,
        });
    }

    let mut rows = Vec::new();
    let mut problems = Vec::new();
    // (enterprise, user id) → row where it first appeared.
    let mut seen: HashMap<(String, String), u32> = HashMap::new();
    // Email (lower case) → row where it first appeared: one Webex account an email, so
    // two users with one email cannot both be moved.
    let mut seen_emails: HashMap<String, u32> = HashMap::new();
    // Rows as a spreadsheet numbers them: the line the record starts on, found from
    // its byte offset (the csv crate does not count blank lines).
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |byte: u64| {
        // A record's position can point at the blank lines before it.
        let mut b = byte as usize;
        while text
            .as_bytes()
            .get(b)
            .is_some_and(|c| *c == b'\n' || *c == b'\r')
        {
            b += 1;
        }
        line_starts.partition_point(|&s| s <= b) as u32
    };
    let mut last_row = 1;
    for record in csv.records() {
        let row = match &record {
            Ok(r) => r.position().map_or(last_row + 1, |p| line_of(p.byte())),
            Err(e) => e.position().map_or(last_row + 1, |p| line_of(p.byte())),
        };
        last_row = row;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(RowProblem {
                    row,
                    column: None,
                    value: None,
                    problem: format!("cannot be read ({e}); check its quotes"),
                });
                continue;
            }
        };
        if record.iter().all(|c| c.is_empty()) {
            continue; // blank lines are not users
        }
        let get = |f: Field| -> Option<(&str, &str)> {
            let (i, name) = columns.get(&f)?;
            let v = record.get(*i).unwrap_or("");
            Some((v, name.as_str()))
        };
        let value = |f: Field| get(f).map(|(v, _)| v).filter(|v| !v.is_empty());
        let column = |f: Field| get(f).map(|(_, n)| n.to_string());
        let mut row_problems = Vec::new();
        let mut problem = |f: Field, v: Option<&str>, text: String| {
            row_problems.push(RowProblem {
                row,
                column: column(f),
                value: v.map(str::to_string),
                problem: text,
            });
        };
        for (field, what) in [
            (Field::UserId, "the BroadWorks user id"),
            (Field::FirstName, "the first name"),
            (Field::LastName, "the last name"),
            (Field::Package, "the package"),
        ] {
            if value(field).is_none() {
                problem(field, None, format!("{what} is missing; fill it in"));
            }
        }
        let enterprise = value(Field::Enterprise)
            .map(str::to_string)
            .or_else(|| options.enterprise.clone());
        if enterprise.is_none() {
            problem(
                Field::Enterprise,
                None,
                "the enterprise is missing; fill it in or give --enterprise".into(),
            );
        }
        let email = value(Field::Email);
        match email {
            Some(e) if !looks_like_email(e) => problem(
                Field::Email,
                Some(e),
                "is not a valid email address; correct it (name@example.com)".into(),
            ),
            None if options.email_trust == EmailTrust::Trusted => problem(
                Field::Email,
                None,
                "the email is missing; with trusted emails every user needs one (or run the job with untrusted emails)".into(),
            ),
            _ => {}
        }
        if let Some(p) = value(Field::Package) {
            if !PACKAGES.contains(&p.to_ascii_lowercase().as_str()) {
                problem(
                    Field::Package,
                    Some(p),
                    format!("is not a package; use one of {}", PACKAGES.join(", ")),
                );
            }
        }
        let phone = value(Field::Phone);
        let extension = value(Field::Extension);
        if phone.is_none() && extension.is_none() {
            let f = if columns.contains_key(&Field::Phone) {
                Field::Phone
            } else {
                Field::Extension
            };
            problem(
                f,
                None,
                "needs a phone number or an extension; fill in one of them".into(),
            );
        }
        if let Some(p) = phone.filter(|p| !looks_like_phone(p)) {
            problem(
                Field::Phone,
                Some(p),
                "is not a phone number; use digits, with + for the country code".into(),
            );
        }
        if let Some(x) = extension.filter(|x| !x.chars().all(|c| c.is_ascii_digit())) {
            problem(
                Field::Extension,
                Some(x),
                "is not an extension; use digits only".into(),
            );
        }
        if let Some(l) = value(Field::Language).filter(|l| !looks_like_language(l)) {
            problem(
                Field::Language,
                Some(l),
                "is not a language code; use en or en_US".into(),
            );
        }
        if let Some(t) = value(Field::Timezone).filter(|t| t.contains(char::is_whitespace)) {
            problem(
                Field::Timezone,
                Some(t),
                "is not a time zone; use a name such as America/Los_Angeles".into(),
            );
        }
        if let Some(first) = value(Field::Email).and_then(|e| seen_emails.get(&e.to_lowercase())) {
            problem(
                Field::Email,
                value(Field::Email),
                format!("is already the email of the user on row {first}; one Webex account has one email, so give this user their own"),
            );
        }
        if let (Some(user), Some(ent)) = (value(Field::UserId), enterprise.as_ref()) {
            if let Some(first) = seen.get(&(ent.clone(), user.to_string())) {
                problem(
                    Field::UserId,
                    Some(user),
                    format!("this user is already on row {first}; the first row is kept, so remove this one"),
                );
            } else if row_problems.is_empty() {
                seen.insert((ent.clone(), user.to_string()), row);
            }
        }
        if !row_problems.is_empty() {
            problems.extend(row_problems);
            continue;
        }
        if let Some(email) = value(Field::Email) {
            seen_emails.insert(email.to_lowercase(), row);
        }
        let own = |f: Field| value(f).map(str::to_string);
        rows.push(BulkRow {
            row,
            user_id: own(Field::UserId).unwrap_or_default(),
            sp_enterprise_id: enterprise.unwrap_or_default(),
            provisioning_id: own(Field::ProvisioningId).or_else(|| options.provisioning_id.clone()),
            first_name: own(Field::FirstName).unwrap_or_default(),
            last_name: own(Field::LastName).unwrap_or_default(),
            email: own(Field::Email),
            package: own(Field::Package).unwrap_or_default().to_ascii_lowercase(),
            primary_phone_number: own(Field::Phone),
            extension: own(Field::Extension),
            language: own(Field::Language),
            timezone: own(Field::Timezone),
        });
    }
    Ok(ImportResult {
        file: file.into(),
        rows,
        problems,
        ignored_columns,
    })
}
