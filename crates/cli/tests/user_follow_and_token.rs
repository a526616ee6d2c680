//! `wxm user status --follow` while the user acts, `--token` for one run against a
//! simulator started in the test, and the completions and manual page.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

mod support;
use support::{stderr, DemoData};

#[test]
fn a_token_for_one_run_acts_on_the_tenant_it_names_and_is_never_stored() {
    let tenant = support::Tenant::start_with(webex_sim::SimOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let token = tenant.mint_token();
    let emails = || {
        tenant.control("end-user/emails?to=tara.trial@mail.example", None)["items"]
            .as_array()
            .map_or(0, Vec::len)
    };
    let before = emails();
    let out = tenant
        .wxm_with(&data, &token)
        .args(["--json", "user", "resend-consent", "sim-sub-tara"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} {}",
        stderr(&out),
        String::from_utf8_lossy(&out.stdout)
    );
    // The simulator saw it: the consent email went out again to the user.
    assert_eq!(emails(), before + 1, "one more email in Tara's mailbox");
    // Audited as the app's action, and nothing about the sign-in was written down.
    assert!(
        !data.join("sign-in.json").exists(),
        "the token's sign-in was stored"
    );
    let out = tenant
        .wxm_with(&data, &token)
        .args(["--json", "audit", "export", "--format", "json", "--changes"])
        .output()
        .unwrap();
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"] == "resend-consent-email"
                && r["target"] == "sim-sub-tara"
                && r["result"] == "ok"),
        "{rows}"
    );
    let bytes = std::fs::read(data.join(engine_db())).unwrap();
    assert!(
        !String::from_utf8_lossy(&bytes).contains(&token),
        "the token reached the database"
    );
}

fn engine_db() -> &'static str {
    "wxm.sqlite3"
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn status_follow_prints_each_change_while_the_user_acts_until_provisioned() {
    let data = DemoData::signed_in();
    let port = free_port();
    let mut child = data
        .wxm()
        .env("WXM_DEMO_PORT", port.to_string())
        .env("WXM_DEMO_CONTROL_TOKEN", "follow-test")
        .args([
            "user",
            "status",
            "sim-sub-vic",
            "--follow",
            "--interval",
            "0.1",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next_status = || loop {
        let line = lines.next().expect("more output").unwrap();
        if line.starts_with("Status: ") {
            return line;
        }
    };
    assert!(next_status().starts_with("Status: pending_email_input"));

    // The user acts, as the simulator's control API plays them.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let control = webex_sim::control_client::SimControl::new(
        &format!("http://127.0.0.1:{port}/sim"),
        "follow-test",
    );
    let user_does = |path: &str, body: Value| {
        let (status, answer) = rt.block_on(control.post(path, &body)).unwrap();
        assert!((200..300).contains(&status), "{path}: {answer}");
    };
    user_does(
        "/end-user/enter-email",
        json!({ "subscriberId": "sim-sub-vic", "email": "vic@verify.example" }),
    );
    assert!(next_status().starts_with("Status: pending_email_validation"));
    user_does(
        "/end-user/join-now",
        json!({ "subscriberId": "sim-sub-vic" }),
    );
    assert!(next_status().starts_with("Status: provisioning — Webex is setting up"));
    assert!(next_status().starts_with("Status: provisioned — Done"));

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "it stops once settled"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
}

#[test]
fn completions_and_the_manual_page_come_from_the_same_definitions() {
    let data = DemoData {
        dir: tempfile::tempdir().unwrap(),
    };
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = data.wxm().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {out:?}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("user") && script.contains("check-full-admin"),
            "{shell}"
        );
    }

    let out = data.wxm().arg("manpage").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.contains(".TH wxm 1") && page.contains(".SH SYNOPSIS"),
        "{page}"
    );

    let pages = data.dir.path().join("man");
    let out = data
        .wxm()
        .args(["--json", "manpage", "--out"])
        .arg(&pages)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["written"].as_array().unwrap().len() > 20);
    let provision = std::fs::read_to_string(pages.join("wxm-user-provision.1")).unwrap();
    assert!(
        provision.starts_with(".ie") || provision.contains(".TH"),
        "roff"
    );
    assert!(provision.contains("untrusted\\-email"), "{provision}");
    assert!(pages.join("wxm.1").exists());
}

#[test]
fn user_status_finds_a_user_by_email() {
    let data = DemoData::signed_in();
    let out = data
        .wxm()
        .args(["--json", "user", "status", "tara.trial@mail.example"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["subscriber"]["id"], "sim-sub-tara");
    assert_eq!(v["subscriber"]["state"]["status"], "pending_user_migration");
    // Nobody has this email (it is a BroadWorks user id): exit 2, asking for its enterprise.
    let out = data
        .wxm()
        .args(["user", "status", "una.globex@bw.demo-telecom.example"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--enterprise"), "{}", stderr(&out));
}

#[test]
fn completions_end_quietly_when_the_reader_stops_early() {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wxm"))
        .args(["completions", "bash"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here, as `| head` closes it.
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
