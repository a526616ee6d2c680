//! `wxm messenger notices` as an administrator runs it: a real process, the engine's
//! fixture files, a temporary output folder.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const URL: &str = "https://download.example.com/webex/latest";
const FROM: &str = "it-admin@example.com";

mod support;
use support::wxm_on_a_fresh_folder as wxm;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../engine/tests/messenger")
        .join(name)
}

fn notices(file: &Path, out: &Path) -> Command {
    let mut cmd = wxm();
    cmd.args(["messenger", "notices"])
        .arg(file)
        .args(["--download-url", URL, "--from", FROM, "--out"])
        .arg(out);
    cmd
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_clean_file_writes_a_notice_per_user_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("notices");
    notices(&fixture("inactive-users.csv"), &out)
        .assert()
        .code(0)
        .stderr("")
        .stdout(
            predicate::str::contains("Wrote 3 notice(s)")
                .and(predicate::str::contains("notice-zangstrom.eml"))
                .and(predicate::str::contains("messenger-notices-mail-merge.csv"))
                .and(predicate::str::contains("All 3 row(s)"))
                .and(predicate::str::contains(
                    "set these users active and reset their passwords",
                )),
        );
    assert_eq!(
        files_in(&out),
        [
            "messenger-notices-mail-merge.csv",
            "notice-jdoe.eml",
            "notice-mmuller.eml",
            "notice-zangstrom.eml"
        ]
    );
    let eml = std::fs::read_to_string(out.join("notice-zangstrom.eml")).unwrap();
    assert!(eml.contains(&format!("From: {FROM}\r\n")));
    assert!(eml.contains("<zoe.angstrom@example.com>"));
    assert!(eml.contains(URL));
}

#[test]
fn refused_rows_are_named_on_stderr_the_others_written_and_the_exit_code_is_1() {
    let dir = tempfile::tempdir().unwrap();
    notices(&fixture("malformed.csv"), dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Wrote 2 notice(s)"))
        .stderr(
            predicate::str::contains("malformed.csv, row 2, column firstName: (empty) is missing")
                .and(predicate::str::contains(
                    "malformed.csv, row 3, column email: 'bad.email@' is not an email address",
                ))
                .and(predicate::str::contains(
                    "row 4, column userSSOId: 'jdoe' is also on row 1",
                ))
                .and(predicate::str::contains("row 6, column 25 (after TC)"))
                .and(predicate::str::contains(
                    "row 7, column email: (empty) is missing",
                ))
                .and(predicate::str::contains("5 row(s) of"))
                .and(predicate::str::contains(
                    "notices were written for the other users",
                )),
        );
    assert_eq!(
        files_in(dir.path()),
        [
            "messenger-notices-mail-merge.csv",
            "notice-jdoe.eml",
            "notice-zangstrom.eml"
        ]
    );
}

#[test]
fn json_output_holds_the_users_the_problems_and_what_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = notices(&fixture("malformed.csv"), dir.path())
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["refusedRows"], 5);
    assert_eq!(v["users"].as_array().unwrap().len(), 2);
    let problems = v["problems"].as_array().unwrap();
    assert_eq!(problems[1]["row"], 3);
    assert_eq!(problems[1]["column"], "email");
    assert_eq!(problems[1]["value"], "bad.email@");
    assert_eq!(problems[1]["code"], "bad_email");
    assert_eq!(v["written"]["notices"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["written"]["notices"][1]["email"],
        "zoe.angstrom@example.com"
    );
}

#[test]
fn users_picks_whom_to_write_for_and_an_unknown_id_is_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    notices(&fixture("inactive-users.csv"), dir.path())
        .args(["--users", "zangstrom, jdoe"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Wrote 2 notice(s)"));
    assert_eq!(files_in(dir.path()).len(), 3);

    let other = tempfile::tempdir().unwrap();
    notices(&fixture("inactive-users.csv"), other.path())
        .args(["--users", "jdoe,ghost"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--users").and(predicate::str::contains("ghost")));
    assert!(files_in(other.path()).is_empty());
}

#[test]
fn existing_notices_are_kept_unless_replace_is_given() {
    let dir = tempfile::tempdir().unwrap();
    notices(&fixture("inactive-users.csv"), dir.path())
        .assert()
        .code(0);
    std::fs::write(dir.path().join("notice-jdoe.eml"), "edited by hand").unwrap();
    notices(&fixture("inactive-users.csv"), dir.path())
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("already exist").and(predicate::str::contains("replaced")),
        );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notice-jdoe.eml")).unwrap(),
        "edited by hand"
    );
    notices(&fixture("inactive-users.csv"), dir.path())
        .arg("--replace")
        .assert()
        .code(0);
    assert!(std::fs::read_to_string(dir.path().join("notice-jdoe.eml"))
        .unwrap()
        .contains("MIME-Version: 1.0"));
}

#[test]
fn a_bad_url_sender_or_file_is_bad_usage_naming_the_flag_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("inactive-users.csv");
    for (url, from, file, says) in [
        ("ftp://dl.example.com", FROM, file.clone(), "--download-url"),
        ("download.example.com", FROM, file.clone(), "--download-url"),
        (URL, "admin", file.clone(), "--from"),
        (URL, FROM, dir.path().join("missing.csv"), "missing.csv"),
    ] {
        wxm()
            .args(["messenger", "notices"])
            .arg(&file)
            .args(["--download-url", url, "--from", from, "--out"])
            .arg(dir.path().join("out"))
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(says)
                    .and(predicate::str::contains("Error: "))
                    .and(predicate::str::contains("Give").or(predicate::str::contains("Check"))),
            );
    }
    assert!(!dir.path().join("out").exists(), "nothing written");
    // A missing flag is clap's usage error, also exit 2.
    wxm()
        .args(["messenger", "notices"])
        .arg(&file)
        .args(["--out", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--download-url"));
}

#[test]
fn a_file_with_no_valid_row_writes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, "x,,,,\ny,Y,Y,Y,not-an-email\n").unwrap();
    notices(&file, &dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("bad.csv, row 2, column email")
                .and(predicate::str::contains("no valid rows")),
        );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn escape_sequences_in_a_refused_cell_are_shown_escaped_not_sent_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("escapes.csv");
    std::fs::write(
        &file,
        "jdoe,Jane Doe,Jane,Doe,jane.doe@example.com\n\
         evil,Evil,Eve,Il,\u{1b}]0;owned\u{7}\u{1b}[2Jnot-an-email\n",
    )
    .unwrap();
    let out = notices(&file, &dir.path().join("out")).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stderr.contains('\u{1b}') && !stdout.contains('\u{1b}'),
        "{stderr:?}"
    );
    assert!(!stderr.contains('\u{7}'), "{stderr:?}");
    assert!(stderr.contains("\\x1b]0;owned\\x07\\x1b[2J"), "{stderr}");
}
