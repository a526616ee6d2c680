//! The customer's report as the UI tests check it: a board with a user in every state,
//! written by the real `report_html` to ui/tests/fixtures/board-report.html, where
//! ui/tests/board.test.mjs loads it into Chromium and runs axe (WCAG 2.2 AA) on it.

use engine::board::report::report_html;
use engine::board::{BoardEntry, BoardView};

mod support;
use support::assert_generated_file_is_fresh;

fn entry(n: u32, name: &str, status: &str, words: &str, days: f64) -> BoardEntry {
    BoardEntry {
        subscriber_id: format!("sub-{n}"),
        user_id: format!("user{n}@bw.example"),
        name: name.into(),
        email: Some(format!("user{n}@globex.example")),
        status: status.into(),
        status_words: words.into(),
        since: Some("2026-11-23T09:00:00Z".into()),
        days_in_status: Some(days),
        waiting_on: match status {
            "provisioned" => None,
            "error" => Some("customer_admin".into()),
            "provisioning" => Some("webex".into()),
            _ => Some("end_user".into()),
        },
        next_step: String::new(),
        problem: None,
        started_by: None,
        last_chased: None,
        can_chase: status == "pending_user_migration",
        can_retry: false,
    }
}

fn board() -> BoardView {
    let entries = vec![
        entry(
            1,
            "Ada Lovelace",
            "provisioned",
            "set up in Webex for BroadWorks",
            2.0,
        ),
        entry(
            2,
            "Bo Chen",
            "pending_user_migration",
            "waiting for the user to agree to the move",
            4.2,
        ),
        entry(
            3,
            "Cy Diaz",
            "pending_email_input",
            "waiting for the user to enter their email",
            0.5,
        ),
        entry(
            4,
            "Di Evans",
            "pending_email_validation",
            "waiting for the user to confirm their email",
            1.0,
        ),
        entry(5, "Ed <Fox> & Co", "provisioning", "being set up", 0.1),
        entry(6, "Flo Gray", "error", "failed", 3.0),
    ];
    BoardView {
        sp_enterprise_id: "DemoTelecom+globex".into(),
        refreshed: None,
        total: entries.len() as u32,
        started_here: 0,
        counts: Vec::new(),
        waiting_on: Vec::new(),
        entries,
        jobs: Vec::new(),
    }
}

#[test]
fn the_ui_tests_check_the_customers_report_as_the_engine_writes_it() {
    assert_generated_file_is_fresh(
        "ui/tests/fixtures/board-report.html",
        &report_html(&board(), "27 November 2026 at 09:00"),
        "report_fixture",
    );
}
