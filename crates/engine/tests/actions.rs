//! The procedures' API actions against the demo tenant (webex-sim over real loopback
//! HTTP), with the end user and the customer admin played through its /sim API.

use engine::actions::{ActionContext, ProvisionForm, RemovalKind};
use engine::store::DB_FILE;
use engine::{ApiError, Engine, EngineError};
use serde_json::json;

const PARTNER: &str = "alex.partner@demo-telecom.example";

struct Demo {
    engine: Engine,
    sim: webex_sim::control_client::SimControl,
    _dir: tempfile::TempDir,
}

impl Demo {
    async fn start() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        engine.connect_demo().await.unwrap();
        let sim = engine.demo_control().await.unwrap();
        Demo {
            engine,
            sim,
            _dir: dir,
        }
    }

    /// Someone who is not the partner does something (end user, customer admin, clock).
    async fn sim(&self, path: &str, body: serde_json::Value) {
        let (status, answer) = self.sim.post(path, &body).await.unwrap();
        assert!((200..300).contains(&status), "{path}: {answer}");
    }

    async fn later(&self) {
        self.sim("/clock/advance", json!({ "seconds": 30 })).await;
    }

    fn audit_actions(&self) -> Vec<(String, Option<String>)> {
        let raw = rusqlite::Connection::open(self._dir.path().join(DB_FILE)).unwrap();
        let mut stmt = raw
            .prepare("SELECT action, wizard FROM audit_log WHERE method IS NOT NULL ORDER BY id")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.map(|r| r.unwrap()).collect()
    }
}

fn form(user: &str, enterprise: &str, template: &str, email: &str) -> ProvisionForm {
    ProvisionForm {
        provisioning_id: template.into(),
        sp_enterprise_id: enterprise.into(),
        user_id: user.into(),
        first_name: "Test".into(),
        last_name: "User".into(),
        email: email.into(),
        package: "standard".into(),
        extension: "4321".into(),
        untrusted_email: email.is_empty(),
        ..Default::default()
    }
}

