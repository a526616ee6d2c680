//! `wxm migration`: the customer's migration board from the terminal — which boards
//! there are, where every user of a customer stands (read from Webex, only what
//! changed), chasing those who have not agreed to the move, trying the failed again,
//! and the status report for the customer. Each goes through the engine as the app's
//! board page does: same audit rows, same journaled jobs.

use crate::act::{self, SignedIn};
use crate::output::shown;
use crate::{Failure, Global};
use clap::{Subcommand, ValueEnum};
use engine::board::report::{summary, BoardReportFormat};
use engine::board::{BoardEntry, BoardJobView, BoardView, ChaseKind};
use engine::{ApiError, ErrorCode};
use serde_json::json;
use std::path::PathBuf;

/// The subcommands of `wxm migration`.
#[derive(Subcommand)]
pub enum MigrationCommand {
    /// The customers with a board: those read before and those a bulk job sent users to.
    List,
    /// Where every user of a customer stands: read from Webex (only what changed since the last look), then shown.
    Status {
        /// The customer's BroadWorks enterprise (spEnterpriseId).
        enterprise: String,
        /// Read every user again, not only those whose status changed.
        #[arg(long)]
        full: bool,
    },
    /// Send the consent email again to the users who have waited for it longer than --older-than (not twice within a day).
    Chase {
        enterprise: String,
        /// How long a user has waited: 3d, 36h, 2.5d.
        #[arg(long, value_name = "DURATION", default_value = "3d")]
        older_than: String,
        /// Do not ask before sending.
        #[arg(long)]
        yes: bool,
    },
    /// Remove and provision again the users whose error a new try can get past (Webex error 2017, once the customer approved you).
    RetryFailed {
        enterprise: String,
        /// Do not ask before sending.
        #[arg(long)]
        yes: bool,
    },
    /// The status report for the customer's administrator: counts by state and what is left for each person.
    Report {
        enterprise: String,
        #[arg(long, value_enum, default_value = "html")]
        format: Format,
        /// Write it to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// A report's format.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Html,
    Csv,
}

/// Runs `wxm migration …`.
pub fn run(command: MigrationCommand, global: &Global) -> Result<(), Failure> {
    if let MigrationCommand::List = command {
        let engine = crate::open_engine(global)?;
        let boards = engine.board().boards()?;
        if global.json {
            println!("{}", json!({ "boards": boards }));
        } else if boards.is_empty() {
            println!("No boards yet. Read one from Webex: wxm migration status ENTERPRISE");
        } else {
            for b in boards {
                println!(
                    "{}: {} — {} done, {} waiting, {} with a problem",
                    shown(&b.sp_enterprise_id),
                    act::count(b.total as usize, "user", "users"),
                    b.done,
                    b.waiting,
                    b.failed
                );
            }
        }
        return Ok(());
    }
    let signed = SignedIn::open(global)?;
    match command {
        MigrationCommand::List => Ok(()),
        MigrationCommand::Status { enterprise, full } => {
            let board = signed.run(signed.engine.board().refresh(&enterprise, full))?;
            print_board(&board, global.json);
            Ok(())
        }
        MigrationCommand::Chase {
            enterprise,
            older_than,
            yes,
        } => {
            let days = days_of(&older_than)?;
            resume_unfinished(&signed, &enterprise, global.json)?;
            signed.run(signed.engine.board().refresh(&enterprise, false))?;
            let users = signed.engine.board().chase_candidates(&enterprise, days)?;
            let question = format!(
                "Send the consent email again to {} waiting more than {older_than} in {enterprise}?",
                act::count(users.len(), "user", "users")
            );
            run_job(
                &signed,
                (&enterprise, ChaseKind::ChaseConsent),
                &users,
                (&question, yes),
                global.json,
            )
        }
        MigrationCommand::RetryFailed { enterprise, yes } => {
            resume_unfinished(&signed, &enterprise, global.json)?;
            signed.run(signed.engine.board().refresh(&enterprise, false))?;
            let users = signed.engine.board().retry_candidates(&enterprise)?;
            let question = format!(
                "Remove and provision again {} of {enterprise} whose error a new try can get past?",
                act::count(users.len(), "user", "users")
            );
            run_job(
                &signed,
                (&enterprise, ChaseKind::RetryFailed),
                &users,
                (&question, yes),
                global.json,
            )
        }
        MigrationCommand::Report {
            enterprise,
            format,
            out,
        } => {
            signed.run(signed.engine.board().refresh(&enterprise, false))?;
            let format = match format {
                Format::Html => BoardReportFormat::Html,
                Format::Csv => BoardReportFormat::Csv,
            };
            let text = signed.engine.board().report(&enterprise, format)?;
            match out {
                Some(path) => {
                    crate::save(&path, &text)?;
                    if global.json {
                        println!("{}", json!({ "saved": path.display().to_string() }));
                    } else {
                        println!("Saved the report for the customer: {}", path.display());
                    }
                }
                None => print!("{text}"),
            }
            Ok(())
        }
    }
}

/// `3d`, `36h`, `2.5d`, `90m` or a plain number of days, as days.
fn days_of(text: &str) -> Result<f64, Failure> {
    let t = text.trim();
    let bad = || Failure {
        exit: 2,
        error: ApiError::new(
            ErrorCode::InvalidForm,
            format!("--older-than: '{t}' is not a length of time"),
            "Give a number of days or hours, for example --older-than 3d or --older-than 36h.",
        ),
    };
    let (number, unit) = match t.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => (&t[..i], &t[i..]),
        None => (t, "d"),
    };
    let n: f64 = number.trim().parse().map_err(|_| bad())?;
    let per_day = match unit.trim().to_ascii_lowercase().as_str() {
        "d" | "day" | "days" => 1.0,
        "h" | "hour" | "hours" => 24.0,
        "m" | "min" | "minutes" => 1440.0,
        _ => return Err(bad()),
    };
    if !n.is_finite() || n < 0.0 {
        return Err(bad());
    }
    Ok(n / per_day)
}

