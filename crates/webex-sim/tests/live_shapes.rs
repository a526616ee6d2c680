//! The client reads answers shaped as live Webex sends them, where they differ from
//! Cisco's spec: booleans for `invitePending`/`loginEnabled` (the spec says strings),
//! whole numbers written as floats, unknown fields. A fixed loopback server plays
//! live Webex here; the simulator itself must answer in the live shapes too.

use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use webex::model::{NewSubscriber, Package, PrecheckRequest};
use webex::{AccessToken, Client, WebexError};

async fn live_like(routes: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, routes).await });
    format!("http://{addr}/v1")
}

fn client(base: &str) -> Client {
    Client::new(base, AccessToken::new("live-shaped-token")).unwrap()
}

#[tokio::test]
async fn people_me_with_boolean_flags_and_unknown_fields_is_read() {
    let base = live_like(Router::new().route(
        "/v1/people/me",
        get(|| async {
            Json(json!({
                "id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hYmM",
                "emails": ["admin@partner.example"],
                "displayName": "Pat Admin",
                "orgId": "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9hYmM",
                "roles": ["Y2lzY29zcGFyazovL3VzL1JPTEUvaWRfZnVsbF9hZG1pbg"],
                "created": "2020-01-01T00:00:00.000Z",
                "lastActivity": "2026-11-30T10:00:00.000Z",
                "status": "active",
                "invitePending": false,
                "loginEnabled": true,
                "type": "person",
                "phoneNumbers": [{ "type": "work", "value": "+1 555 0100", "primary": true }],
                "somethingNew": { "nested": [1.5, null] }
            }))
        }),
    ))
    .await;
    let me = client(&base).me().await.expect("a live /people/me is read");
    assert_eq!(me.display_name.as_deref(), Some("Pat Admin"));
    assert_eq!(me.invite_pending, Some(false));
    assert_eq!(me.login_enabled, Some(true));
}

#[tokio::test]
async fn spec_shaped_string_flags_are_read_too() {
    let base = live_like(Router::new().route(
        "/v1/people/me",
        get(|| async {
            Json(json!({ "id": "p", "emails": [], "invitePending": "true", "loginEnabled": "false" }))
        }),
    ))
    .await;
    let me = client(&base).me().await.unwrap();
    assert_eq!(me.invite_pending, Some(true));
    assert_eq!(me.login_enabled, Some(false));
}

