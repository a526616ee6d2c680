//! The engine on a real SQLite file in a temporary data folder.

use engine::connection::ConnectionMode;
use engine::store::{Store, DB_FILE};
use engine::{ApiError, Engine, EngineError};

mod support;
use support::assert_generated_file_is_fresh;

#[test]
fn the_generated_typescript_bindings_are_up_to_date() {
    assert_generated_file_is_fresh(
        "ui/src/lib/bindings.ts",
        &engine::bindings::typescript(),
        "engine",
    );
}

#[test]
fn opening_a_data_folder_creates_the_database_and_the_audit_log_is_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&dir.path().join("nested")).unwrap();
    engine
        .audit("tester", "check", "first line", Some("TRACK-1"))
        .unwrap();
    drop(engine);
    let mut store = Store::open(&dir.path().join("nested").join(DB_FILE)).unwrap();
    let entries = store.audit_entries().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].detail, "first line");
    assert_eq!(entries[0].tracking_id.as_deref(), Some("TRACK-1"));
    // Whoever opens the file itself (not through the app) cannot change the log.
    let raw = rusqlite::Connection::open(dir.path().join("nested").join(DB_FILE)).unwrap();
    let update = raw.execute("UPDATE audit_log SET detail = 'changed'", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = raw.execute("DELETE FROM audit_log", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(store.audit_entries().unwrap().len(), 1);
}

#[test]
fn a_database_from_a_newer_version_is_refused_with_a_clear_code() {
    let dir = tempfile::tempdir().unwrap();
    drop(Engine::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let err = Engine::open(dir.path()).err().expect("must refuse");
    assert!(
        matches!(
            err,
            EngineError::Store(engine::store::StoreError::TooNew { .. })
        ),
        "{err:?}"
    );
    let api = ApiError::from(&err);
    assert_eq!(api.code, "database_too_new");
    assert!(api.hint.contains("newer version"));
}

#[test]
fn the_start_page_offers_every_wizard_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let page = engine.start_page();
    assert_eq!(page.question, "What do you want to do?");
    let ids: Vec<_> = page.choices.iter().map(|c| c.id.as_str()).collect();
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
    assert!(page
        .choices
        .iter()
        .all(|c| !c.label.is_empty() && !c.title.is_empty()));
}

#[tokio::test]
async fn demo_mode_signs_in_to_the_in_process_tenant_and_audits_it() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    assert_eq!(
        engine.connection_status().await.mode,
        ConnectionMode::SignedOut
    );
    let status = engine.connect_demo().await.unwrap();
    assert_eq!(status.mode, ConnectionMode::Demo);
    assert_eq!(status.display_name.as_deref(), Some("Alex Partner"));
    // The tenant starts when something first needs Webex, not at sign-in (the start
    // page and the questions do not need it).
    assert!(!engine.demo_tenant_running().await);
    let client = engine
        .client()
        .await
        .expect("the demo tenant starts on first use");
    assert!(engine.demo_tenant_running().await);
    // Who the status named before the start is who the tenant says is signed in.
    let me = client.me().await.unwrap();
    assert_eq!(me.emails.first(), status.email.as_ref());
    assert_eq!(me.display_name, status.display_name);
    assert_eq!(me.org_id, status.org_id);
    let org = client.organization(&me.org_id.unwrap()).await.unwrap();
    assert_eq!(org.display_name, status.org_name);
    // Connecting again reuses the running tenant.
    let again = engine.connect_demo().await.unwrap();
    assert_eq!(again.email, status.email);
    assert_eq!(engine.client().await.unwrap().base_url(), client.base_url());
    let json = serde_json::to_string(&status).unwrap();
    assert!(!json.to_lowercase().contains("token"), "{json}");
    drop(engine);
    let mut store = Store::open(&dir.path().join(DB_FILE)).unwrap();
    let actions: Vec<_> = store
        .audit_entries()
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["sign-in"]);
}

