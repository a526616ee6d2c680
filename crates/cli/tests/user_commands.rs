//! `wxm user`, `wxm org` and `wxm detach` as real processes, signed in to the demo tenant
//! (webex-sim over loopback HTTP, started by the engine in each process as the app
//! starts it): each writes the same audit rows as the app's action through the engine,
//! its `--json` output parses, bad input exits 2 naming the flag, and nothing changes
//! without a confirmation. Also: completions and the manual page.

use engine::actions::{ActionContext, ProvisionForm, RemovalKind};
use engine::audit::AuditFilter;
use engine::Engine;
use serde_json::Value;
use std::process::Stdio;
use std::sync::Arc;

mod support;
use support::{api_calls, assert_refused, json, stderr, DemoData};

/// Each command, beside the app's action it stands for.
#[derive(Clone, Copy, Debug)]
enum Case {
    Precheck,
    Provision,
    Status,
    StatusByUserId,
    Resend,
    ResendRefused,
    Remove,
    RemoveWorkspace,
    CheckFullAdmin,
    CheckAttached,
    Detach,
}

const CASES: [Case; 11] = [
    Case::Precheck,
    Case::Provision,
    Case::Status,
    Case::StatusByUserId,
    Case::Resend,
    Case::ResendRefused,
    Case::Remove,
    Case::RemoveWorkspace,
    Case::CheckFullAdmin,
    Case::CheckAttached,
    Case::Detach,
];

const PROVISION: [&str; 17] = [
    "--enterprise",
    "DemoTelecom+acme",
    "--provisioning-id",
    "sim-tmpl-trusted",
    "--user-id",
    "ann.acme@bw.demo-telecom.example",
    "--first-name",
    "Ann",
    "--last-name",
    "Acme",
    "--email",
    "ann@acmeplumbing.example",
    "--package",
    "basic",
    "--phone",
    "+1-555-0100",
    "--yes",
];

fn provision_form() -> ProvisionForm {
    ProvisionForm {
        sp_enterprise_id: "DemoTelecom+acme".into(),
        provisioning_id: "sim-tmpl-trusted".into(),
        user_id: "ann.acme@bw.demo-telecom.example".into(),
        first_name: "Ann".into(),
        last_name: "Acme".into(),
        email: "ann@acmeplumbing.example".into(),
        package: "basic".into(),
        primary_phone_number: "+1-555-0100".into(),
        ..ProvisionForm::default()
    }
}

fn cli_args(case: Case) -> Vec<&'static str> {
    match case {
        Case::Precheck => vec![
            "user",
            "precheck",
            "sam.free@mail.example",
            "--enterprise",
            "DemoTelecom+acme",
        ],
        Case::Provision => [&["user", "provision"][..], &PROVISION].concat(),
        Case::Status => vec!["user", "status", "sim-sub-tara"],
        Case::StatusByUserId => vec![
            "user",
            "status",
            "una.globex@bw.demo-telecom.example",
            "--enterprise",
            "DemoTelecom+globex",
        ],
        Case::Resend => vec!["user", "resend-consent", "sim-sub-tara"],
        Case::ResendRefused => vec!["user", "resend-consent", "sim-sub-una"],
        Case::Remove => vec!["user", "remove", "sim-sub-una", "sim-sub-vic", "--yes"],
        Case::RemoveWorkspace => vec![
            "user",
            "remove",
            "--workspace",
            "sim-ws-globex-lobby",
            "--yes",
        ],
        Case::CheckFullAdmin => vec!["org", "check-full-admin", "sim-org-globex"],
        Case::CheckAttached => vec!["org", "check-attached", "DemoTelecom+acme"],
        Case::Detach => vec![
            "detach",
            "DemoTelecom+globex",
            "--workspace",
            "sim-ws-globex-boardroom",
            "--yes",
        ],
    }
}