#[tokio::test]
async fn float_info_codes_and_error_codes_are_read_as_whole_numbers() {
    let base = live_like(
        Router::new()
            .route(
                "/v1/broadworks/subscribers/validate",
                post(|| async {
                    Json(json!({
                        "message": "success",
                        "info": [{ "infoCode": 9101.0, "description": "existing account" }]
                    }))
                }),
            )
            .route(
                "/v1/broadworks/subscribers",
                post(|| async {
                    (
                        StatusCode::CONFLICT,
                        Json(json!({
                            "message": "User is already associated",
                            "errors": [{ "errorCode": 10022.0, "description": "already associated" }],
                            "trackingId": "ROUTER_live"
                        })),
                    )
                }),
            ),
    )
    .await;
    let client = client(&base);
    let answer = client
        .precheck_subscriber(&PrecheckRequest {
            email: "user@example.com".into(),
            ..PrecheckRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(answer.value.info_codes(), vec![9101]);

    let err = client
        .provision_subscriber(&NewSubscriber {
            provisioning_id: "p".into(),
            user_id: "u@bw.example".into(),
            sp_enterprise_id: "e".into(),
            first_name: "F".into(),
            last_name: "L".into(),
            package: Package::Basic,
            primary_phone_number: None,
            mobile_phone_number: None,
            extension: Some("1".into()),
            email: None,
            language: None,
            timezone: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.codes(), &[10022]);
}

#[tokio::test]
async fn an_answer_that_cannot_be_read_is_worded_as_such_not_as_no_answer() {
    let base = live_like(Router::new().route(
        "/v1/people/me",
        get(|| async { Json(json!({ "emails": "not-a-list" })) }),
    ))
    .await;
    let err = client(&base).me().await.unwrap_err();
    assert!(matches!(err, WebexError::Decode(_)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("Webex answered in a way this app could not read"),
        "{err}"
    );
}

#[tokio::test]
async fn the_simulator_answers_people_me_with_boolean_flags_as_live_webex_does() {
    let sim = webex_sim::start(0, webex_sim::Scenario::default())
        .await
        .unwrap();
    let raw: Value = reqwest::Client::new()
        .get(format!("{}/people/me", sim.base_url()))
        .bearer_auth(sim.demo_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(raw["invitePending"].is_boolean(), "{raw}");
    assert!(raw["loginEnabled"].is_boolean(), "{raw}");
}

#[tokio::test]
async fn lists_of_organizations_and_partner_admins_are_read_to_their_last_page() {
    use axum::extract::{Query, State};
    use std::collections::HashMap;
    // Two pages each, the second behind Webex's `Link: <…>; rel="next"`.
    async fn paged(
        State(base): State<String>,
        Query(q): Query<HashMap<String, String>>,
        uri: axum::http::Uri,
    ) -> axum::response::Response {
        use axum::response::IntoResponse;
        let page2 = q.contains_key("cursor");
        let path = uri.path().to_string();
        let item = if path.ends_with("partnerAdmins") {
            json!({ "id": if page2 { "admin-2" } else { "admin-1" }, "emails": [], "roleInCustomerOrg": "id_full_admin" })
        } else {
            json!({ "id": if page2 { "org-101" } else { "org-1" }, "displayName": "Customer" })
        };
        let body = Json(json!({ "items": [item] }));
        if page2 {
            body.into_response()
        } else {
            let next = format!(
                "<{base}{}?cursor=2>; rel=\"next\"",
                path.trim_start_matches("/v1")
            );
            ([(axum::http::header::LINK, next)], body).into_response()
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    let routes = Router::new()
        .route("/v1/organizations", get(paged))
        .route("/v1/partner/organizations/{org}/partnerAdmins", get(paged))
        .with_state(base.clone());
    tokio::spawn(async move { axum::serve(listener, routes).await });
    let c = client(&base);
    let orgs: Vec<String> = c
        .organizations()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(orgs, ["org-1", "org-101"]);
    let admins: Vec<String> = c
        .partner_admins("org-1")
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(admins, ["admin-1", "admin-2"]);
}

#[tokio::test]
async fn a_list_keeps_only_the_enterprise_and_user_asked_for_when_a_server_ignores_the_filter() {
    // A server that answers every filter with everything it has.
    let base = live_like(
        Router::new()
            .route(
                "/v1/broadworks/enterprises",
                get(|| async {
                    Json(json!({ "items": [
                        { "id": "e-1", "spEnterpriseId": "OTHER+ent", "orgId": "org-other" },
                        { "id": "e-2", "spEnterpriseId": "SP+acme", "orgId": "org-acme" }
                    ] }))
                }),
            )
            .route(
                "/v1/broadworks/subscribers",
                get(|| async {
                    Json(json!({ "items": [
                        { "id": "s-1", "userId": "a@sp", "spEnterpriseId": "OTHER+ent", "status": "provisioned" },
                        { "id": "s-2", "userId": "b@sp", "spEnterpriseId": "SP+acme", "status": "provisioned" },
                        { "id": "s-3", "userId": "c@sp", "spEnterpriseId": "SP+acme", "status": "provisioned" }
                    ] }))
                }),
            ),
    )
    .await;
    let c = client(&base);
    let asked = |id: &str| webex::EnterpriseFilter {
        sp_enterprise_id: Some(id.into()),
        ..Default::default()
    };
    // Ids compared ignoring case, as a person may type them.
    let found = c.enterprises(&asked("sp+ACME")).await.unwrap();
    assert_eq!(
        found.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["e-2"]
    );
    assert!(c.enterprises(&asked("SP+typo")).await.unwrap().is_empty());
    assert_eq!(c.enterprises(&Default::default()).await.unwrap().len(), 2);

    let subscribers = |ent: &str, user: Option<&str>| webex::SubscriberFilter {
        sp_enterprise_id: Some(ent.into()),
        user_id: user.map(str::to_string),
        ..Default::default()
    };
    let ids =
        |list: Vec<webex::model::Subscriber>| list.into_iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(
        ids(c.subscribers(&subscribers("SP+acme", None)).await.unwrap()),
        ["s-2", "s-3"]
    );
    assert_eq!(
        ids(c
            .subscribers(&subscribers("SP+acme", Some("c@sp")))
            .await
            .unwrap()),
        ["s-3"]
    );
}
