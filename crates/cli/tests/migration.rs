//! `wxm migration` as a real process against the simulated tenant: the board read from
//! Webex (counts as the simulator has them), a chase that sends one consent email to
//! each user waiting longer than --older-than and none again the same day (each send
//! audited as a job's), the customer's report, `--json` that parses, a bad
//! --older-than exiting 2 naming the flag, and no send without a confirmation.

use serde_json::{json, Value};
use webex_sim::SimOptions;

mod support;
use support::{query_u32, stderr, Tenant};

const GLOBEX: &str = "DemoTelecom+globex";

fn consent_emails(t: &Tenant) -> usize {
    t.control("state", None)["emails"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "consentMove")
        .count()
}

#[test]
fn migration_status_chase_and_report_work_as_the_board_page_does() {
    let t = Tenant::start_with(SimOptions::default());
    let data = tempfile::tempdir().unwrap();
    // Tara (seeded) waits for consent; four days pass.
    t.control("clock/advance", Some(json!({ "seconds": 4 * 86_400 })));

    let out = t
        .wxm(data.path())
        .args(["--json", "migration", "status", GLOBEX])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let board: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sim_count = t.users_of(GLOBEX).len() as u64;
    assert_eq!(board["total"].as_u64(), Some(sim_count));
    let tara = board["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["subscriberId"] == "sim-sub-tara")
        .expect("Tara is on the board");
    assert_eq!(tara["status"], "pending_user_migration");
    assert!(tara["daysInStatus"].as_f64().unwrap() >= 4.0);
    assert_eq!(tara["waitingOn"], "end_user");

    // Bad input: exit 2 naming the flag, nothing sent.
    let before = consent_emails(&t);
    let out = t
        .wxm(data.path())
        .args([
            "migration",
            "chase",
            GLOBEX,
            "--older-than",
            "soon",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--older-than"), "{}", stderr(&out));
    // Without a terminal and without --yes: refused, nothing sent.
    let out = t
        .wxm(data.path())
        .args(["migration", "chase", GLOBEX, "--older-than", "3d"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(consent_emails(&t), before);

    let out = t
        .wxm(data.path())
        .args([
            "--json",
            "migration",
            "chase",
            GLOBEX,
            "--older-than",
            "3d",
            "--yes",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let job: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(job["job"]["sent"], 1, "{job}");
    assert_eq!(consent_emails(&t), before + 1);
    let audited = query_u32(
        data.path(),
        "SELECT COUNT(*) FROM audit_log WHERE action = 'resend-consent-email' AND job_id IS NOT NULL AND method = 'POST'",
    );
    assert_eq!(audited, 1);

    // The same day: nobody again.
    let out = t
        .wxm(data.path())
        .args(["migration", "chase", GLOBEX, "--older-than", "3d", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Nobody to send to"));
    assert_eq!(consent_emails(&t), before + 1);

    // The report for the customer, and the list of boards.
    let report = data.path().join("report.html");
    let out = t
        .wxm(data.path())
        .args(["migration", "report", GLOBEX, "--format", "html", "--out"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains("Tara Trial") && html.contains("still need to open the email from Webex")
    );
    let out = t
        .wxm(data.path())
        .args(["--json", "migration", "list"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list["boards"][0]["spEnterpriseId"], GLOBEX);
}
