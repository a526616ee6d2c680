//! The status report for the customer: counts by state and, per user, what is left
//! and who must do it — worded for the customer's administrator ("3 of your people
//! still need to open the email from Webex"), with the date it was made. A
//! self-contained HTML page (no scripts, no outside files) or a CSV.

use super::{BoardEntry, BoardView};
use crate::plan::esc;
use serde::Deserialize;
use ts_rs::TS;

/// The report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum BoardReportFormat {
    Html,
    Csv,
}

/// What is left for one user and who must do it, in the customer's words.
pub fn left_for_customer(e: &BoardEntry) -> (&'static str, &'static str) {
    match e.status.as_str() {
        "pending_email_input" => (
            "Open the text message with the activation link and enter their email address.",
            "This person",
        ),
        "pending_email_validation" => (
            "Open the email from Webex and click Join Now.",
            "This person",
        ),
        "pending_user_migration" => (
            "Open the email from Webex, click Activate Account, sign in and delete their old Webex account.",
            "This person",
        ),
        "provisioning" | "updating" => ("Nothing: Webex is finishing the set-up.", "Webex"),
        "provisioned" => ("Nothing: done.", "Nobody"),
        _ if e.waiting_on.as_deref() == Some("customer_admin") => (
            "Approve your partner as an external Full Administrator in Control Hub (admin.webex.com). Your partner then tries again.",
            "You",
        ),
        _ => ("Your partner is fixing a problem with this account.", "Your partner"),
    }
}

fn count(board: &BoardView, statuses: &[&str]) -> usize {
    board
        .entries
        .iter()
        .filter(|e| statuses.contains(&e.status.as_str()))
        .count()
}

fn people(n: usize) -> String {
    if n == 1 {
        "1 of your people".into()
    } else {
        format!("{n} of your people")
    }
}

/// The summary sentences, for the customer's administrator.
pub fn summary(board: &BoardView) -> Vec<String> {
    let mut out = Vec::new();
    let total = board.entries.len();
    let done = count(board, &["provisioned"]);
    out.push(format!(
        "{done} of {total} people have moved to Webex for BroadWorks."
    ));
    let email = count(
        board,
        &["pending_user_migration", "pending_email_validation"],
    );
    if email > 0 {
        out.push(format!(
            "{} still need to open the email from Webex.",
            people(email)
        ));
    }
    let input = count(board, &["pending_email_input"]);
    if input > 0 {
        out.push(format!(
            "{} still need to open the text message with the activation link and enter their email address.",
            people(input)
        ));
    }
    let webex = count(board, &["provisioning", "updating"]);
    if webex > 0 {
        out.push(format!("Webex is still setting up {}.", people(webex)));
    }
    let approve = board
        .entries
        .iter()
        .filter(|e| e.status == "error" && e.waiting_on.as_deref() == Some("customer_admin"))
        .count();
    if approve > 0 {
        out.push(format!(
            "Your partner needs your approval before {} can move: add them as an external Full Administrator in Control Hub (admin.webex.com).",
            people(approve)
        ));
    }
    let fixing = count(board, &["error"]) - approve;
    if fixing > 0 {
        out.push(format!(
            "Your partner is fixing a problem for {}.",
            people(fixing)
        ));
    }
    out
}

/// A moment for people, in this computer's time zone: `2 December 2026, 14:02 CET`
/// (as it is when it cannot be read as RFC 3339).
pub fn readable_moment(rfc3339: &str) -> String {
    match rfc3339.trim().parse::<jiff::Timestamp>() {
        Ok(t) => t
            .to_zoned(jiff::tz::TimeZone::system())
            .strftime("%-d %B %Y, %H:%M %Z")
            .to_string(),
        Err(_) => rfc3339.to_string(),
    }
}

/// A date for people: `2 December 2026`.
pub fn readable_date(rfc3339: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (Some(y), Some(m), Some(d)) = (
        rfc3339.get(0..4),
        rfc3339.get(5..7).and_then(|m| m.parse::<usize>().ok()),
        rfc3339.get(8..10).and_then(|d| d.parse::<u32>().ok()),
    ) else {
        return rfc3339.to_string();
    };
    match MONTHS.get(m.wrapping_sub(1)) {
        Some(month) => format!("{d} {month} {y}"),
        None => rfc3339.to_string(),
    }
}

fn waited(e: &BoardEntry) -> String {
    match e.days_in_status {
        Some(d) if d >= 1.0 => {
            let n = d.floor() as u64;
            if n == 1 {
                "1 day".into()
            } else {
                format!("{n} days")
            }
        }
        Some(_) => "less than a day".into(),
        None => String::new(),
    }
}

