//! The keychain for real (a private D-Bus session with gnome-keyring) and the
//! no-keychain path: a sign-in survives a restart only where a keychain keeps it, and
//! no token or secret reaches the data folder or the logs.

use engine::connection::{ConnectionMode, SignInMethod};
use engine::secrets::KEYCHAIN_UNAVAILABLE;
use engine::Engine;
use webex::Secret;

mod support;
use support::assert_no_file_holds;

fn have(program: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs one test of this binary in a child process, with `env` and optionally inside a
/// private D-Bus session with an unlocked gnome-keyring; checks that it passed and
/// returns what it printed.
fn run_inner(test: &str, env: &[(&str, &str)], with_keyring: bool) -> String {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = if with_keyring {
        let mut c = std::process::Command::new("dbus-run-session");
        c.args([
            "--",
            "bash",
            "-c",
            "printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec \"$@\"",
            "bash",
        ]);
        c.arg(&exe);
        c
    } else {
        std::process::Command::new(&exe)
    };
    cmd.args([test, "--exact", "--nocapture", "--test-threads", "1"]);
    cmd.env("WXM_INNER_TEST", "1")
        .env_remove("WXM_SECRET_STORE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 passed"), "{text}");
    text
}

fn inner() -> bool {
    std::env::var_os("WXM_INNER_TEST").is_some()
}

#[test]
fn the_keychain_keeps_a_sign_in_across_restarts_with_a_real_secret_service() {
    if !(have("dbus-run-session") && have("gnome-keyring-daemon")) {
        println!("skipped: dbus-run-session and gnome-keyring-daemon are not installed (Debian packages dbus and gnome-keyring)");
        return;
    }
    let text = run_inner("inner_keychain_sign_in_survives_a_restart", &[], true);
    assert!(text.contains("keychain in use"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn inner_keychain_sign_in_survives_a_restart() {
    if !inner() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let sim = webex_sim::start_with(webex_sim::SimOptions::default())
        .await
        .unwrap();
    let token = sim.demo_token().to_string();
    {
        let engine = Engine::open(&data).unwrap();
        assert_eq!(
            engine.sign_in().secret_store_kind(),
            engine::secrets::StoreKind::Keychain,
            "the Secret Service answers"
        );
        println!("keychain in use");
        let status = engine
            .sign_in()
            .sign_in_with_token(Secret::new(token.clone()), Some(&sim.base_url()))
            .await
            .unwrap();
        assert!(status.keychain.is_none(), "no notice with a keychain");
    }
    // A restart: a new engine on the same folder resumes the live sign-in.
    let engine = Engine::open(&data).unwrap();
    let status = engine.sign_in().resume_sign_in().await.unwrap();
    assert_eq!(status.mode, ConnectionMode::Live);
    assert_eq!(status.method, Some(SignInMethod::PersonalToken));
    // The token is in the keychain, not in the data folder.
    assert_no_file_holds(&data, &token);
    engine.sign_in().sign_out().await.unwrap();
    drop(engine);
    let engine = Engine::open(&data).unwrap();
    let status = engine.sign_in().resume_sign_in().await.unwrap();
    assert_eq!(status.mode, ConnectionMode::Demo, "signed out: demo again");
}

#[test]
fn without_a_keychain_secrets_stay_in_memory_and_the_status_says_so() {
    run_inner(
        "inner_no_keychain_gives_the_stable_notice",
        &[(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/wxm-test-bus",
        )],
        false,
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn inner_no_keychain_gives_the_stable_notice() {
    if !inner() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    // The app's start (demo tenant, nothing stored) keeps nothing, so it neither asks
    // the system for a keychain nor warns about one.
    let start = engine.sign_in().resume_sign_in().await.unwrap();
    assert!(start.demo, "{start:?}");
    assert!(
        start.keychain.is_none(),
        "no keychain notice on the demo tenant"
    );
    assert_eq!(
        engine.sign_in().secret_store_kind(),
        engine::secrets::StoreKind::Memory
    );
    let status = engine.connection_status().await;
    let notice = status.keychain.expect("a notice");
    assert_eq!(notice.code, KEYCHAIN_UNAVAILABLE);
    assert!(notice.message.contains("No keychain"));
    // A sign-in still works, for this run; nothing is written for a later one.
    let sim = webex_sim::start_with(webex_sim::SimOptions::default())
        .await
        .unwrap();
    engine
        .sign_in()
        .sign_in_with_token(Secret::new(sim.demo_token()), Some(&sim.base_url()))
        .await
        .unwrap();
    assert_no_file_holds(dir.path(), sim.demo_token());
}
