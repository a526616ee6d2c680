//! The trainer's "End user's screen": the end user, the customer admin and the clock
//! played through the engine's typed functions (no /sim calls from the test), against
//! the in-process demo tenant over real loopback HTTP.

use engine::actions::ProvisionForm;
use engine::explain::Explained;
use engine::{ApiError, Engine, EngineError};

mod support;
use support::demo::{Demo, PARTNER};

fn code(e: &EngineError) -> String {
    Explained::from(e).code.to_string()
}

fn form(user: &str, first: &str, email: &str) -> ProvisionForm {
    ProvisionForm {
        provisioning_id: "sim-tmpl-trusted".into(),
        sp_enterprise_id: "DemoTelecom+globex".into(),
        user_id: user.into(),
        first_name: first.into(),
        last_name: "Free".into(),
        email: email.into(),
        package: "standard".into(),
        extension: "4711".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn every_trainer_action_refuses_outside_demo_mode() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let errors = [
        engine
            .trainer()
            .end_user_mailbox("sam.free@mail.example")
            .await
            .err(),
        engine
            .trainer()
            .end_user_log_in("sam.free@mail.example")
            .await
            .err(),
        engine
            .trainer()
            .end_user_click("sim-sub-tara", "consentMove")
            .await
            .err(),
        engine
            .trainer()
            .customer_admin_approve("sim-org-harbor", PARTNER)
            .await
            .err(),
        engine.trainer().trainer_advance_clock(60).await.err(),
        engine.trainer().trainer_reset("demo").await.err(),
    ];
    for e in errors {
        let e = e.expect("must refuse");
        assert_eq!(code(&e), "not_demo", "{e}");
        let api = ApiError::from(&e);
        assert!(api.message.contains("demo tenant"), "{}", api.message);
    }
}

#[tokio::test]
async fn a_trusted_email_move_runs_end_to_end_through_the_trainer_functions() {
    let d = Demo::start().await;
    let engine = &d.engine;
    let (_, ctx) = d.session_ctx("move-user");
    let sam = "sam.free@mail.example";
    let sub = engine
        .actions()
        .provision(
            &ctx,
            &form("sam.globex@bw.demo-telecom.example", "Sam", sam),
        )
        .await
        .unwrap();
    assert_eq!(sub.state.status, "pending_user_migration");

    let mailbox = engine.trainer().end_user_mailbox(sam).await.unwrap();
    assert_eq!(mailbox.emails.len(), 1, "{mailbox:?}");
    let email = &mailbox.emails[0];
    assert_eq!(email.button, "Activate Account");
    assert!(mailbox.happened.contains("one email"));

    // Deleting before consenting is refused in plain words.
    engine.trainer().end_user_log_in(sam).await.unwrap();
    let early = engine
        .trainer()
        .end_user_delete_old_account(sam)
        .await
        .unwrap_err();
    assert_eq!(code(&early), "trainer_refused");
    assert!(ApiError::from(&early).message.contains("Activate Account"));

    let clicked = engine
        .trainer()
        .end_user_click(&email.subscriber_id, &email.kind)
        .await
        .unwrap();
    assert_eq!(clicked.actor, "end_user");
    assert!(clicked.happened.starts_with("Sam clicked Activate Account"));
    assert!(clicked.sees.contains("Consumer portal"));
    let deleted = engine
        .trainer()
        .end_user_delete_old_account(sam)
        .await
        .unwrap();
    assert!(
        deleted.happened.contains("Sam's new account"),
        "{}",
        deleted.happened
    );
    assert_eq!(
        deleted.subscriber.as_ref().unwrap().state.status,
        "provisioning"
    );
    let later = engine.trainer().trainer_advance_clock(60).await.unwrap();
    assert_eq!(
        later.happened,
        "A minute passed; Webex finished the work that was due."
    );
    let now = d.status(&ctx, &sub.id).await;
    assert_eq!(now.state.status, "provisioned");
    assert!(now.state.finished);
}

#[tokio::test]
async fn self_activation_is_followed_by_enterprise_and_user_id_and_reset_restores_the_scenario() {
    let d = Demo::start().await;
    let engine = &d.engine;
    let (session_id, ctx) = d.session_ctx("move-user");
    let (ent, user, email) = (
        "DemoTelecom+globex",
        "sue.globex@bw.demo-telecom.example",
        "sue@globex.example",
    );
    let missing = engine
        .actions()
        .follow_subscriber(&ctx, ent, user)
        .await
        .unwrap_err();
    assert_eq!(code(&missing), "subscriber_not_found");

    let activated = engine
        .trainer()
        .end_user_self_activate(ent, user, email)
        .await
        .unwrap();
    assert!(activated
        .happened
        .starts_with("Sue signed in to the activation portal"));
    let followed = engine
        .actions()
        .follow_subscriber(&ctx, ent, user)
        .await
        .unwrap();
    assert_eq!(followed.state.status, "pending_email_validation");
    assert_eq!(
        engine.actions().session_subscribers(&session_id).unwrap(),
        vec![followed.id.clone()]
    );
    let mailbox = engine.trainer().end_user_mailbox(email).await.unwrap();
    assert_eq!(mailbox.emails[0].button, "Join Now");
    let joined = engine
        .trainer()
        .end_user_click(&mailbox.emails[0].subscriber_id, "joinNow")
        .await
        .unwrap();
    assert!(joined.happened.starts_with("Sue clicked Join Now"));
    engine.trainer().trainer_advance_clock(120).await.unwrap();
    let now = d.status(&ctx, &followed.id).await;
    assert_eq!(now.state.status, "provisioned");

    // The customer's administrator approves the partner.
    let approved = engine
        .trainer()
        .customer_admin_approve("sim-org-harbor", PARTNER)
        .await
        .unwrap();
    assert_eq!(approved.actor, "customer_admin");
    assert!(approved
        .happened
        .starts_with("Harbor Dental's administrator"));
    let full = d.full_admin(&ctx, "sim-org-harbor").await;
    assert!(full.ok, "{}", full.text);

    // Reset: only known scenarios; afterwards the user is gone and mailboxes are empty.
    let unknown = engine.trainer().trainer_reset("nope").await.unwrap_err();
    assert_eq!(code(&unknown), "unknown_scenario");
    assert!(ApiError::from(&unknown).hint.contains("demo"));
    let names: Vec<_> = engine::trainer::scenarios()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, vec!["demo"]);
    let reset = engine.trainer().trainer_reset("demo").await.unwrap();
    assert!(reset.happened.contains("reset"));
    let gone = engine
        .actions()
        .follow_subscriber(&ctx, ent, user)
        .await
        .unwrap_err();
    assert_eq!(code(&gone), "subscriber_not_found");
    assert!(engine
        .trainer()
        .end_user_mailbox(email)
        .await
        .unwrap()
        .emails
        .is_empty());
    let full = d.full_admin(&ctx, "sim-org-harbor").await;
    assert!(!full.ok);
}

#[tokio::test]
async fn untrusted_users_enter_their_email_and_missing_fields_are_named() {
    let d = Demo::start().await;
    let engine = &d.engine;
    let empty = engine
        .trainer()
        .end_user_enter_email("DemoTelecom+globex", " ", "x@example.com")
        .await
        .unwrap_err();
    assert_eq!(code(&empty), "trainer_field_missing");
    assert!(ApiError::from(&empty)
        .message
        .contains("BroadWorks user id"));
    let entered = engine
        .trainer()
        .end_user_enter_email(
            "DemoTelecom+globex",
            "vic.globex@bw.demo-telecom.example",
            "vic@globex.example",
        )
        .await
        .unwrap();
    assert_eq!(
        entered.happened,
        "Vic entered the email vic@globex.example; Webex now waits for them to click Join Now."
    );
    assert_eq!(
        entered.subscriber.unwrap().state.status,
        "pending_email_validation"
    );
    let bad = engine
        .trainer()
        .end_user_click("sim-sub-vic", "other")
        .await
        .unwrap_err();
    assert_eq!(code(&bad), "trainer_unknown_email");
}