/// The app's side: what the window calls for the same step (src-tauri/src/actions.rs).
/// Refusals are part of the action; only the audit rows are compared.
async fn app_does(engine: &Engine, case: Case) {
    let ctx = ActionContext::default();
    let actions = engine.actions();
    let ids = |list: &[engine::actions::SubscriberView]| -> Vec<String> {
        list.iter().map(|s| s.id.clone()).collect()
    };
    match case {
        Case::Precheck => {
            let form = ProvisionForm {
                email: "sam.free@mail.example".into(),
                sp_enterprise_id: "DemoTelecom+acme".into(),
                ..ProvisionForm::default()
            };
            let _ = actions.precheck(&ctx, &form).await;
        }
        Case::Provision => {
            let _ = actions.provision(&ctx, &provision_form()).await;
        }
        Case::Status => {
            let _ = actions.subscriber_status(&ctx, "sim-sub-tara").await;
        }
        Case::StatusByUserId => {
            let _ = actions
                .follow_subscriber(
                    &ctx,
                    "DemoTelecom+globex",
                    "una.globex@bw.demo-telecom.example",
                )
                .await;
        }
        Case::Resend => {
            let _ = actions.resend_consent_email(&ctx, "sim-sub-tara").await;
        }
        Case::ResendRefused => {
            let _ = actions.resend_consent_email(&ctx, "sim-sub-una").await;
        }
        Case::Remove => {
            let two = ["sim-sub-una".to_string(), "sim-sub-vic".to_string()];
            let _ = actions.remove(&ctx, RemovalKind::Subscriber, &two).await;
        }
        Case::RemoveWorkspace => {
            let lobby = ["sim-ws-globex-lobby".to_string()];
            let _ = actions.remove(&ctx, RemovalKind::Workspace, &lobby).await;
        }
        Case::CheckFullAdmin => {
            let _ = actions.verify_full_admin(&ctx, "sim-org-globex").await;
        }
        Case::CheckAttached => {
            let _ = actions.verify_org_attached(&ctx, "DemoTelecom+acme").await;
        }
        Case::Detach => {
            // The detach wizard's three removal panels, in order; each lists afresh.
            let ent = "DemoTelecom+globex";
            let room = ["sim-ws-globex-boardroom".to_string()];
            actions
                .remove(&ctx, RemovalKind::Workspace, &room)
                .await
                .unwrap();
            for pending in [false, true] {
                let targets = actions.detach_targets(&ctx, ent).await.unwrap();
                let listed = if pending {
                    ids(&targets.pending)
                } else {
                    ids(&targets.subscribers)
                };
                actions
                    .remove(&ctx, RemovalKind::Subscriber, &listed)
                    .await
                    .unwrap();
            }
        }
    }
}

/// The audit rows of API calls the app's action writes, on a fresh demo tenant.
fn app_calls(case: Case) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open_with_secrets(
        dir.path(),
        Arc::new(engine::secrets::MemoryStore::default()),
    )
    .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        engine.connect_demo().await.unwrap();
        app_does(&engine, case).await;
    });
    let rows = engine
        .audit_log()
        .audit_records(&AuditFilter::default())
        .unwrap();
    api_calls(serde_json::to_value(rows).unwrap())
}

fn ids(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap())
        .collect()
}

/// What each command's `--json` answer says.
fn check_answer(case: Case, v: &Value) {
    match case {
        Case::Precheck => {
            assert_eq!(v["precheck"]["ok"], true);
            let findings = v["precheck"]["findings"].to_string();
            assert!(findings.contains("existing Webex account"), "{findings}");
        }
        Case::Provision => {
            let s = &v["subscriber"];
            assert_eq!(s["userId"], "ann.acme@bw.demo-telecom.example");
            assert_eq!(s["state"]["status"], "provisioning");
            assert_eq!(s["state"]["waitingOn"], "webex");
        }
        Case::Status => {
            assert_eq!(v["subscriber"]["state"]["status"], "pending_user_migration");
            assert_eq!(v["subscriber"]["state"]["waitingOn"], "end_user");
        }
        Case::StatusByUserId => assert_eq!(v["subscriber"]["id"], "sim-sub-una"),
        Case::Resend => assert_eq!(v["resent"], "sim-sub-tara"),
        Case::ResendRefused => assert_eq!(v["error"]["code"], "conflict"),
        Case::Remove => assert_eq!(ids(&v["removed"]), ["sim-sub-una", "sim-sub-vic"]),
        Case::RemoveWorkspace => {
            assert_eq!(v["kind"], "workspace");
            assert_eq!(ids(&v["removed"]), ["sim-ws-globex-lobby"]);
        }
        Case::CheckFullAdmin => assert_eq!(v["ok"], true),
        Case::CheckAttached => {
            assert_eq!(v["ok"], false);
            assert!(v["text"].as_str().unwrap().starts_with("Not yet"));
        }
        Case::Detach => {
            let steps = v["steps"].as_array().unwrap();
            let step_ids: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
            assert_eq!(
                step_ids,
                [
                    "remove-workspaces",
                    "remove-subscribers",
                    "remove-pending-users"
                ]
            );
            assert_eq!(ids(&steps[0]["removed"]), ["sim-ws-globex-boardroom"]);
            // The demo's 120 provisioned Globex users, then its three pending ones.
            assert_eq!(steps[1]["removed"].as_array().unwrap().len(), 120);
            assert_eq!(
                ids(&steps[2]["removed"]),
                ["sim-sub-tara", "sim-sub-una", "sim-sub-vic"]
            );
            let left: Vec<&str> = v["left"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].as_str().unwrap())
                .collect();
            assert_eq!(left, ["delete-calling-configuration"]);
        }
    }
}

#[test]
fn each_command_writes_the_app_actions_audit_rows_and_answers_in_json() {
    for case in CASES {
        let data = DemoData::signed_in();
        let out = data
            .wxm()
            .arg("--json")
            .args(cli_args(case))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let expected_exit = match case {
            Case::ResendRefused => 1,
            _ => 0,
        };
        assert_eq!(out.status.code(), Some(expected_exit), "{case:?}: {out:?}");
        let answer: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{case:?}: not JSON ({e}): {out:?}"));
        check_answer(case, &answer);

        let cli = data.api_calls();
        assert!(!cli.is_empty(), "{case:?}: no API call audited");
        assert_eq!(cli, app_calls(case), "{case:?}: the app's audit rows");
    }
}

