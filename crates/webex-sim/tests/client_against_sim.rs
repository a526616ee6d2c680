//! The Webex client against the simulator over a real loopback socket: every endpoint,
//! every subscriber flow to `provisioned`, attach / approval / new org, visibility,
//! detaching, rate limits, token expiry and saved state.

mod common;

use common::*;
use serde_json::json;
use webex::model::{PrecheckRequest, SubscriberStatus, SubscriberUpdate, WorkspaceUpdate};
use webex::{
    AccessToken, Client, EnterpriseFilter, Provisioned, SubscriberFilter, WebexError,
    ERROR_EXTERNAL_ADMIN_APPROVAL_REQUIRED,
};

const GLOBEX: &str = "DemoTelecom+globex";

async fn status_of(client: &Client, id: &str) -> SubscriberStatus {
    client.subscriber(id).await.unwrap().status
}

#[tokio::test]
async fn the_demo_token_is_signed_in_as_the_partner_admin() {
    let sim = webex_sim::start(0, webex_sim::Scenario::default())
        .await
        .unwrap();
    let client = Client::new(&sim.base_url(), AccessToken::new(sim.demo_token())).unwrap();
    let me = client.me().await.unwrap();
    assert_eq!(me.display_name.as_deref(), Some("Alex Partner"));
    assert_eq!(me.org_id.as_deref(), Some("sim-org-partner"));
    assert!(me.roles.iter().any(|r| r == "id_full_admin"));
}

