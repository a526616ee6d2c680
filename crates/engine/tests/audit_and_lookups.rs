//! The audit log of the procedures' API calls (append-only, no token, names session,
//! wizard and call, exports as CSV and JSON) and the questions the tenant can answer.

use engine::actions::{ActionContext, RemovalKind};
use engine::store::DB_FILE;
use engine::ApiError;

mod support;
use support::demo::{Demo, PARTNER};

#[tokio::test]
async fn the_audit_log_of_api_calls_cannot_be_altered_and_holds_no_token() {
    let d = Demo::start().await;
    d.engine
        .actions()
        .enterprises(&ActionContext::default())
        .await
        .unwrap();
    let raw = rusqlite::Connection::open(d._dir.path().join(DB_FILE)).unwrap();
    assert!(raw
        .execute("UPDATE audit_log SET result = 'ok'", [])
        .is_err());
    assert!(raw.execute("DELETE FROM audit_log", []).is_err());
    drop(raw);
    let bytes = std::fs::read(d._dir.path().join(DB_FILE)).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("sim-demo-"), "no demo token in the database");
    assert_eq!(d.audit_actions().len(), 1);
}

#[tokio::test]
async fn the_audit_log_names_session_wizard_and_call_and_exports_as_csv_and_json() {
    use engine::audit::{AuditFilter, AuditFormat};
    let d = Demo::start().await;
    let (session_id, ctx) = d.session_ctx("detach-org");
    d.engine
        .sessions()
        .answer(&session_id, "flow", "standard")
        .unwrap();
    d.engine
        .actions()
        .remove(
            &ctx,
            RemovalKind::Workspace,
            &["sim-ws-globex-lobby".into(), "missing-ws".into()],
        )
        .await
        .unwrap();
    let calls = d.audit_records(&AuditFilter {
        text: "remove-workspaces".into(),
        failures_only: false,
        changes_only: false,
    });
    assert_eq!(calls.len(), 2, "one row per API call");
    let ok = &calls[0];
    assert_eq!(
        (ok.who.as_str(), ok.wizard.as_deref(), ok.method.as_deref()),
        (PARTNER, Some("detach-org"), Some("DELETE"))
    );
    assert_eq!(
        ok.path.as_deref(),
        Some("/broadworks/workspaces/sim-ws-globex-lobby")
    );
    assert_eq!(ok.session_id.as_deref(), Some(session_id.as_str()));
    assert!(ok
        .answers
        .as_deref()
        .is_some_and(|a| a.contains("standard")));
    assert!(
        ok.tracking_id.is_some(),
        "a write records Webex's tracking id"
    );
    let failed = d.audit_records(&AuditFilter {
        text: String::new(),
        failures_only: true,
        changes_only: false,
    });
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].http_status, Some(404));
    let csv = d
        .engine
        .audit_log()
        .export_audit(AuditFormat::Csv, &AuditFilter::default())
        .unwrap();
    assert!(csv.starts_with("id,time,who,session,wizard,rule,answers,action,target,method,path,http_status,tracking_id,result,detail,job\n"));
    assert!(
        csv.contains("\"{\"\"flow\"\":\"\"standard\"\"}\""),
        "answers are quoted CSV: {csv}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &d.engine
            .audit_log()
            .export_audit(AuditFormat::Json, &AuditFilter::default())
            .unwrap(),
    )
    .unwrap();
    assert!(
        json.as_array().unwrap().len() >= 3,
        "sign-in and both calls"
    );
}

#[tokio::test]
async fn questions_the_tenant_can_answer_are_looked_up_marked_and_can_be_overridden() {
    let d = Demo::start().await;
    let s = d.engine.sessions().start_session("move-user").unwrap();
    d.engine
        .sessions()
        .answer(&s.id, "user_org", "consumer")
        .unwrap();
    let found = d
        .lookup(&s.id, "w4bw_org_exists", "DemoTelecom+globex")
        .await;
    assert_eq!(found.value.as_deref(), Some("yes"));
    assert!(
        found.source.starts_with("Found in your Webex:") && found.source.contains("sim-org-globex"),
        "{}",
        found.source
    );
    assert!(found.choices.is_empty());
    // An id Webex does not know (a name, or an enterprise with no user yet) chooses
    // nothing: it says so and offers the enterprises Webex has, the closest first.
    for typed in ["Globex", "DemoTelecom+acme"] {
        let none = d.lookup(&s.id, "w4bw_org_exists", typed).await;
        assert_eq!(none.value, None, "{}", none.source);
        assert!(
            none.source.contains("not found") && none.source.contains("check the id"),
            "{}",
            none.source
        );
        assert_eq!(none.choices[0].id, "DemoTelecom+globex");
    }

    let view = d
        .engine
        .sessions()
        .answer_with_source(&s.id, "w4bw_org_exists", "yes", Some(&found.source))
        .unwrap();
    assert_eq!(
        view.answer_sources.get("w4bw_org_exists"),
        Some(&found.source)
    );
    let plan = d
        .engine
        .sessions()
        .plan(&s.id, engine::plan::PlanFormat::Markdown)
        .unwrap();
    assert!(
        plan.contains("Found in your Webex"),
        "the export marks it: {plan}"
    );
    // The person overrides it: the mark goes.
    let view = d
        .engine
        .sessions()
        .answer(&s.id, "w4bw_org_exists", "no")
        .unwrap();
    assert!(view.answer_sources.is_empty());

    let attach = d.engine.sessions().start_session("attach-org").unwrap();
    let before = d
        .lookup(&attach.id, "partner_access", "sim-org-harbor")
        .await;
    // Webex shows a partner only the organizations it manages: not found, nothing
    // chosen, and those it manages to choose from.
    assert_eq!(before.value, None, "{}", before.source);
    assert!(before.source.contains("check the id"), "{}", before.source);
    assert!(
        before.choices.iter().any(|c| c.id == "sim-org-globex")
            && before.choices.iter().all(|c| c.id != "sim-org-partner"),
        "{:?}",
        before.choices
    );
    d.customer_adds_partner("sim-org-harbor").await;
    let after = d
        .lookup(&attach.id, "partner_access", "sim-org-harbor")
        .await;
    assert_eq!(after.value.as_deref(), Some("full_admin"));
    // A name only one organization has is taken for its id.
    let named = d
        .lookup(&attach.id, "partner_access", " harbor dental ")
        .await;
    assert_eq!(
        named.value.as_deref(),
        Some("full_admin"),
        "{}",
        named.source
    );
    assert!(
        named.source.contains("Harbor Dental (sim-org-harbor)"),
        "{}",
        named.source
    );
    let err = d
        .engine
        .sessions()
        .lookup(&attach.id, "org_users_100_plus", "sim-org-harbor")
        .await
        .unwrap_err();
    assert_eq!(ApiError::from(&err).code, "no_lookup");
    // A check with no organization to check asks for it, before asking Webex.
    for check in [
        d.engine
            .actions()
            .verify_full_admin(&ActionContext::default(), " ")
            .await,
        d.engine
            .actions()
            .verify_org_attached(&ActionContext::default(), "")
            .await,
    ] {
        let err = ApiError::from(&check.unwrap_err());
        assert_eq!(err.code, "invalid_form", "{err:?}");
    }
}