#[tokio::test]
async fn an_untrusted_email_move_waits_for_the_user_at_each_step_until_provisioned() {
    let d = Demo::start().await;
    let session = d.engine.sessions().start_session("move-user").unwrap();
    let ctx = ActionContext {
        session_id: Some(session.id.clone()),
    };
    let una = form(
        "una2.globex@bw.demo-telecom.example",
        "DemoTelecom+globex",
        "sim-tmpl-untrusted",
        "",
    );
    let s = d.engine.actions().provision(&ctx, &una).await.unwrap();
    assert_eq!(s.state.status, "pending_email_input");
    assert_eq!(s.state.waiting_on.as_deref(), Some("end_user"));
    assert!(s.state.text.contains("activation link"), "{}", s.state.text);
    let remembered = d.engine.actions().session_subscribers(&session.id).unwrap();
    assert_eq!(remembered.len(), 1, "the session remembers it");
    assert_eq!(remembered[0], s.id);

    // A second click (or a second try after success) sends nothing.
    let posts = |d: &Demo| {
        d.engine
            .audit_log()
            .audit_records(&engine::audit::AuditFilter::default())
            .unwrap()
            .iter()
            .filter(|r| r.method.as_deref() == Some("POST") && r.action == "provision-subscriber")
            .count()
    };
    let before = posts(&d);
    let twice = d.engine.actions().provision(&ctx, &una).await.unwrap_err();
    assert_eq!(engine::ApiError::from(&twice).code, "already_sent_here");
    assert_eq!(posts(&d), before, "nothing was sent the second time");
    // "Provision again" is an explicit choice: it is sent (and found, not made twice).
    let again = d
        .engine
        .actions()
        .provision(
            &ctx,
            &ProvisionForm {
                again: true,
                ..una.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(again.id, s.id, "the same subscriber, not a second one");
    assert!(posts(&d) > before);
    let provisioned = d
        .engine
        .audit_log()
        .audit_records(&engine::audit::AuditFilter::default())
        .unwrap()
        .into_iter()
        .find(|r| r.action == "provision-subscriber" && r.result == "ok")
        .expect("the provisioning row");
    assert!(
        provisioned
            .tracking_id
            .as_deref()
            .is_some_and(|t| !t.is_empty()),
        "a successful provision records its tracking id"
    );
    assert_eq!(provisioned.http_status, Some(200));

    d.sim(
        "/end-user/enter-email",
        json!({ "subscriberId": s.id, "email": "una.signup@mail.example" }),
    )
    .await;
    let s2 = d
        .engine
        .actions()
        .subscriber_status(&ctx, &s.id)
        .await
        .unwrap();
    assert_eq!(s2.state.status, "pending_email_validation");
    assert!(s2.state.text.contains("Join Now"));
    d.sim("/end-user/join-now", json!({ "subscriberId": s.id }))
        .await;
    let s3 = d
        .engine
        .actions()
        .subscriber_status(&ctx, &s.id)
        .await
        .unwrap();
    assert_eq!(
        s3.state.status, "pending_user_migration",
        "una has a self-signup account"
    );
    d.engine
        .actions()
        .resend_consent_email(&ctx, &s.id)
        .await
        .unwrap();
    d.sim(
        "/end-user/activate-account",
        json!({ "subscriberId": s.id }),
    )
    .await;
    d.sim(
        "/end-user/log-in",
        json!({ "email": "una.signup@mail.example" }),
    )
    .await;
    d.sim(
        "/end-user/delete-old-account",
        json!({ "email": "una.signup@mail.example" }),
    )
    .await;
    d.later().await;
    let done = d
        .engine
        .actions()
        .subscriber_status(&ctx, &s.id)
        .await
        .unwrap();
    assert_eq!(done.state.status, "provisioned");
    assert!(done.state.finished && done.state.waiting_on.is_none());

    let actions = d.audit_actions();
    let names: Vec<&str> = actions.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        names,
        [
            "provision-subscriber",
            // "Provision again": the POST Webex refuses as a duplicate (10022), then the
            // look-up that finds the subscriber; one row per request the client sent.
            "provision-subscriber",
            "provision-subscriber",
            "watch-subscriber-status",
            "watch-subscriber-status",
            "resend-consent-email",
            "watch-subscriber-status"
        ]
    );
    assert!(
        actions
            .iter()
            .all(|(_, w)| w.as_deref() == Some("move-user")),
        "each row names the wizard"
    );
}

#[tokio::test]
async fn approval_required_is_explained_then_the_customer_adds_the_partner_and_a_retry_attaches() {
    let d = Demo::start().await;
    let ctx = ActionContext::default();
    let hanna = form(
        "hanna.harbor@bw.demo-telecom.example",
        "DemoTelecom+harbor",
        "sim-tmpl-trusted",
        "hanna.admin@harbordental.example",
    );
    let s = d.engine.actions().provision(&ctx, &hanna).await.unwrap();
    d.later().await;
    let failed = d
        .engine
        .actions()
        .subscriber_status(&ctx, &s.id)
        .await
        .unwrap();
    assert_eq!(failed.state.status, "error");
    let problem = failed.state.problem.expect("explained");
    assert_eq!(problem.code, "customer_approval_needed");
    assert!(
        problem.hint.contains(PARTNER)
            && problem.hint.contains("Give my partner Full Admin access"),
        "{}",
        problem.hint
    );
    assert!(problem.details.contains("2017"));
    assert_eq!(failed.state.waiting_on.as_deref(), Some("customer_admin"));
    assert!(
        !d.engine
            .actions()
            .verify_full_admin(&ctx, "sim-org-harbor")
            .await
            .unwrap()
            .ok
    );

    d.sim(
        "/customer-admin/add-external-admin",
        json!({ "orgId": "sim-org-harbor", "email": PARTNER }),
    )
    .await;
    let check = d
        .engine
        .actions()
        .verify_full_admin(&ctx, "sim-org-harbor")
        .await
        .unwrap();
    assert!(check.ok, "{}", check.text);
    assert!(
        !d.engine
            .actions()
            .verify_org_attached(&ctx, "DemoTelecom+harbor")
            .await
            .unwrap()
            .ok
    );
    let again = d.engine.actions().reprovision(&ctx, &s.id).await.unwrap();
    assert_ne!(again.id, s.id, "removed and provisioned again");
    assert_eq!(again.user_id, hanna.user_id);
    d.later().await;
    assert_eq!(
        d.engine
            .actions()
            .subscriber_status(&ctx, &again.id)
            .await
            .unwrap()
            .state
            .status,
        "provisioned"
    );
    let attached = d
        .engine
        .actions()
        .verify_org_attached(&ctx, "DemoTelecom+harbor")
        .await
        .unwrap();
    assert!(
        attached.ok && attached.text.contains("sim-org-harbor"),
        "{}",
        attached.text
    );
}

#[tokio::test]
async fn detaching_removes_workspaces_subscribers_and_pending_users_and_leaves_nothing() {
    let d = Demo::start().await;
    let ctx = ActionContext::default();
    let before = d
        .engine
        .actions()
        .detach_targets(&ctx, "DemoTelecom+globex")
        .await
        .unwrap();
    assert!(
        before.subscribers.len() > 100,
        "paging: {}",
        before.subscribers.len()
    );
    let pending: Vec<&str> = before.pending.iter().map(|s| s.user_id.as_str()).collect();
    assert!(
        pending.contains(&"una.globex@bw.demo-telecom.example")
            && pending.contains(&"tara.globex@bw.demo-telecom.example"),
        "{pending:?}"
    );

    let ws = vec![
        "sim-ws-globex-lobby".to_string(),
        "sim-ws-globex-boardroom".to_string(),
        "no-such-workspace".to_string(),
    ];
    let report = d
        .engine
        .actions()
        .remove(&ctx, RemovalKind::Workspace, &ws)
        .await
        .unwrap();
    assert_eq!(report.removed, ws[..2]);
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].problem.code, "not_found");

    for group in [&before.subscribers, &before.pending] {
        let ids: Vec<String> = group.iter().map(|s| s.id.clone()).collect();
        let report = d
            .engine
            .actions()
            .remove(&ctx, RemovalKind::Subscriber, &ids)
            .await
            .unwrap();
        assert!(report.failed.is_empty());
        assert_eq!(report.removed.len(), ids.len());
    }
    let after = d
        .engine
        .actions()
        .detach_targets(&ctx, "DemoTelecom+globex")
        .await
        .unwrap();
    assert!(after.subscribers.is_empty() && after.pending.is_empty());
}

