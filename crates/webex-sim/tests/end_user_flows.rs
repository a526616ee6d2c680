//! Every end-user flow to `provisioned` against the simulator: the trusted-email move of a
//! free account (consent), the untrusted-email move (the user enters an email), and
//! self-activation.

mod support;

use serde_json::json;
use support::*;
use webex::model::SubscriberStatus;
use webex::SubscriberFilter;

#[tokio::test]
async fn trusted_email_move_of_a_free_account_waits_for_consent_then_provisions() {
    let sim = sim().await;
    let client = client(&sim);
    // Tara has a free Webex account; her subscriber waits for her consent.
    let tara = "sim-sub-tara";
    assert_eq!(
        status_of(&client, tara).await,
        SubscriberStatus::PendingUserMigration
    );
    client.resend_consent_move_email(tara).await.unwrap();
    let mail = control_get(&sim, "end-user/emails?to=tara.trial@mail.example").await;
    let items = mail["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "the first email and the resent one");
    assert_eq!(items[1]["button"], "Activate Account");
    // Out of order: deleting the old account before consenting is refused.
    control(
        &sim,
        "end-user/log-in",
        json!({ "email": "tara.trial@mail.example" }),
    )
    .await;
    let (status, _) = control_status(
        &sim,
        "end-user/delete-old-account",
        json!({ "email": "tara.trial@mail.example" }),
    )
    .await;
    assert_eq!(status, 409);
    control(
        &sim,
        "end-user/activate-account",
        json!({ "subscriberId": tara }),
    )
    .await;
    control(
        &sim,
        "end-user/delete-old-account",
        json!({ "email": "tara.trial@mail.example" }),
    )
    .await;
    assert_eq!(
        status_of(&client, tara).await,
        SubscriberStatus::Provisioning
    );
    let done = subscriber_after_work(&sim, &client, tara).await;
    assert_eq!(done.status, SubscriberStatus::Provisioned);
    assert_eq!(done.email.as_deref(), Some("tara.trial@mail.example"));
    let people = client
        .people_by_email("tara.trial@mail.example", None)
        .await
        .unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].org_id.as_deref(), Some("sim-org-globex"));
    // Resending a consent email is refused once nothing waits for consent.
    let err = client.resend_consent_move_email(tara).await.unwrap_err();
    assert_eq!(err.status(), Some(409));
}

#[tokio::test]
async fn untrusted_email_move_waits_for_the_user_to_enter_an_email() {
    let sim = sim().await;
    let client = client(&sim);
    // A new user with the untrusted template: any email sent is not used.
    let gus = provision(
        &client,
        GLOBEX,
        UNTRUSTED,
        "gus.globex@bw.demo-telecom.example",
        Some("gus@globex.example"),
    )
    .await;
    assert_eq!(gus.status, SubscriberStatus::PendingEmailInput);
    assert_eq!(gus.email, None);
    control(
        &sim,
        "end-user/enter-email",
        json!({ "subscriberId": gus.id, "email": "gus@globex.example" }),
    )
    .await;
    assert_eq!(
        status_of(&client, &gus.id).await,
        SubscriberStatus::PendingEmailValidation
    );
    control(&sim, "end-user/join-now", json!({ "subscriberId": gus.id })).await;
    assert_eq!(
        status_of(&client, &gus.id).await,
        SubscriberStatus::Provisioning
    );
    advance(&sim, 5.0).await;
    assert_eq!(
        status_of(&client, &gus.id).await,
        SubscriberStatus::Provisioned
    );

    // Una has a self-signup account: after Join Now she must consent and delete it.
    let una = "sim-sub-una";
    control(
        &sim,
        "end-user/enter-email",
        json!({ "subscriberId": una, "email": "una.signup@mail.example" }),
    )
    .await;
    control(&sim, "end-user/join-now", json!({ "subscriberId": una })).await;
    assert_eq!(
        status_of(&client, una).await,
        SubscriberStatus::PendingUserMigration
    );
    control(
        &sim,
        "end-user/activate-account",
        json!({ "subscriberId": una }),
    )
    .await;
    control(
        &sim,
        "end-user/log-in",
        json!({ "email": "una.signup@mail.example" }),
    )
    .await;
    control(
        &sim,
        "end-user/delete-old-account",
        json!({ "email": "una.signup@mail.example" }),
    )
    .await;
    let done = subscriber_after_work(&sim, &client, una).await;
    assert_eq!(done.status, SubscriberStatus::Provisioned);
    assert_eq!(done.email.as_deref(), Some("una.signup@mail.example"));
}

#[tokio::test]
async fn self_activation_creates_a_self_activated_subscriber_that_reaches_provisioned() {
    let sim = sim().await;
    let client = client(&sim);
    let sub = control(
        &sim,
        "end-user/self-activate",
        json!({
            "spEnterpriseId": GLOBEX,
            "userId": "sue.globex@bw.demo-telecom.example",
            "email": "sue@globex.example"
        }),
    )
    .await;
    let id = sub["id"].as_str().unwrap().to_string();
    assert_eq!(sub["selfActivated"], true);
    assert_eq!(
        status_of(&client, &id).await,
        SubscriberStatus::PendingEmailValidation
    );
    control(&sim, "end-user/join-now", json!({ "subscriberId": id })).await;
    let done = subscriber_after_work(&sim, &client, &id).await;
    assert_eq!(done.status, SubscriberStatus::Provisioned);
    assert_eq!(done.self_activated, Some(true));
    let listed = client
        .subscribers(&SubscriberFilter {
            self_activated: Some(true),
            ..SubscriberFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(listed, vec![done]);
    // Self-activation needs an existing BroadWorks account.
    let (status, _) = control_status(
        &sim,
        "end-user/self-activate",
        json!({ "spEnterpriseId": GLOBEX, "userId": "nobody@bw", "email": "x@y.example" }),
    )
    .await;
    assert_eq!(status, 404);
}
