//! `wxm` as a user runs it: a real process, real files, a temporary data folder.

use predicates::prelude::*;
use serde_json::Value;
use std::path::PathBuf;

mod support;
use support::{assert_refused, json, stderr, wxm_on_a_fresh_folder as wxm};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seeds() -> PathBuf {
    repo().join("../shared/seeds")
}

#[test]
fn version_and_help_describe_the_tool_and_its_global_options() {
    wxm()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("wxm 0.1.0"));
    wxm().arg("--help").assert().success().stdout(
        predicate::str::contains("--data-dir")
            .and(predicate::str::contains("--json"))
            .and(predicate::str::contains("decide")),
    );
}

#[test]
fn the_data_folder_comes_from_the_flag_or_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let flag_dir = dir.path().join("from-flag");
    let out = wxm()
        .args(["info", "--json", "--data-dir"])
        .arg(&flag_dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out);
    assert_eq!(v["dataDir"], flag_dir.display().to_string());
    assert!(flag_dir.join("wxm.sqlite3").exists());

    let env_dir = dir.path().join("from-env");
    wxm()
        .arg("info")
        .env("WXM_DATA_DIR", &env_dir)
        .assert()
        .success();
    assert!(env_dir.join("wxm.sqlite3").exists());
}

#[test]
fn wizards_lists_the_five_wizards() {
    let out = wxm().args(["wizards", "--json"]).output().unwrap();
    let v = json(&out);
    let ids: Vec<&str> = v["wizards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "move-user",
            "attach-org",
            "grant-full-admin",
            "detach-org",
            "messenger-guest-to-business"
        ]
    );
}