#[tokio::test]
async fn a_precheck_is_a_hint_that_names_what_webex_found() {
    let d = Demo::start().await;
    let ctx = ActionContext::default();
    let sam = form(
        "sam.acme@bw.demo-telecom.example",
        "DemoTelecom+acme",
        "sim-tmpl-trusted",
        "sam.free@mail.example",
    );
    let view = d.engine.actions().precheck(&ctx, &sam).await.unwrap();
    assert!(view.ok);
    assert!(
        view.findings
            .iter()
            .any(|f| f.to_lowercase().contains("existing webex account")),
        "{:?}",
        view.findings
    );
}

#[tokio::test]
async fn a_bad_form_is_refused_naming_each_field_and_nothing_is_sent() {
    let d = Demo::start().await;
    let mut bad = form("", "DemoTelecom+acme", "sim-tmpl-trusted", "not-an-email");
    bad.package = "gold".into();
    bad.extension = String::new();
    let err = d
        .engine
        .actions()
        .provision(&ActionContext::default(), &bad)
        .await
        .unwrap_err();
    let EngineError::Action(engine::actions::ActionError::InvalidForm { problems }) = &err else {
        panic!("{err:?}")
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["userId", "package", "email", "primaryPhoneNumber"]);
    assert_eq!(ApiError::from(&err).code, "invalid_form");
    assert!(d.audit_actions().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn actions_need_a_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let err = engine
        .actions()
        .subscriber_status(&ActionContext::default(), "x")
        .await
        .unwrap_err();
    assert_eq!(ApiError::from(&err).code, "not_signed_in");
}

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
    let session = d.engine.sessions().start_session("detach-org").unwrap();
    d.engine
        .sessions()
        .answer(&session.id, "flow", "standard")
        .unwrap();
    let ctx = ActionContext {
        session_id: Some(session.id.clone()),
    };
    d.engine
        .actions()
        .remove(
            &ctx,
            RemovalKind::Workspace,
            &["sim-ws-globex-lobby".into(), "missing-ws".into()],
        )
        .await
        .unwrap();
    let calls = d
        .engine
        .audit_log()
        .audit_records(&AuditFilter {
            text: "remove-workspaces".into(),
            failures_only: false,
            changes_only: false,
        })
        .unwrap();
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
    assert_eq!(ok.session_id.as_deref(), Some(session.id.as_str()));
    assert!(ok
        .answers
        .as_deref()
        .is_some_and(|a| a.contains("standard")));
    assert!(
        ok.tracking_id.is_some(),
        "a write records Webex's tracking id"
    );
    let failed = d
        .engine
        .audit_log()
        .audit_records(&AuditFilter {
            text: String::new(),
            failures_only: true,
            changes_only: false,
        })
        .unwrap();
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
        .engine
        .sessions()
        .lookup(&s.id, "w4bw_org_exists", "DemoTelecom+globex")
        .await
        .unwrap();
    assert_eq!(found.value.as_deref(), Some("yes"));
    assert!(
        found.source.starts_with("Found in your Webex:") && found.source.contains("sim-org-globex"),
        "{}",
        found.source
    );
    let none = d
        .engine
        .sessions()
        .lookup(&s.id, "w4bw_org_exists", "DemoTelecom+acme")
        .await
        .unwrap();
    assert_eq!(none.value.as_deref(), Some("no"));

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
        .engine
        .sessions()
        .lookup(&attach.id, "partner_access", "sim-org-harbor")
        .await
        .unwrap();
    assert_eq!(before.value.as_deref(), Some("none"), "{}", before.source);
    d.sim(
        "/customer-admin/add-external-admin",
        json!({ "orgId": "sim-org-harbor", "email": PARTNER }),
    )
    .await;
    let after = d
        .engine
        .sessions()
        .lookup(&attach.id, "partner_access", "sim-org-harbor")
        .await
        .unwrap();
    assert_eq!(after.value.as_deref(), Some("full_admin"));
    let err = d
        .engine
        .sessions()
        .lookup(&attach.id, "org_users_100_plus", "sim-org-harbor")
        .await
        .unwrap_err();
    assert_eq!(ApiError::from(&err).code, "no_lookup");
}

