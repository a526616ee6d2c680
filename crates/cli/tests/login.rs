//! `wxm login`, `logout` and `whoami` as real processes on a temporary data folder.
//! Secrets stay in memory here (`WXM_SECRET_STORE=memory`), as on a machine without a
//! keychain, so the CLI must say so.

use assert_cmd::Command;

mod support;
use support::{assert_refused, json};

fn wxm(data: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("wxm").unwrap();
    cmd.env("WXM_DATA_DIR", data)
        .env("WXM_SECRET_STORE", "memory")
        .env_remove("WXM_TOKEN")
        .env_remove("WXM_BASE_URL");
    cmd
}

#[test]
fn login_demo_then_whoami_shows_the_demo_tenant_and_logout_signs_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = wxm(dir.path()).args(["login", "--demo"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Signed in as Alex Partner"), "{text}");
    assert!(text.contains("Demo tenant"), "{text}");

    let out = wxm(dir.path()).args(["whoami", "--json"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let v = json(&out);
    assert_eq!(v["mode"], "demo");
    assert_eq!(v["demo"], true);
    assert_eq!(v["method"], "demo");

    wxm(dir.path()).arg("logout").assert().success();
    let out = wxm(dir.path()).args(["whoami", "--json"]).output().unwrap();
    assert_refused(&out, 1, "not_signed_in", "wxm login");
}

#[tokio::test(flavor = "multi_thread")]
async fn login_pat_reads_the_token_from_stdin_and_says_when_no_keychain_keeps_it() {
    let sim = webex_sim::start_with(webex_sim::SimOptions::default())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let token = sim.demo_token().to_string();
    let base = sim.base_url();
    let data = dir.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        wxm(&data)
            .args(["login", "--pat", "--base-url", &base])
            .write_stdin(format!("{token}\n"))
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("Signed in as Alex Partner"), "{stdout}");
    assert!(stdout.contains("personal access token, until"), "{stdout}");
    assert!(
        stderr.contains("No keychain is available") && stderr.contains("[keychain_unavailable]"),
        "one plain sentence with its code: {stderr}"
    );
    assert!(!stdout.contains(sim.demo_token()) && !stderr.contains(sim.demo_token()));

    // A bad token: refused, and never echoed.
    let base = sim.base_url();
    let data = dir.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        wxm(&data)
            .args(["login", "--pat", "--json", "--base-url", &base])
            .write_stdin("bad-token-123\n")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_refused(&out, 1, "sign_in_again", "");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("bad-token-123"));
}

#[test]
fn whoami_without_a_keychain_or_sign_in_explains_both() {
    let dir = tempfile::tempdir().unwrap();
    let out = wxm(dir.path()).args(["whoami", "--json"]).output().unwrap();
    assert_refused(&out, 1, "not_signed_in", "No keychain is available");
}
