//! Cells of the CSV files this app writes (bulk report, Messenger mail merge, audit
//! export), made safe to open in a spreadsheet: a value from a file or from Webex that
//! starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return) is prefixed with a
//! single quote, as OWASP's CSV-injection guidance asks, so Excel and LibreOffice show
//! it as text instead of running it.

use std::borrow::Cow;

/// The value, neutralised when a spreadsheet would read it as a formula.
pub fn safe_cell(value: &str) -> Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{value}")),
        _ => Cow::Borrowed(value),
    }
}

/// A whole record, each cell neutralised.
pub fn safe_record<'a>(cells: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    cells
        .into_iter()
        .map(|c| safe_cell(c).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_start_like_formulas_are_neutralised_and_others_are_kept() {
        for bad in [
            "=HYPERLINK(\"https://evil.example\",\"Open\")",
            "+1+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1:A2)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(safe_cell(bad), format!("'{bad}"));
        }
        for good in ["ann@example.com", "Ann", "", "a=b", "4321"] {
            assert_eq!(safe_cell(good), good);
        }
    }
}