#[tokio::test]
async fn webex_failures_provoked_in_the_tenant_come_back_explained() {
    let d = Demo::start().await;
    let ctx = ActionContext::default();
    let faults = |body: serde_json::Value| {
        let control = d.sim.clone();
        async move {
            let (status, _) = control.put("faults", &body).await.unwrap();
            assert!((200..300).contains(&status));
        }
    };
    let code = |e: EngineError| engine::explain::Explained::from(&e).code;

    // Every answer a 5xx: the read is retried, then explained with its tracking id.
    faults(json!({ "serverErrorShare": 1.0 })).await;
    let e = d
        .engine
        .actions()
        .subscriber_status(&ctx, "sim-sub-una")
        .await
        .unwrap_err();
    let x = engine::explain::Explained::from(&e);
    assert_eq!(x.code, "webex_unavailable");
    assert!(x.details.contains("tracking id"), "{}", x.details);
    faults(json!({})).await;

    // Not found.
    let e = d
        .engine
        .actions()
        .subscriber_status(&ctx, "no-such-subscriber")
        .await
        .unwrap_err();
    assert_eq!(code(e), "not_found");

    // A customer org the partner does not administer: its people are not visible.
    let found = d
        .engine
        .actions()
        .verify_full_admin(&ctx, "sim-org-northwind")
        .await
        .unwrap();
    assert!(!found.ok && found.text.starts_with("Not yet"));

    // An expired token.
    faults(json!({ "tokenTtlSecs": 1 })).await;
    d.sim("/clock/advance", json!({ "seconds": 120 })).await;
    let e = d
        .engine
        .actions()
        .subscriber_status(&ctx, "sim-sub-una")
        .await
        .unwrap_err();
    assert_eq!(code(e), "sign_in_again");
}