/// A job of the enterprise that a kill or an expired sign-in left unfinished is
/// finished first (nothing is sent twice).
fn resume_unfinished(signed: &SignedIn, enterprise: &str, json: bool) -> Result<(), Failure> {
    let board = signed.engine.board().board(enterprise)?;
    for job in board
        .jobs
        .iter()
        .filter(|j| matches!(j.status.as_str(), "running" | "paused"))
    {
        if !json {
            eprintln!(
                "Finishing an earlier job for {enterprise} first ({}).",
                job.id
            );
        }
        signed.run(signed.engine.board().resume_job(&job.id))?;
    }
    Ok(())
}

fn run_job(
    signed: &SignedIn,
    (enterprise, kind): (&str, ChaseKind),
    users: &[BoardEntry],
    (question, yes): (&str, bool),
    json: bool,
) -> Result<(), Failure> {
    if users.is_empty() {
        if json {
            println!("{}", json!({ "job": null, "users": 0 }));
        } else {
            println!("Nobody to send to: {}", match kind {
                ChaseKind::ChaseConsent => "no user has waited that long, or each was sent the email again within the last day.",
                ChaseKind::RetryFailed => "no user has an error that a new try can get past.",
            });
        }
        return Ok(());
    }
    if !json {
        for u in users {
            println!(
                "  {} ({}): {}",
                shown(&u.name),
                shown(&u.user_id),
                u.status_words
            );
        }
    }
    act::confirm(question, yes, "Nothing was sent")?;
    let ids: Vec<String> = users.iter().map(|u| u.subscriber_id.clone()).collect();
    let job = signed.run(signed.engine.board().start_job(enterprise, kind, &ids))?;
    print_job(&job, json);
    if job.status == "paused" {
        return Err(Failure {
            exit: 1,
            error: ApiError::new(
                ErrorCode::SignInAgain,
                "the job paused: the Webex sign-in expired or was refused",
                "Sign in again (wxm login), then run the same command: it finishes this job first.",
            ),
        });
    }
    Ok(())
}

fn print_job(job: &BoardJobView, json: bool) {
    if json {
        println!("{}", json!({ "job": job }));
        return;
    }
    println!(
        "{}: {} sent, {} skipped, {} failed{}.",
        match job.kind {
            ChaseKind::ChaseConsent => "Consent emails sent again",
            ChaseKind::RetryFailed => "Users provisioned again",
        },
        job.sent,
        job.skipped,
        job.failed,
        if job.unsure > 0 {
            format!(", {} may have gone before the app stopped", job.unsure)
        } else {
            String::new()
        }
    );
    for p in &job.problems {
        println!("  {}", shown(p));
    }
}

/// An actor's label inside a sentence: "The user" → "the user", but "Webex" keeps its
/// capital (and so does the rest of the label: "the customer's administrator").
fn in_sentence(label: &str) -> String {
    if label.starts_with("Webex") {
        return label.to_string();
    }
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn print_board(board: &BoardView, json: bool) {
    if json {
        println!("{}", json!(board));
        return;
    }
    println!(
        "{}: {}",
        shown(&board.sp_enterprise_id),
        act::count(board.total as usize, "user", "users")
    );
    for line in summary(board) {
        println!("  {line}");
    }
    for a in &board.waiting_on {
        println!("  Waiting on {}: {}", in_sentence(&a.label), a.count);
    }
    for e in board.entries.iter().filter(|e| e.status != "provisioned") {
        // Without a time of the last change (Webex left it out, or sent no date),
        // the line says no "for …" rather than "for " and nothing.
        let days = e
            .days_in_status
            .map(|d| format!(" for {d:.1} days"))
            .unwrap_or_default();
        let by = e
            .started_by
            .as_ref()
            .map(|o| format!(" · started by {} {}", o.kind, o.label))
            .unwrap_or_default();
        println!(
            "- {} ({}): {}{days}{by}\n    {}",
            shown(&e.name),
            shown(&e.user_id),
            e.status_words,
            shown(&e.next_step)
        );
        // What Webex said of an error, which the next step may tell to read.
        if let Some(details) = e.problem.as_ref().map(|p| &p.details) {
            if !details.is_empty() {
                println!("    Details: {}", shown(details));
            }
        }
    }
    if let Some(r) = &board.refreshed {
        println!(
            "Read from Webex with {} ({}).",
            act::count(r.requests as usize, "request", "requests"),
            if r.full {
                "every user"
            } else {
                "only what changed"
            }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{days_of, in_sentence};

    #[test]
    fn actor_labels_read_in_a_sentence_keep_webex_capitalised() {
        assert_eq!(in_sentence("The user"), "the user");
        assert_eq!(in_sentence("You"), "you");
        assert_eq!(in_sentence("Webex, automatically"), "Webex, automatically");
        assert_eq!(in_sentence(""), "");
    }

    #[test]
    fn lengths_of_time_read_as_days() {
        assert_eq!(days_of("3d").ok(), Some(3.0));
        assert_eq!(days_of("36h").ok(), Some(1.5));
        assert_eq!(days_of("2.5").ok(), Some(2.5));
        assert!(days_of("soon").is_err());
        assert!(days_of("-1d").is_err());
        assert_eq!(days_of("3w").err().map(|f| f.exit), Some(2));
    }
}