#[test]
fn bad_input_exits_2_naming_the_flag_and_sends_nothing() {
    let data = DemoData::signed_in();
    let provision = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = ["user", "provision"]
            .iter()
            .chain(PROVISION.iter())
            .map(|s| s.to_string())
            .collect();
        for pair in extra.chunks(2) {
            match args.iter().position(|a| a == pair[0]) {
                Some(at) if pair[1].is_empty() => {
                    args.drain(at..at + 2);
                }
                Some(at) => args[at + 1] = pair[1].to_string(),
                None => args.extend(pair.iter().map(|s| s.to_string())),
            }
        }
        args
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            provision(&["--email", "ann@"]),
            "--email: Enter an email address",
        ),
        (
            provision(&["--email", ""]),
            "--email: Enter the user's email",
        ),
        (provision(&["--phone", ""]), "--phone (or --extension)"),
        (
            provision(&["--extension", "12a"]),
            "--extension: Enter the extension as digits only",
        ),
        (
            provision(&["--user-id", ""]),
            "--user-id: Enter the BroadWorks user id",
        ),
        (
            provision(&["--enterprise", ""]),
            "--enterprise: Enter the enterprise",
        ),
        (provision(&["--package", "gold"]), "--package"),
        (
            ["user", "remove", "--yes"].map(String::from).to_vec(),
            "<ID>",
        ),
        (["completions", "tcsh"].map(String::from).to_vec(), "tcsh"),
    ];
    for (args, named) in &cases {
        let out = data.wxm().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(stderr(&out).contains(named), "{args:?}: {}", stderr(&out));
    }
    // Our own refusals also answer in JSON, with the code to branch on.
    let out = data
        .wxm()
        .arg("--json")
        .args(provision(&["--email", "ann@", "--extension", "x"]))
        .output()
        .unwrap();
    assert_refused(&out, 2, "invalid_form", "");
    let v = json(&out);
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("--email") && message.contains("--extension"),
        "{message}"
    );
    assert_eq!(data.api_calls(), Vec::<Value>::new(), "nothing was sent");
}

#[test]
fn without_a_terminal_or_yes_nothing_is_changed_and_the_hint_names_yes() {
    let data = DemoData::signed_in();
    let without_yes = |args: &[&str]| -> Vec<String> {
        args.iter()
            .filter(|a| **a != "--yes")
            .map(|s| s.to_string())
            .collect()
    };
    for case in [Case::Provision, Case::Remove, Case::Detach] {
        let out = data
            .wxm()
            .args(without_yes(&cli_args(case)))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{case:?}: {out:?}");
        let text = stderr(&out);
        assert!(
            text.contains("not a terminal") && text.contains("--yes"),
            "{text}"
        );
    }
    assert_eq!(data.api_calls(), Vec::<Value>::new(), "nothing was sent");
}

#[test]
fn without_a_sign_in_the_commands_say_how_to_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let data = DemoData {
        dir, // never signed in
    };
    let out = data
        .wxm()
        .args(["--json", "user", "status", "sim-sub-una"])
        .output()
        .unwrap();
    assert_refused(&out, 1, "not_signed_in", "wxm login");
}

#[test]
fn text_output_says_what_happens_next_and_who_must_act() {
    let data = DemoData::signed_in();
    let out = data
        .wxm()
        .args(["user", "status", "sim-sub-tara"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Tara Trial (tara.globex@bw.demo-telecom.example)"),
        "{text}"
    );
    assert!(text.contains("Status: pending_user_migration — Waiting for the user: they must open the email from Webex, click Activate Account"), "{text}");
    assert!(text.contains("Who acts next: The user"), "{text}");

    let out = data.wxm().args(cli_args(Case::Detach)).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    let order = [
        "Step 1 of 3: Remove all Webex for BroadWorks workspaces",
        "Removed 1 workspace: sim-ws-globex-boardroom",
        "Step 2 of 3: Remove all Webex for BroadWorks subscribers",
        "Removed 120 subscribers",
        "Step 3 of 3: Remove the pending Webex for BroadWorks users",
        "Removed 3 pending users: sim-sub-tara, sim-sub-una, sim-sub-vic",
        "Left for you to do by hand",
        "You: Delete the BroadWorks Calling configuration",
    ];
    let mut from = 0;
    for line in order {
        let at = text[from..]
            .find(line)
            .unwrap_or_else(|| panic!("{line:?} after byte {from}: {text}"));
        from += at + line.len();
    }

    let out = data
        .wxm()
        .args(["user", "remove", "sim-sub-nobody", "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a Webex refusal exits 1");
    assert!(
        stderr(&out).contains("1 of 1 subscribers could not be removed"),
        "{}",
        stderr(&out)
    );
}
