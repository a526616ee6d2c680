//! The procedures' API actions against the demo tenant (webex-sim over real loopback
//! HTTP), with the end user and the customer admin played through its /sim API.

use engine::actions::{ActionContext, ProvisionForm, RemovalKind};
use engine::audit::AuditFilter;
use engine::{ApiError, Engine, EngineError};
use serde_json::json;

mod support;
use support::demo::{form, hanna, Demo, PARTNER};

#[tokio::test]
async fn an_untrusted_email_move_waits_for_the_user_at_each_step_until_provisioned() {
    let d = Demo::start().await;
    let (session_id, ctx) = d.session_ctx("move-user");
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
    let remembered = d.engine.actions().session_subscribers(&session_id).unwrap();
    assert_eq!(remembered.len(), 1, "the session remembers it");
    assert_eq!(remembered[0], s.id);

    // A second click (or a second try after success) sends nothing.
    let posts = |d: &Demo| {
        d.audit_records(&AuditFilter::default())
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
        .audit_records(&AuditFilter::default())
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
    let s2 = d.status(&ctx, &s.id).await;
    assert_eq!(s2.state.status, "pending_email_validation");
    assert!(s2.state.text.contains("Join Now"));
    d.sim("/end-user/join-now", json!({ "subscriberId": s.id }))
        .await;
    let s3 = d.status(&ctx, &s.id).await;
    assert_eq!(
        s3.state.status, "pending_user_migration",
        "una has a self-signup account"
    );
    d.engine
        .actions()
        .resend_consent_email(&ctx, &s.id)
        .await
        .unwrap();
    d.user_agrees(&s.id, "una.signup@mail.example").await;
    let done = d.status(&ctx, &s.id).await;
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
    let hanna = hanna();
    let s = d.engine.actions().provision(&ctx, &hanna).await.unwrap();
    d.later().await;
    let failed = d.status(&ctx, &s.id).await;
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
    assert!(!d.full_admin(&ctx, "sim-org-harbor").await.ok);

    d.customer_adds_partner("sim-org-harbor").await;
    let check = d.full_admin(&ctx, "sim-org-harbor").await;
    assert!(check.ok, "{}", check.text);
    assert!(!d.org_attached(&ctx, "DemoTelecom+harbor").await.ok);
    let again = d.engine.actions().reprovision(&ctx, &s.id).await.unwrap();
    assert_ne!(again.id, s.id, "removed and provisioned again");
    assert_eq!(again.user_id, hanna.user_id);
    d.later().await;
    assert_eq!(d.status(&ctx, &again.id).await.state.status, "provisioned");
    let attached = d.org_attached(&ctx, "DemoTelecom+harbor").await;
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
    let before = d.detach_targets(&ctx, "DemoTelecom+globex").await;
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
    let report = d.remove(&ctx, RemovalKind::Workspace, &ws).await;
    assert_eq!(report.removed, ws[..2]);
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].problem.code, "not_found");

    for group in [&before.subscribers, &before.pending] {
        let ids: Vec<String> = group.iter().map(|s| s.id.clone()).collect();
        let report = d.remove(&ctx, RemovalKind::Subscriber, &ids).await;
        assert!(report.failed.is_empty());
        assert_eq!(report.removed.len(), ids.len());
    }
    let after = d.detach_targets(&ctx, "DemoTelecom+globex").await;
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
    let e = d.status_error(&ctx, "sim-sub-una").await;
    let x = engine::explain::Explained::from(&e);
    assert_eq!(x.code, "webex_unavailable");
    assert!(x.details.contains("tracking id"), "{}", x.details);
    faults(json!({})).await;

    // Not found.
    let e = d.status_error(&ctx, "no-such-subscriber").await;
    assert_eq!(code(e), "not_found");

    // A customer org the partner does not administer: Webex does not show it, so the
    // check says it was not found among those the partner manages.
    let found = d.full_admin(&ctx, "sim-org-northwind").await;
    assert!(
        !found.ok && found.text.contains("not found") && found.text.contains("check the id"),
        "{}",
        found.text
    );

    // An expired token.
    faults(json!({ "tokenTtlSecs": 1 })).await;
    d.sim("/clock/advance", json!({ "seconds": 120 })).await;
    let e = d.status_error(&ctx, "sim-sub-una").await;
    assert_eq!(code(e), "sign_in_again");
}