/// Every partial set of answers → the decision, as the UI-only tests' fake backend
/// needs it: generated from the real tables, so those tests walk the real wizards.
fn ui_fixture() -> String {
    use engine::decide::{evaluate, Answers};
    let catalog = engine::builtin_catalog().unwrap();
    let mut wizards = serde_json::Map::new();
    let mut decisions = serde_json::Map::new();
    for wf in &catalog.wizards {
        let w = &wf.wizard;
        wizards.insert(w.id.clone(), serde_json::to_value(w).unwrap());
        let mut partials = vec![Answers::new()];
        for input in &w.inputs {
            let mut next = Vec::new();
            for a in &partials {
                next.push(a.clone());
                for v in input.values() {
                    let mut b = a.clone();
                    b.insert(input.id.clone(), v.to_string());
                    next.push(b);
                }
            }
            partials = next;
        }
        let mut table = serde_json::Map::new();
        for a in partials {
            let d = evaluate(w, &a).unwrap();
            let key: Vec<String> = a.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let mut value = serde_json::to_value(&d).unwrap();
            // Steps are listed by id; the fake backend takes them from the wizard.
            if let Some(p) = d.procedure.as_ref() {
                value["procedure"] = serde_json::json!({
                    "title": p.title,
                    "stepIds": p.steps.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
                });
            }
            table.insert(key.join("&"), value);
        }
        decisions.insert(w.id.clone(), table.into());
    }
    let start = engine::Engine::open(tempfile::tempdir().unwrap().path())
        .unwrap()
        .start_page();
    let actors: serde_json::Map<String, serde_json::Value> = catalog
        .wizards
        .iter()
        .map(|w| {
            (
                w.wizard.id.clone(),
                serde_json::to_value(engine::sessions::actor_labels(&w.wizard)).unwrap(),
            )
        })
        .collect();
    let fixture = serde_json::json!({ "start": start, "wizards": wizards, "decisions": decisions, "actors": actors });
    serde_json::to_string(&fixture).unwrap() + "\n"
}

#[test]
fn the_ui_test_fixture_is_up_to_date_with_the_tables() {
    assert_generated_file_is_fresh("ui/tests/fixtures/decisions.json", &ui_fixture(), "engine");
}

#[test]
fn every_error_code_has_one_pinned_snake_case_wire_form_and_errors_one_shape() {
    use engine::ErrorCode;
    let mut seen = std::collections::BTreeSet::new();
    for code in ErrorCode::ALL {
        let json = serde_json::to_value(code).unwrap();
        assert_eq!(json, serde_json::Value::String(code.as_str().into()));
        let back: ErrorCode = serde_json::from_value(json).unwrap();
        assert_eq!(back, *code);
        assert!(
            code.as_str()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{code}"
        );
        assert!(seen.insert(code.as_str()), "{code} twice");
    }
    // The codes the UI and scripts branch on: renaming one must be a decision.
    let pinned = "already_provisioned already_sent_here bad_answer bad_base_url bad_download_url \
        bad_redirect_uri bad_sender bad_sign_in_settings bulk_file_invalid bulk_file_unreadable \
        client_id_needed client_secret_needed conflict corrupt_session customer_approval_needed \
        data_dir_unknown data_dir_unusable database_too_new demo_unavailable export_failed \
        faults_invalid field_too_long file_not_chosen file_not_saved input_unreadable invalid_form ipc_failed job_busy \
        job_finished job_not_planned job_paused job_users_failed keychain_unavailable \
        messenger_file_unreadable missing_field no_enterprise no_ids no_lookup \
        no_notices_to_write no_sign_in_under_way no_unfinished_job not_allowed not_confirmed \
        not_demo not_found not_signed_in notices_exist open_failed provisioning_failed rate_limited \
        redirect_port_busy rejected rows_refused runtime_unavailable scenario_invalid \
        scenario_unreadable seeds_unreadable sign_in_again sign_in_cancelled sign_in_declined \
        sign_in_expired sign_in_refused sign_in_timed_out sim_unavailable store_unavailable \
        subscriber_not_found tables_invalid tables_unreadable token_empty trainer_field_missing \
        trainer_no_such_user trainer_refused trainer_unknown_email unknown_answer unknown_input \
        unknown_job unknown_messenger_user unknown_scenario unknown_session unknown_step \
        unknown_wizard webex_error webex_unavailable webex_unreachable webex_unreadable";
    let pinned: std::collections::BTreeSet<&str> = pinned.split_whitespace().collect();
    assert_eq!(seen, pinned);

    // One wire shape for every error: {code, message, hint, details?}.
    let plain = ApiError::new(ErrorCode::JobBusy, "m", "h");
    assert_eq!(
        serde_json::to_value(&plain).unwrap(),
        serde_json::json!({ "code": "job_busy", "message": "m", "hint": "h" })
    );
    let webex = ApiError::from(EngineError::Webex(webex::WebexError::Api {
        status: 401,
        codes: vec![],
        description: "Unauthorized".into(),
        tracking_id: "T-1".into(),
    }));
    let v = serde_json::to_value(&webex).unwrap();
    assert_eq!(v["code"], "sign_in_again", "one mapping: explain.rs's");
    assert!(v["details"].as_str().unwrap().contains("T-1"));
}