#[tokio::test]
async fn an_unknown_token_is_refused_with_401_and_a_tracking_id_and_is_not_echoed() {
    let sim = sim().await;
    let secret = "not-a-real-token-123456";
    let client = client_with_token(&sim, secret);
    let err = client.me().await.unwrap_err();
    match &err {
        WebexError::Api {
            status,
            tracking_id,
            ..
        } => {
            assert_eq!(*status, 401);
            assert!(
                tracking_id.starts_with("WXM_"),
                "our tracking id comes back: {tracking_id}"
            );
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    assert!(!err.to_string().contains(secret));
    assert!(!format!("{err:?} {client:?}").contains(secret));
}

#[tokio::test]
async fn listing_subscribers_follows_every_page_and_applies_the_filters() {
    let sim = sim().await;
    let client = client(&sim);
    let filter = SubscriberFilter {
        sp_enterprise_id: Some(GLOBEX.into()),
        ..SubscriberFilter::default()
    };
    // No max: the simulator's next links carry `max=null`, as Webex's sometimes do.
    let all = client.subscribers(&filter).await.unwrap();
    assert_eq!(
        all.len(),
        123,
        "120 provisioned + 3 pending, over three pages"
    );
    let mut ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 123, "no subscriber twice across pages");
    let by_hundred = client
        .subscribers(&SubscriberFilter {
            max: Some(100),
            ..filter.clone()
        })
        .await
        .unwrap();
    assert_eq!(by_hundred.len(), 123);
    let pending = client
        .subscribers(&SubscriberFilter {
            status: vec![
                SubscriberStatus::PendingEmailInput,
                SubscriberStatus::PendingUserMigration,
            ],
            ..filter.clone()
        })
        .await
        .unwrap();
    assert_eq!(pending.len(), 3);
    let untrusted = client
        .subscribers(&SubscriberFilter {
            provisioning_id: Some(UNTRUSTED.into()),
            ..filter.clone()
        })
        .await
        .unwrap();
    assert_eq!(untrusted.len(), 2);
    let one = client
        .find_subscriber(GLOBEX, "globex-user-007")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(one.status, SubscriberStatus::Provisioned);
    assert!(one.person_id.is_some(), "personId once provisioned");
    assert_eq!(client.subscriber(&one.id).await.unwrap(), one);
    let by_person = client
        .subscribers(&SubscriberFilter {
            person_id: one.person_id.clone(),
            ..SubscriberFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(by_person, vec![one]);
    let too_big = client
        .subscribers(&SubscriberFilter {
            max: Some(101),
            ..SubscriberFilter::default()
        })
        .await
        .unwrap_err();
    assert_eq!(too_big.status(), Some(400));
}

#[tokio::test]
async fn enterprises_are_listed_once_they_have_a_webex_org() {
    let sim = sim().await;
    let client = client(&sim);
    let all = client
        .enterprises(&EnterpriseFilter::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].sp_enterprise_id, GLOBEX);
    assert_eq!(all[0].org_id.as_deref(), Some("sim-org-globex"));
    let none = client
        .enterprises(&EnterpriseFilter {
            starts_with: Some("Other".into()),
            ..EnterpriseFilter::default()
        })
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn a_first_subscriber_whose_email_matches_no_user_creates_a_new_org() {
    let sim = sim().await;
    let client = client(&sim);
    let ent = "DemoTelecom+acme";
    let check = client
        .precheck_subscriber(&PrecheckRequest {
            email: "ann@acmeplumbing.example".into(),
            sp_enterprise_id: Some(ent.into()),
            ..PrecheckRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(check.value.info_codes(), vec![100, 9104]);
    assert!(check.tracking_id.starts_with("WXM_"));
    let sub = client
        .provision_subscriber(&new_subscriber(
            ent,
            TRUSTED,
            "ann.acme@bw.demo-telecom.example",
            Some("ann@acmeplumbing.example"),
        ))
        .await
        .unwrap()
        .value;
    assert_eq!(sub.status, SubscriberStatus::Provisioning);
    assert_eq!(sub.person_id, None);
    advance(&sim, 5.0).await;
    let done = client.subscriber(&sub.id).await.unwrap();
    assert_eq!(done.status, SubscriberStatus::Provisioned);
    let ents = client
        .enterprises(&EnterpriseFilter {
            sp_enterprise_id: Some(ent.into()),
            ..EnterpriseFilter::default()
        })
        .await
        .unwrap();
    let org_id = ents[0].org_id.clone().unwrap();
    let org = client.organization(&org_id).await.unwrap();
    assert_eq!(org.display_name.as_deref(), Some("Acme Plumbing"));
    let person = client
        .person(done.person_id.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(person.org_id.as_deref(), Some(org_id.as_str()));
    assert!(
        person.roles.iter().any(|r| r == "id_full_admin"),
        "the first user becomes the new org's admin"
    );
    let admins = client.partner_admins(&org_id).await.unwrap();
    assert_eq!(
        admins[0].role_in_customer_org.as_deref(),
        Some("id_full_admin")
    );
}

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
    advance(&sim, 5.0).await;
    let done = client.subscriber(tara).await.unwrap();
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
    let gus = client
        .provision_subscriber(&new_subscriber(
            GLOBEX,
            UNTRUSTED,
            "gus.globex@bw.demo-telecom.example",
            Some("gus@globex.example"),
        ))
        .await
        .unwrap()
        .value;
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
    advance(&sim, 5.0).await;
    let done = client.subscriber(una).await.unwrap();
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
    advance(&sim, 5.0).await;
    let done = client.subscriber(&id).await.unwrap();
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

#[tokio::test]
async fn approval_required_ends_in_2017_until_the_customer_adds_the_partner_as_external_full_admin()
{
    let sim = sim().await;
    let client = client(&sim);
    let ent = "DemoTelecom+harbor";
    let email = "hanna.admin@harbordental.example";
    let check = client
        .precheck_subscriber(&PrecheckRequest {
            email: email.into(),
            sp_enterprise_id: Some(ent.into()),
            ..PrecheckRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(check.value.info_codes(), vec![100, 9102, 9103]);
    let new = new_subscriber(
        ent,
        TRUSTED,
        "hanna.harbor@bw.demo-telecom.example",
        Some(email),
    );
    let first = client.provision_subscriber(&new).await.unwrap().value;
    assert_eq!(first.status, SubscriberStatus::Provisioning);
    advance(&sim, 5.0).await;
    let failed = client.subscriber(&first.id).await.unwrap();
    assert_eq!(failed.status, SubscriberStatus::Error);
    assert_eq!(
        failed.error_codes(),
        vec![ERROR_EXTERNAL_ADMIN_APPROVAL_REQUIRED]
    );
    // Nothing attached: the partner still cannot see the org.
    assert!(client
        .people_by_email(email, None)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        client
            .licenses(Some("sim-org-harbor"))
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );

    control(
        &sim,
        "customer-admin/add-external-admin",
        json!({ "orgId": "sim-org-harbor", "email": "alex.partner@demo-telecom.example", "role": "id_full_admin" }),
    )
    .await;
    client.remove_subscriber(&first.id).await.unwrap();
    let second = client.provision_subscriber(&new).await.unwrap().value;
    advance(&sim, 5.0).await;
    let done = client.subscriber(&second.id).await.unwrap();
    assert_eq!(done.status, SubscriberStatus::Provisioned);
    let ents = client
        .enterprises(&EnterpriseFilter {
            sp_enterprise_id: Some(ent.into()),
            ..EnterpriseFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(
        ents[0].org_id.as_deref(),
        Some("sim-org-harbor"),
        "attached, not a new org"
    );
    let hanna = client
        .person(done.person_id.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(
        hanna.emails,
        vec![email.to_string()],
        "mapped to the existing user"
    );
    let admins = client.partner_admins("sim-org-harbor").await.unwrap();
    assert_eq!(admins.len(), 1);
    assert_eq!(
        admins[0].role_in_customer_org.as_deref(),
        Some("id_full_admin")
    );
}

#[tokio::test]
async fn an_org_with_100_users_also_needs_approval() {
    let sim = sim().await;
    let client = client(&sim);
    let sub = client
        .provision_subscriber(&new_subscriber(
            "DemoTelecom+northwind",
            TRUSTED,
            "nora.north@bw.demo-telecom.example",
            Some("nora.admin@northwind.example"),
        ))
        .await
        .unwrap()
        .value;
    advance(&sim, 5.0).await;
    assert_eq!(
        client.subscriber(&sub.id).await.unwrap().error_codes(),
        vec![2017]
    );
}

#[tokio::test]
async fn a_partner_token_cannot_see_a_customer_orgs_people_before_it_administers_the_org() {
    let sim = sim().await;
    let client = client(&sim);
    let org = "sim-org-maple";
    let email = "mia.admin@maplebakery.example";
    assert!(client
        .people_by_email(email, None)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        client
            .people_by_email(email, Some(org))
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
    assert_eq!(
        client.licenses(Some(org)).await.unwrap_err().status(),
        Some(403)
    );
    assert_eq!(
        client.organization(org).await.unwrap_err().status(),
        Some(403)
    );
    assert_eq!(
        client.partner_admins(org).await.unwrap_err().status(),
        Some(403)
    );
    assert!(!client
        .organizations()
        .await
        .unwrap()
        .iter()
        .any(|o| o.id == org));
    // The customer's own admin sees their people; the partner sees them after attach.
    let mia = client_with_token(&sim, &token_for(&sim, email).await);
    let mia_person = &mia.people_by_email(email, None).await.unwrap()[0];
    assert_eq!(
        client.person(&mia_person.id).await.unwrap_err().status(),
        Some(404)
    );

    client
        .provision_subscriber(&new_subscriber(
            "DemoTelecom+maple",
            TRUSTED,
            "mia.maple@bw.demo-telecom.example",
            Some(email),
        ))
        .await
        .unwrap();
    assert_eq!(client.people_by_email(email, None).await.unwrap().len(), 1);
    assert_eq!(client.licenses(Some(org)).await.unwrap().len(), 1);
    assert_eq!(
        client
            .organization(org)
            .await
            .unwrap()
            .display_name
            .as_deref(),
        Some("Maple Bakery"),
        "the org keeps its name"
    );
    assert!(client
        .organizations()
        .await
        .unwrap()
        .iter()
        .any(|o| o.id == org));
    let admins = client.partner_admins(org).await.unwrap();
    assert_eq!(
        admins[0].role_in_customer_org.as_deref(),
        Some("id_provisioning_admin"),
        "active licenses: Provisioning Administrator"
    );
    // The BroadWorks APIs are the partner's: a customer admin token is refused.
    assert_eq!(
        mia.subscribers(&SubscriberFilter::default())
            .await
            .unwrap_err()
            .status(),
        Some(403)
    );
}

#[tokio::test]
async fn an_org_with_only_suspended_licenses_attaches_with_the_partner_as_full_admin() {
    let sim = sim().await;
    let client = client(&sim);
    let check = client
        .precheck_subscriber(&PrecheckRequest {
            email: "carl.admin@cedarlaw.example".into(),
            sp_enterprise_id: Some("DemoTelecom+cedar".into()),
            ..PrecheckRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(check.value.info_codes(), vec![100, 9102]);
    let sub = client
        .provision_subscriber(&new_subscriber(
            "DemoTelecom+cedar",
            TRUSTED,
            "carl.cedar@bw.demo-telecom.example",
            Some("carl.admin@cedarlaw.example"),
        ))
        .await
        .unwrap()
        .value;
    advance(&sim, 5.0).await;
    assert_eq!(
        status_of(&client, &sub.id).await,
        SubscriberStatus::Provisioned
    );
    let admins = client.partner_admins("sim-org-cedar").await.unwrap();
    assert_eq!(
        admins[0].role_in_customer_org.as_deref(),
        Some("id_full_admin")
    );
}

#[tokio::test]
async fn detaching_removes_workspaces_by_id_and_every_subscriber_and_leaves_nothing_behind() {
    let sim = sim().await;
    let client = client(&sim);
    for ws in ["sim-ws-globex-lobby", "sim-ws-globex-boardroom"] {
        client.remove_workspace(ws).await.unwrap();
    }
    let filter = SubscriberFilter {
        sp_enterprise_id: Some(GLOBEX.into()),
        ..SubscriberFilter::default()
    };
    let all = client.subscribers(&filter).await.unwrap();
    assert!(all
        .iter()
        .any(|s| s.status == SubscriberStatus::PendingEmailInput));
    for s in &all {
        client.remove_subscriber(&s.id).await.unwrap();
    }
    assert!(client.subscribers(&filter).await.unwrap().is_empty());
    for ws in ["sim-ws-globex-lobby", "sim-ws-globex-boardroom"] {
        assert_eq!(
            client.remove_workspace(ws).await.unwrap_err().status(),
            Some(404)
        );
        assert_eq!(
            client
                .update_workspace(ws, &WorkspaceUpdate::default())
                .await
                .unwrap_err()
                .status(),
            Some(404)
        );
    }
    let state = control_get(&sim, "state").await;
    assert!(state["workspaces"].as_array().unwrap().is_empty());
    assert!(state["subscribers"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn workspaces_can_be_provisioned_updated_and_removed_but_never_listed() {
    let sim = sim().await;
    let client = client(&sim);
    let new = webex::model::NewWorkspace {
        provisioning_id: TRUSTED.into(),
        user_id: "kitchen.globex@bw.demo-telecom.example".into(),
        sp_enterprise_id: GLOBEX.into(),
        display_name: "Kitchen phone".into(),
        primary_phone_number: None,
        extension: Some("699".into()),
    };
    let ws = client.provision_workspace(&new).await.unwrap().value;
    assert_eq!(ws.display_name.as_deref(), Some("Kitchen phone"));
    let dup = client.provision_workspace(&new).await.unwrap_err();
    assert_eq!((dup.status(), dup.codes()), (Some(409), &[10022][..]));
    let updated = client
        .update_workspace(
            &ws.id,
            &WorkspaceUpdate {
                extension: Some("698".into()),
                ..WorkspaceUpdate::default()
            },
        )
        .await
        .unwrap()
        .value;
    assert_eq!(updated.extension.as_deref(), Some("698"));
    client.remove_workspace(&ws.id).await.unwrap();
    // No enterprise org yet: a workspace needs an existing customer.
    let refused = client
        .provision_workspace(&webex::model::NewWorkspace {
            sp_enterprise_id: "DemoTelecom+acme".into(),
            ..new.clone()
        })
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(404));
    let list = reqwest::Client::new()
        .get(format!("{}/broadworks/workspaces", sim.base_url()))
        .bearer_auth(sim.demo_token())
        .send()
        .await
        .unwrap();
    assert_eq!(
        list.status().as_u16(),
        405,
        "the API has no workspace listing"
    );
}

#[tokio::test]
async fn a_second_provision_of_the_same_user_answers_10022_and_the_idempotent_call_counts_it_as_done(
) {
    let sim = sim().await;
    let client = client(&sim);
    let new = new_subscriber(
        GLOBEX,
        TRUSTED,
        "gus.globex@bw.demo-telecom.example",
        Some("gus@globex.example"),
    );
    let first = client.provision_subscriber_idempotent(&new).await.unwrap();
    assert!(matches!(first, Provisioned::Created(_)));
    let err = client.provision_subscriber(&new).await.unwrap_err();
    assert_eq!((err.status(), err.codes()), (Some(409), &[10022][..]));
    assert!(err.to_string().contains("10022"));
    let again = client.provision_subscriber_idempotent(&new).await.unwrap();
    assert_eq!(again, Provisioned::AlreadyDone(first.subscriber().clone()));
}

#[tokio::test]
async fn bad_provisioning_requests_get_webex_error_codes() {
    let sim = sim().await;
    let client = client(&sim);
    let no_email = new_subscriber(GLOBEX, TRUSTED, "x@bw", None);
    let err = client.provision_subscriber(&no_email).await.unwrap_err();
    assert_eq!((err.status(), err.codes()), (Some(400), &[1001][..]));
    let bad_template = new_subscriber(GLOBEX, "nope", "x@bw", Some("x@y.example"));
    assert_eq!(
        client
            .provision_subscriber(&bad_template)
            .await
            .unwrap_err()
            .status(),
        Some(400)
    );
    let empty = client
        .precheck_subscriber(&PrecheckRequest::default())
        .await
        .unwrap_err();
    assert_eq!((empty.status(), empty.codes()), (Some(400), &[1001][..]));
    let missing = client.subscriber("sim-sub-none").await.unwrap_err();
    assert_eq!(missing.status(), Some(404));
    assert!(missing.tracking_id().is_some_and(|t| t.starts_with("WXM_")));
}

#[tokio::test]
async fn an_update_goes_through_updating_then_shows_the_new_values() {
    let sim = sim().await;
    let client = client(&sim);
    let sub = client
        .find_subscriber(GLOBEX, "globex-user-001")
        .await
        .unwrap()
        .unwrap();
    let answer = client
        .update_subscriber(
            &sub.id,
            &SubscriberUpdate {
                first_name: Some("Renamed".into()),
                package: Some(webex::model::Package::Premium),
                ..SubscriberUpdate::default()
            },
        )
        .await
        .unwrap()
        .value;
    assert_eq!(answer.status, SubscriberStatus::Updating);
    assert_eq!(
        answer.first_name, sub.first_name,
        "the answer shows the old values"
    );
    advance(&sim, 5.0).await;
    let after = client.subscriber(&sub.id).await.unwrap();
    assert_eq!(after.status, SubscriberStatus::Provisioned);
    assert_eq!(after.first_name.as_deref(), Some("Renamed"));
    assert_eq!(after.package, Some(webex::model::Package::Premium));
    let clear_both = client
        .update_subscriber(
            &sub.id,
            &SubscriberUpdate {
                extension: Some(String::new()),
                ..SubscriberUpdate::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        clear_both.status(),
        Some(400),
        "a subscriber keeps a number or an extension"
    );
}

#[tokio::test]
async fn roles_organizations_and_licenses_answer_for_the_partner() {
    let sim = sim().await;
    let client = client(&sim);
    let roles = client.roles().await.unwrap();
    assert!(roles.iter().any(|r| r.name == "Full Administrator"));
    let orgs = client.organizations().await.unwrap();
    let ids: Vec<&str> = orgs.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["sim-org-partner", "sim-org-globex"]);
    assert_eq!(
        client.licenses(None).await.unwrap()[0].id,
        "sim-lic-partner-msg"
    );
    assert_eq!(
        client.licenses(Some("sim-org-globex")).await.unwrap().len(),
        1
    );
    // A person without an admin role cannot list roles.
    let pat = client_with_token(
        &sim,
        &token_for(&sim, "pat.helpdesk@demo-telecom.example").await,
    );
    assert_eq!(pat.roles().await.unwrap_err().status(), Some(403));
}

#[tokio::test]
async fn provisioning_finishes_after_a_short_real_wait_without_touching_the_clock() {
    let sim = sim_with(webex_sim::SimOptions {
        provisioning_secs: 0.05,
        ..webex_sim::SimOptions::default()
    })
    .await;
    let client = client(&sim);
    let sub = client
        .provision_subscriber(&new_subscriber(
            GLOBEX,
            TRUSTED,
            "gus.globex@bw.demo-telecom.example",
            Some("gus@globex.example"),
        ))
        .await
        .unwrap()
        .value;
    let mut status = sub.status;
    for _ in 0..200 {
        if status == SubscriberStatus::Provisioned {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        status = status_of(&client, &sub.id).await;
    }
    assert_eq!(status, SubscriberStatus::Provisioned);
}

#[tokio::test]
async fn a_rate_limited_client_waits_for_retry_after_and_every_call_succeeds() {
    let sim = sim_with(webex_sim::SimOptions {
        faults: webex_sim::Faults {
            rate_limit_per_sec: Some(3),
            ..webex_sim::Faults::default()
        },
        ..webex_sim::SimOptions::default()
    })
    .await;
    let client = client(&sim);
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.me().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert!(
        sim.fault_stats().rate_limited >= 1,
        "{:?}",
        sim.fault_stats()
    );
}

#[tokio::test]
async fn an_expired_token_is_refused_with_401() {
    let sim = sim().await;
    let client = client(&sim);
    client.me().await.unwrap();
    let (status, _) = sim
        .control()
        .put("faults", &json!({ "tokenTtlSecs": 60 }))
        .await
        .unwrap();
    assert_eq!(status, 200);
    advance(&sim, 61.0).await;
    let err = client.me().await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert!(err.to_string().contains("expired"));
}

#[tokio::test]
async fn state_saved_to_a_file_comes_back_at_start_and_reset_restores_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo-state.json");
    let options = webex_sim::SimOptions {
        state_file: Some(file.clone()),
        ..webex_sim::SimOptions::default()
    };
    let sim = sim_with(options.clone()).await;
    let client = client(&sim);
    client
        .remove_workspace("sim-ws-globex-lobby")
        .await
        .unwrap();
    control(&sim, "state/save", json!({})).await;
    drop(sim);

    let again = sim_with(options).await;
    let client = client_with_token(&again, again.demo_token());
    assert_eq!(
        client
            .remove_workspace("sim-ws-globex-lobby")
            .await
            .unwrap_err()
            .status(),
        Some(404),
        "the saved state came back"
    );
    control(&again, "reset", json!({})).await;
    client
        .remove_workspace("sim-ws-globex-lobby")
        .await
        .unwrap();
    // Without a state file, saving is refused.
    let plain = common::sim().await;
    assert_eq!(control_status(&plain, "state/save", json!({})).await.0, 409);
}
