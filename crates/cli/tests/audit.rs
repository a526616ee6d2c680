//! `wxm audit export` on a real data folder.

use predicates::prelude::*;

mod support;
use support::wxm_on_a_fresh_folder as wxm;

#[test]
fn the_audit_log_exports_as_csv_or_json_and_can_be_filtered() {
    let dir = tempfile::tempdir().unwrap();
    {
        let engine = engine::Engine::open(dir.path()).unwrap();
        engine
            .audit(
                "alex@partner.example",
                "sign-in",
                "Signed in to the demo tenant",
                None,
            )
            .unwrap();
        engine
            .audit(
                "alex@partner.example",
                "export",
                "Saved a plan",
                Some("WXM_123"),
            )
            .unwrap();
    }
    wxm()
        .args(["audit", "export", "--data-dir"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("id,time,who,")
                .and(predicate::str::contains("sign-in"))
                .and(predicate::str::contains("WXM_123")),
        );
    let out = wxm()
        .args([
            "audit",
            "export",
            "--format",
            "json",
            "--filter",
            "plan",
            "--data-dir",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["trackingId"], "WXM_123");
    let file = dir.path().join("audit.csv");
    wxm()
        .args(["audit", "export", "--out"])
        .arg(&file)
        .arg("--data-dir")
        .arg(dir.path())
        .assert()
        .success();
    assert!(std::fs::read_to_string(&file).unwrap().lines().count() == 3);
    wxm()
        .args(["audit", "export", "--format", "xml", "--data-dir"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("csv").and(predicate::str::contains("json")));
}
