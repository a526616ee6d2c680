//! How an enterprise gets its Webex org, against the simulator: a new org, attaching to an
//! existing one, and the customer's approval (2017) for large or verified orgs.

mod support;

use serde_json::json;
use support::*;
use webex::model::SubscriberStatus;
use webex::ERROR_EXTERNAL_ADMIN_APPROVAL_REQUIRED;

#[tokio::test]
async fn a_first_subscriber_whose_email_matches_no_user_creates_a_new_org() {
    let sim = sim().await;
    let client = client(&sim);
    let ent = "DemoTelecom+acme";
    let check = precheck(&client, "ann@acmeplumbing.example", ent).await;
    assert_eq!(check.value.info_codes(), vec![100, 9104]);
    assert!(check.tracking_id.starts_with("WXM_"));
    let sub = provision(
        &client,
        ent,
        TRUSTED,
        "ann.acme@bw.demo-telecom.example",
        Some("ann@acmeplumbing.example"),
    )
    .await;
    assert_eq!(sub.status, SubscriberStatus::Provisioning);
    assert_eq!(sub.person_id, None);
    let done = subscriber_after_work(&sim, &client, &sub.id).await;
    assert_eq!(done.status, SubscriberStatus::Provisioned);
    let org_id = org_of_enterprise(&client, ent).await.unwrap();
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
async fn approval_required_ends_in_2017_until_the_customer_adds_the_partner_as_external_full_admin()
{
    let sim = sim().await;
    let client = client(&sim);
    let ent = "DemoTelecom+harbor";
    let email = "hanna.admin@harbordental.example";
    let check = precheck(&client, email, ent).await;
    assert_eq!(check.value.info_codes(), vec![100, 9102, 9103]);
    let new = new_subscriber(
        ent,
        TRUSTED,
        "hanna.harbor@bw.demo-telecom.example",
        Some(email),
    );
    let first = client.provision_subscriber(&new).await.unwrap().value;
    assert_eq!(first.status, SubscriberStatus::Provisioning);
    let failed = subscriber_after_work(&sim, &client, &first.id).await;
    assert_eq!(failed.status, SubscriberStatus::Error);
    assert_eq!(
        failed.error_codes(),
        vec![ERROR_EXTERNAL_ADMIN_APPROVAL_REQUIRED]
    );
    // Nothing attached: the partner still cannot see the org.
    assert_eq!(people_seen(&client, email).await, 0);
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
    let done = subscriber_after_work(&sim, &client, &second.id).await;
    assert_eq!(done.status, SubscriberStatus::Provisioned);
    assert_eq!(
        org_of_enterprise(&client, ent).await.as_deref(),
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
    let sub = provision(
        &client,
        "DemoTelecom+northwind",
        TRUSTED,
        "nora.north@bw.demo-telecom.example",
        Some("nora.admin@northwind.example"),
    )
    .await;
    advance(&sim, 5.0).await;
    assert_eq!(
        client.subscriber(&sub.id).await.unwrap().error_codes(),
        vec![2017]
    );
}

#[tokio::test]
async fn an_org_with_only_suspended_licenses_attaches_with_the_partner_as_full_admin() {
    let sim = sim().await;
    let client = client(&sim);
    let check = precheck(&client, "carl.admin@cedarlaw.example", "DemoTelecom+cedar").await;
    assert_eq!(check.value.info_codes(), vec![100, 9102]);
    let sub = provision(
        &client,
        "DemoTelecom+cedar",
        TRUSTED,
        "carl.cedar@bw.demo-telecom.example",
        Some("carl.admin@cedarlaw.example"),
    )
    .await;
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
