//! Reading the Administration Tool's inactive-users file: every row checked, each
//! problem named by line and column.

use super::*;
use crate::messenger::MessengerError;
use std::collections::HashMap;

/// Reads and checks the users file at `path`.
pub fn import_file(path: &Path) -> Result<MessengerImport, EngineError> {
    let unreadable = |message: String| {
        EngineError::Messenger(MessengerError::File {
            path: path.display().to_string(),
            message,
        })
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
    let mut out = MessengerImport {
        path: file.into(),
        had_header: false,
        rows_read: 0,
        users: Vec::new(),
        problems: Vec::new(),
    };
    // A spreadsheet's "Unicode text" (UTF-16 with its byte-order mark, tab-separated) is
    // read as the same rows in UTF-8.
    let (decoded, delimiter) = match crate::files::decode_utf16(bytes) {
        Some(Ok(text)) => {
            let first = text.lines().next().unwrap_or_default();
            let tabs = first.matches('\t').count() > first.matches(',').count();
            (Some(text), if tabs { b'\t' } else { b',' })
        }
        Some(Err(row)) => {
            out.problems.push(unreadable_from(
                file,
                row,
                "breaks off in the middle of a character: the rest of the file cannot be read",
                "Save the file as UTF-8 (in Excel: Save As, \"CSV UTF-8\"), then import it again.",
            ));
            return out;
        }
        None => (None, b','),
    };
    let bytes = decoded.as_deref().map_or(bytes, str::as_bytes);
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
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
                out.problems.push(unreadable_from(
                    file,
                    row,
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

/// The file cannot be read from `row` on.
fn unreadable_from(file: &str, row: u32, what: &str, hint: &str) -> RowProblem {
    problem(file, row, "(whole row)", "", "unreadable_row", what, hint)
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
            // Empty cells after the last column are what spreadsheets save: no problem.
            if extra.iter().all(|v| v.is_empty()) {
                break;
            }
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