#[test]
fn decide_prints_the_outcome_rule_reason_and_procedure_as_json() {
    let out = wxm()
        .args(["decide", "move-user", "--json"])
        .args([
            "--answer",
            "user_org=consumer",
            "--answer",
            "w4bw_org_exists=yes",
        ])
        .args([
            "--answer",
            "method=admin",
            "--answer",
            "email_trust=trusted",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out);
    assert_eq!(v["wizard"], "move-user");
    assert_eq!(v["outcome"], "move-trusted-email");
    assert_eq!(v["pending"], serde_json::json!([]));
    assert!(v["rule"].is_string());
    assert!(v["reason"].as_str().unwrap().contains("trusted emails"));
    assert!(v["procedure"]["steps"].as_array().unwrap().len() > 3);
}

#[test]
fn decide_with_partial_answers_lists_what_is_still_to_ask() {
    let out = wxm()
        .args(["decide", "move-user", "--json", "-a", "user_org=consumer"])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["outcome"], Value::Null);
    assert_eq!(
        v["pending"],
        serde_json::json!(["w4bw_org_exists", "method", "email_trust"])
    );
    wxm()
        .args(["decide", "move-user", "-a", "user_org=consumer"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Outcome: not decided yet")
                .and(predicate::str::contains("w4bw_org_exists")),
        );
}

#[test]
fn unknown_wizards_inputs_and_values_exit_2_naming_what_is_allowed() {
    wxm()
        .args(["decide", "move-users"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("'move-users'")
                .and(predicate::str::contains("move-user, attach-org")),
        );
    wxm()
        .args(["decide", "move-user", "-a", "userorg=consumer"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("'userorg'")
                .and(predicate::str::contains("user_org, w4bw_org_exists")),
        );
    wxm()
        .args(["decide", "move-user", "-a", "user_org=free"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("'free'").and(predicate::str::contains("consumer, customer")),
        );
    wxm()
        .args(["decide", "move-user", "-a", "user_org"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("INPUT=VALUE"));
    let out = wxm().args(["decide", "nope", "--json"]).output().unwrap();
    assert_refused(&out, 2, "unknown_wizard", "");
}

#[test]
fn tables_check_passes_on_the_built_in_and_the_repository_tables_with_the_seeds() {
    wxm()
        .args(["tables", "check", "--seeds"])
        .arg(seeds())
        .assert()
        .success();
    wxm()
        .args(["tables", "check"])
        .arg(repo().join("tables"))
        .arg("--seeds")
        .arg(seeds())
        .assert()
        .success();
}

#[test]
fn tables_check_fails_on_each_broken_table_with_a_counterexample() {
    let cases = [
        ("gap", "gap: no rule matches the answers a=y, b=y"),
        (
            "overlap",
            "overlap: rules 'r3', 'r4' all match the answers a=y, b=y",
        ),
        ("unreachable", "rule 'r4' is unreachable"),
        ("unknown-answer", "uses 'z', which is not an answer of 'a'"),
        (
            "misquote",
            "the quote \"Administrator adds the users.\" is not in section",
        ),
    ];
    for (case, message) in cases {
        let dir = repo().join("crates/decide/tests/tables").join(case);
        wxm()
            .args(["tables", "check"])
            .arg(&dir)
            .arg("--seeds")
            .arg(seeds())
            .assert()
            .code(1)
            .stdout(predicate::str::contains(message));
    }
}

#[test]
fn tables_check_names_an_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("start.toml"),
        "question = \"q\"\nhelp = \"h\"\nchoices = []\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("move-user.toml"),
        "id = \"move-user\"\ntitle = [\n",
    )
    .unwrap();
    wxm()
        .args(["tables", "check"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("move-user.toml"));
}

#[test]
fn plan_writes_the_procedure_as_html_or_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.html");
    wxm()
        .args([
            "plan",
            "detach-org",
            "-a",
            "flow=standard",
            "-a",
            "partner_has_access=no",
            "--out",
        ])
        .arg(&file)
        .assert()
        .success();
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!doctype html>") && html.contains("Warning:"));
    assert!(
        html.contains("Detach Webex for BroadWorks from Existing Organization"),
        "the seed section of each step"
    );
    wxm()
        .args([
            "plan",
            "messenger-guest-to-business",
            "-a",
            "messenger_version=6_or_later",
            "--format",
            "md",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# ").and(predicate::str::contains("1. [ ] **You**")));
    wxm()
        .args(["plan", "detach-org", "--out"])
        .arg(dir.path().join("no/such/folder/plan.html"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot write"));
}

#[test]
fn whoami_without_a_token_says_to_sign_in_first() {
    let out = wxm()
        .args(["whoami", "--json"])
        .env_remove("WXM_TOKEN")
        .env_remove("WXM_BASE_URL")
        .output()
        .unwrap();
    assert_refused(&out, 1, "not_signed_in", "Sign in first");
}

/// Ends the `wxm sim serve` this test started, whatever happens.
struct Serving(std::process::Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn sim_serve_prints_a_base_url_and_demo_token_that_whoami_accepts_and_never_echoes() {
    use std::io::BufRead;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wxm"))
        .args(["sim", "serve", "--json", "--latency-ms", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let serving = Serving(child);
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap();
    let started: Value = serde_json::from_str(&line).unwrap();
    let base_url = started["baseUrl"].as_str().unwrap();
    let token = started["token"].as_str().unwrap();
    assert!(base_url.starts_with("http://127.0.0.1:"));

    let out = wxm()
        .args(["whoami", "--json", "--base-url", base_url, "--token", token])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let me = json(&out);
    assert_eq!(me["displayName"], "Alex Partner");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(token));

    // The control API needs the control token printed beside the demo token.
    let control_url = started["controlUrl"].as_str().unwrap().to_string();
    let control_token = started["controlToken"].as_str().unwrap().to_string();
    assert!(control_token.len() >= 32, "an unguessable control token");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (without, with) = rt.block_on(async {
        let without = reqwest::Client::new()
            .get(format!("{control_url}/stats"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        let with = webex_sim::control_client::SimControl::new(&control_url, &control_token)
            .get("stats")
            .await
            .unwrap()
            .0;
        (without, with)
    });
    assert_eq!((without, with), (401, 200));

    // Through the environment, and a wrong token: refused, and not echoed.
    let out = wxm()
        .arg("whoami")
        .env("WXM_BASE_URL", base_url)
        .env("WXM_TOKEN", "wrong-token-abc-123")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("wrong-token-abc-123"), "{all}");
    let help = wxm()
        .arg("--help")
        .env("WXM_TOKEN", "wrong-token-abc-123")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains("wrong-token-abc-123"));
    drop(serving);
}

#[test]
fn sim_serve_refuses_a_bad_fault_spec_with_exit_code_2() {
    let out = wxm()
        .args(["sim", "serve", "--json", "--faults", "5xx=7"])
        .output()
        .unwrap();
    assert_refused(&out, 2, "faults_invalid", "");
}