/// The report as CSV: one row per user, then the summary.
pub fn report_csv(board: &BoardView, made: &str) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "Name",
        "Email",
        "BroadWorks user ID",
        "Where they are",
        "Since",
        "Waiting",
        "What is left",
        "Who must do it",
    ]);
    for e in &board.entries {
        let (left, who) = left_for_customer(e);
        let since = e.since.as_deref().map(readable_date).unwrap_or_default();
        let _ = w.write_record(crate::spreadsheet::safe_record([
            e.name.as_str(),
            e.email.as_deref().unwrap_or(""),
            e.user_id.as_str(),
            e.status_words.as_str(),
            since.as_str(),
            waited(e).as_str(),
            left,
            who,
        ]));
    }
    let made = format!("Made on {made}");
    for line in summary(board).iter().chain(std::iter::once(&made)) {
        let mut cells = [""; 8];
        cells[6] = line.as_str();
        let _ = w.write_record(crate::spreadsheet::safe_record(cells));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The report as one self-contained HTML page.
pub fn report_html(board: &BoardView, made: &str) -> String {
    let mut h = String::new();
    h.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    h.push_str(&format!(
        "<title>Moving your people to Webex for BroadWorks – {}</title>",
        esc(&board.sp_enterprise_id)
    ));
    h.push_str("<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#0b0c0c;line-height:1.4}table{border-collapse:collapse;width:100%}th,td{border:1px solid #505a5f;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f3f2f1}ul.summary{font-size:1.15rem}@media print{body{margin:0}}</style>");
    h.push_str("</head><body><main>\n");
    h.push_str("<h1>Moving your people to Webex for BroadWorks</h1>\n");
    h.push_str(&format!(
        "<p>Status of {} on {}. Made by your partner with Webex Migration Wizard.</p>\n",
        esc(&board.sp_enterprise_id),
        esc(made)
    ));
    h.push_str("<h2>Where things stand</h2>\n<ul class=\"summary\">\n");
    for line in summary(board) {
        h.push_str(&format!("<li>{}</li>\n", esc(&line)));
    }
    h.push_str("</ul>\n<h2>Everyone, one by one</h2>\n<table><caption>What is left for each person, and who must do it</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Email</th><th scope=\"col\">Where they are</th><th scope=\"col\">Since</th><th scope=\"col\">What is left</th><th scope=\"col\">Who must do it</th></tr></thead><tbody>\n");
    for e in &board.entries {
        let (left, who) = left_for_customer(e);
        let since = match (e.since.as_deref(), waited(e)) {
            (Some(s), w) if !w.is_empty() => format!("{} ({w})", readable_date(s)),
            (Some(s), _) => readable_date(s),
            _ => String::new(),
        };
        h.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&e.name),
            esc(e.email.as_deref().unwrap_or("")),
            esc(&e.status_words),
            esc(&since),
            esc(left),
            esc(who)
        ));
    }
    h.push_str("</tbody></table>\n</main></body></html>\n");
    h
}

impl crate::Board<'_> {
    /// The customer's status report, from the board as last read.
    pub fn report(
        &self,
        enterprise: &str,
        format: BoardReportFormat,
    ) -> Result<String, crate::EngineError> {
        let board = self.board(enterprise)?;
        let made = crate::sessions::now_for_people();
        let made = format!("{} at {}", readable_date(&made), &made[11..]);
        Ok(match format {
            BoardReportFormat::Html => report_html(&board, &made),
            BoardReportFormat::Csv => report_csv(&board, &made),
        })
    }

    /// Saves the report in `folder` (the Downloads folder when not given); its path.
    pub fn export_report(
        &self,
        enterprise: &str,
        format: BoardReportFormat,
        folder: Option<&std::path::Path>,
    ) -> Result<String, crate::EngineError> {
        let text = self.report(enterprise, format)?;
        let folder = self.save_folder(folder);
        let export_error = |path: &std::path::Path, e: std::io::Error| {
            crate::EngineError::Session(crate::sessions::SessionError::Export {
                path: path.display().to_string(),
                source: e,
            })
        };
        std::fs::create_dir_all(&folder).map_err(|e| export_error(&folder, e))?;
        let date = &crate::sessions::now_for_people()[..10];
        let safe: String = enterprise
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let ext = match format {
            BoardReportFormat::Html => "html",
            BoardReportFormat::Csv => "csv",
        };
        let path = folder.join(format!("webex-migration-{safe}-{date}.{ext}"));
        std::fs::write(&path, text).map_err(|e| export_error(&path, e))?;
        Ok(path.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_read_as_dates_and_times_for_people_not_iso() {
        let said = readable_moment("2026-12-02T12:00:00Z");
        assert!(said.contains("December 2026, "), "{said}");
        assert!(!said.contains("2026-12"), "{said}");
        assert_eq!(readable_moment("not a time"), "not a time");
    }
}
