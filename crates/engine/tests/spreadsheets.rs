//! Every CSV this app writes is safe to open in a spreadsheet: values from imported
//! files and from Webex that start like a formula are written as text (OWASP CSV
//! injection: a leading single quote), in the Messenger mail merge, the audit export
//! and the bulk report.

use engine::audit::{AuditFilter, AuditFormat};
use engine::messenger::{import_bytes, write_notices, NoticeRequest, MAIL_MERGE_FILE};
use engine::Engine;
use std::time::{Duration, SystemTime};

const FORMULA: &str = "=HYPERLINK(\"https://evil.example\",\"Open\")";

#[test]
fn a_formula_in_a_users_file_reaches_the_mail_merge_csv_as_text() {
    let quoted = format!("\"{}\"", FORMULA.replace('"', "\"\""));
    let file = format!(
        "jdoe,Jane Doe,{quoted},@SUM(1+1),jane.doe@example.com\n\
         mmax,Max Mu,-2+3,+cmd,max.mu@example.com\n"
    );
    let import = import_bytes("users.csv", file.as_bytes());
    assert_eq!(import.users.len(), 2, "{:?}", import.problems);
    let out = tempfile::tempdir().unwrap();
    write_notices(
        &import,
        &NoticeRequest {
            download_url: "https://downloads.example.com/webex",
            sender: "admin@example.com",
            out_dir: out.path(),
            selected: None,
            replace: false,
        },
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_424_400),
    )
    .unwrap();
    let mut reader = csv::Reader::from_path(out.path().join(MAIL_MERGE_FILE)).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][1], format!("'{FORMULA}"));
    assert_eq!(&rows[0][2], "'@SUM(1+1)");
    assert_eq!(&rows[1][1], "'-2+3");
    assert_eq!(&rows[1][2], "'+cmd");
    assert_eq!(&rows[0][0], "jane.doe@example.com", "plain values are kept");
}

#[test]
fn a_formula_in_the_audit_log_is_exported_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    engine
        .audit(FORMULA, "sign-in", "+1+1", Some("@track"))
        .unwrap();
    let csv_text = engine
        .audit_log()
        .export_audit(AuditFormat::Csv, &AuditFilter::default())
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        let i = headers.iter().position(|h| h == name).unwrap();
        row[i].to_string()
    };
    assert_eq!(cell("who"), format!("'{FORMULA}"));
    assert_eq!(cell("detail"), "'+1+1");
    assert_eq!(cell("tracking_id"), "'@track");
    // The JSON export keeps the values exactly.
    let json = engine
        .audit_log()
        .export_audit(AuditFormat::Json, &AuditFilter::default())
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["who"], FORMULA);
}
