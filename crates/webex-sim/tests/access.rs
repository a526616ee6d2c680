//! Who may see what, against the simulator over a real loopback socket: the demo token's
//! partner admin, refused and expired tokens, visibility of a customer org's people, and
//! roles, organizations and licenses.

mod support;

use serde_json::json;
use support::*;
use webex::{AccessToken, Client, SubscriberFilter, WebexError};

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
async fn a_partner_token_cannot_see_a_customer_orgs_people_before_it_administers_the_org() {
    let sim = sim().await;
    let client = client(&sim);
    let org = "sim-org-maple";
    let email = "mia.admin@maplebakery.example";
    assert_eq!(people_seen(&client, email).await, 0);
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

    provision(
        &client,
        "DemoTelecom+maple",
        TRUSTED,
        "mia.maple@bw.demo-telecom.example",
        Some(email),
    )
    .await;
    assert_eq!(people_seen(&client, email).await, 1);
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
