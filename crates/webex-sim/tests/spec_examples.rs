//! The client reads answers shaped as Cisco's OpenAPI spec documents them, as a mock
//! serving the spec (Prism-like) would send them: a loopback server answers every request
//! with the 2xx `example` of the matching spec operation, and every client method with a
//! documented example is called and checked for values read from it, so a field the
//! client silently drops fails here. Then the shapes the schemas allow where they differ
//! from the examples, and error answers (documented by status only, without a body).

use serde_json::json;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use webex::model::{Package, PrecheckRequest, SubscriberStatus, SubscriberUpdate, WorkspaceUpdate};
use webex::{EnterpriseFilter, SubscriberFilter, WebexError};

#[path = "spec_examples/mock.rs"]
mod mock;
use mock::*;

const SUBSCRIBER: &str = "GET /broadworks/subscribers/{subscriberId}";
const SUBSCRIBERS: &str = "GET /broadworks/subscribers";
const ENTERPRISES: &str = "GET /broadworks/enterprises";
const PRECHECK: &str = "POST /broadworks/subscribers/validate";
const WORKSPACE: &str = "POST /broadworks/workspaces";
const PERSON: &str = "GET /people/{personId}";

#[tokio::test]
async fn every_documented_example_is_read_by_the_client() {
    let (mock, client) = serve().await;
    let ex = |key: &str, pointer: &str| mock.example(key, pointer);

    let enterprises = client
        .enterprises(&EnterpriseFilter::default())
        .await
        .unwrap();
    let sync = enterprises[0].broadworks_directory_sync.clone().unwrap();
    assert_eq!(enterprises[0].id, ex(ENTERPRISES, "/items/0/id"));
    assert_eq!(
        enterprises[0].org_id,
        Some(ex(ENTERPRISES, "/items/0/orgId"))
    );
    assert_eq!(enterprises[0].sp_enterprise_id, "Reseller1+acme");
    assert_eq!(sync.enable_dir_sync, Some(true));
    assert_eq!(
        sync.directory_sync_status.unwrap().sync_status.as_deref(),
        Some("COMPLETE")
    );

    let listed = client
        .subscribers(&SubscriberFilter::default())
        .await
        .unwrap();
    assert_eq!(listed[0].id, ex(SUBSCRIBERS, "/items/0/id"));
    assert_eq!(
        listed[0].person_id,
        Some(ex(SUBSCRIBERS, "/items/0/personId"))
    );
    assert_eq!(
        (listed[0].status, listed[0].package, listed[0].error_codes()),
        (
            SubscriberStatus::Error,
            Some(Package::Standard),
            vec![10022]
        )
    );
    assert_eq!(listed[0].self_activated, Some(false));
    let found = client
        .find_subscriber("SP1+acme", "95547321@sp.com")
        .await
        .unwrap();
    assert_eq!(found.map(|s| s.id), Some(ex(SUBSCRIBERS, "/items/0/id")));

    let one = client.subscriber("any id").await.unwrap();
    assert_eq!(
        (one.status, one.package),
        (SubscriberStatus::PendingEmailInput, Some(Package::Basic))
    );
    assert_eq!(one.email.as_deref(), Some("john.anderson@acme.com"));
    assert_eq!(one.provisioning_id, Some(ex(SUBSCRIBER, "/provisioningId")));

    let created = client
        .provision_subscriber(&new_subscriber())
        .await
        .unwrap();
    assert_eq!(created.value.status, SubscriberStatus::Provisioning);
    assert_eq!(created.value.user_id, "95547321@sp.com");
    assert!(!created.tracking_id.is_empty());
    let again = client
        .provision_subscriber_idempotent(&new_subscriber())
        .await
        .unwrap();
    assert!(matches!(again, webex::Provisioned::Created(_)), "{again:?}");
    assert_eq!(
        again.subscriber().primary_phone_number.as_deref(),
        Some("+1-240-555-1212")
    );

    let update = SubscriberUpdate {
        package: Some(Package::Premium),
        ..SubscriberUpdate::default()
    };
    let updated = client.update_subscriber("any id", &update).await.unwrap();
    assert_eq!(
        (updated.value.status, updated.value.package),
        (SubscriberStatus::Updating, Some(Package::Premium))
    );
    // DELETE and the consent email answer 204 without a body: no example to read.
    client.remove_subscriber("any id").await.unwrap();
    client.resend_consent_move_email("any id").await.unwrap();

    let precheck: PrecheckRequest = from_json(json!({"email": "john.anderson@acme.com"}));
    let checked = client.precheck_subscriber(&precheck).await.unwrap().value;
    assert_eq!(
        (checked.message.as_deref(), checked.info_codes()),
        (Some("success"), vec![webex::PRECHECK_OK])
    );
    assert_eq!(
        checked.info[0].description,
        Some(ex(PRECHECK, "/info/0/description"))
    );

    let workspace = new_workspace();
    let made = client.provision_workspace(&workspace).await.unwrap().value;
    assert_eq!(
        (
            made.id,
            made.display_name.as_deref(),
            made.extension.as_deref()
        ),
        (ex(WORKSPACE, "/id"), Some("Conference Room"), Some("51212"))
    );
    let changed = client
        .update_workspace("any id", &WorkspaceUpdate::default())
        .await
        .unwrap()
        .value;
    assert_eq!(changed.sp_enterprise_id, "Reseller1+acme");
    client.remove_workspace("any id").await.unwrap(); // 204, no example

    let orgs = client.organizations().await.unwrap();
    assert_eq!(orgs[0].display_name.as_deref(), Some("Acme, Inc."));
    let org = client.organization(&orgs[0].id).await.unwrap();
    assert_eq!(org.id, ex("GET /organizations/{orgId}", "/id"));
    let licenses = client.licenses(Some(&org.id)).await.unwrap();
    assert_eq!(
        licenses[0].name.as_deref(),
        Some("Meeting - Webex Meeting Center")
    );
    assert_eq!(
        (licenses[0].total_units, licenses[0].consumed_units),
        (Some(50.0), Some(5.0))
    );
    assert_eq!(
        licenses[0].subscription_id.as_deref(),
        Some("Sub-hydraOct26a")
    );
    let admins = client.partner_admins(&org.id).await.unwrap();
    assert_eq!(
        admins[0].role_in_customer_org.as_deref(),
        Some("id_full_admin")
    );
    assert_eq!(admins[0].emails, vec!["johndoe@example.com"]);

    // Cisco's example packs two role ids into one entry; both are read.
    let packed = ex(PERSON, "/roles/0");
    let role_ids: Vec<&str> = packed.split(',').collect();
    let me = client.me().await.unwrap();
    assert_eq!(
        (me.display_name.as_deref(), me.kind.as_deref()),
        (Some("John Andersen"), Some("person"))
    );
    assert_eq!(
        (me.invite_pending, me.login_enabled),
        (Some(false), Some(true))
    );
    assert_eq!((me.roles.len(), me.licenses.len()), (2, 2));
    let person = client.person(&me.id).await.unwrap();
    assert_eq!(person.roles, role_ids);
    assert_eq!(person.org_id, Some(ex(PERSON, "/orgId")));
    let people = client
        .people_by_email("john.andersen@example.com", None)
        .await
        .unwrap();
    assert_eq!(people[0].emails, vec!["john.andersen@example.com"]);
    let roles = client.roles().await.unwrap();
    assert_eq!(roles[0].name, "Full Administrator");
    assert_eq!(roles[0].id, ex("GET /roles", "/items/0/id"));

    // Every operation the client uses was reached. Not called (the client has no method
    // for them): directory sync, /licenses/{id}, /partner/organizations and the partner
    // admin (un)assignments, creating/updating/deleting people and orgs, /roles/{id}.
    // The OAuth endpoints (`/authorize`, `/access_token`) are not in these spec files.
    let called = mock.called.lock().unwrap().clone();
    let expected: BTreeSet<String> = [
        ENTERPRISES,
        SUBSCRIBERS,
        SUBSCRIBER,
        "POST /broadworks/subscribers",
        "PUT /broadworks/subscribers/{subscriberId}",
        "DELETE /broadworks/subscribers/{subscriberId}",
        "POST /subscribers/{subscriberId}/emails/consentMove",
        PRECHECK,
        WORKSPACE,
        "PUT /broadworks/workspaces/{workspaceId}",
        "DELETE /broadworks/workspaces/{workspaceId}",
        "GET /organizations",
        "GET /organizations/{orgId}",
        "GET /licenses",
        "GET /partner/organizations/{orgId}/partnerAdmins",
        "GET /people/me",
        PERSON,
        "GET /people",
        "GET /roles",
    ]
    .map(String::from)
    .into();
    assert_eq!(called, expected);
}

#[tokio::test]
async fn shapes_the_schemas_allow_where_they_differ_from_the_examples_are_read() {
    let (mock, client) = serve().await;
    let enterprise = mock.operation(ENTERPRISES).example.as_ref().unwrap()["items"][0].clone();
    let mut subscriber = mock.operation(SUBSCRIBERS).example.as_ref().unwrap()["items"][0].clone();
    subscriber["selfActivated"] = json!(true);
    subscriber["errors"] = json!([{ "errorCode": 10022.0 }]);
    let shapes = [
        // The schema: `info` is one object, not a list.
        (
            PRECHECK,
            json!({ "message": "success", "info": { "infoCode": 100 } }),
        ),
        // `EnterpriseListResponse` is the schema of one enterprise.
        (ENTERPRISES, enterprise),
        // A bare array; `selfActivated` a boolean; `errorCode` a number.
        (SUBSCRIBERS, json!([subscriber])),
        // Every field of every schema is optional: an empty list envelope, items with
        // nothing but an id (and a subscriber's status).
        ("GET /organizations", json!({})),
        ("GET /people", json!({ "notFoundIds": [] })),
        ("GET /roles", json!({ "items": [{ "id": "role-1" }] })),
        (
            SUBSCRIBER,
            json!({ "id": "sub-1", "status": "provisioned" }),
        ),
        (WORKSPACE, json!({ "id": "ws-1" })),
    ];
    for (key, body) in shapes {
        mock.reply(key, Reply::json(200, body));
    }

    let precheck: PrecheckRequest = from_json(json!({"email": "john.anderson@acme.com"}));
    let checked = client.precheck_subscriber(&precheck).await.unwrap().value;
    assert_eq!(checked.info_codes(), vec![100]);
    let enterprises = client
        .enterprises(&EnterpriseFilter::default())
        .await
        .unwrap();
    assert_eq!(enterprises.len(), 1);
    assert_eq!(enterprises[0].sp_enterprise_id, "Reseller1+acme");
    let listed = client
        .subscribers(&SubscriberFilter::default())
        .await
        .unwrap();
    assert_eq!(
        (listed[0].self_activated, listed[0].error_codes()),
        (Some(true), vec![10022])
    );
    assert!(client.organizations().await.unwrap().is_empty());
    let people = client.people_by_email("a@example.com", None).await.unwrap();
    assert!(people.is_empty());
    let roles = client.roles().await.unwrap();
    assert_eq!(
        (roles[0].id.as_str(), roles[0].name.as_str()),
        ("role-1", "")
    );
    let bare = client.subscriber("sub-1").await.unwrap();
    assert_eq!(
        (bare.id.as_str(), bare.status, bare.user_id.as_str()),
        ("sub-1", SubscriberStatus::Provisioned, "")
    );
    let workspace = new_workspace();
    let made = client.provision_workspace(&workspace).await.unwrap().value;
    assert_eq!(
        (made.id.as_str(), made.display_name, made.user_id.as_str()),
        ("ws-1", None, "")
    );
}

/// An error answer: status, headers, body; then what the client must make of it: Webex
/// error codes, description, tracking id (`None`: the one the client sent).
type ErrorCase = (
    u16,
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static [i64],
    &'static str,
    Option<&'static str>,
);

const ENVELOPE_400: &str = r#"{"message":"Invalid parameter","errors":[{"errorCode":1002,"description":"Invalid Parameter Size"}],"trackingId":"ROUTER_400"}"#;
/// No message, one error object instead of a list, its code as text.
const ENVELOPE_403: &str = r#"{"message":null,"errors":{"errorCode":"2017","description":"Approve us"},"trackingId":"ROUTER_403"}"#;
const ENVELOPE_503: &str = r#"{"message":"Service down","errors":null,"trackingId":"ROUTER_503"}"#;
const HTML: &[(&str, &str)] = &[("content-type", "text/html")];
const RETRY_1: &[(&str, &str)] = &[("retry-after", "1"), ("trackingid", "HDR_429")];

#[tokio::test]
async fn error_answers_of_every_shape_give_an_api_error_with_status_and_tracking_id() {
    let (mock, client) = serve().await;
    #[rustfmt::skip]
    let cases: [ErrorCase; 9] = [
        (400, &[], ENVELOPE_400, &[1002], "Invalid parameter", Some("ROUTER_400")),
        (401, &[("trackingid", "HDR_401")], "", &[], "Unauthorized", Some("HDR_401")),
        (403, &[], ENVELOPE_403, &[2017], "Approve us", Some("ROUTER_403")),
        (404, HTML, "<html>Not Found</html>", &[], "Not Found", None),
        (500, &[], r#"["boom"]"#, &[], "Internal Server Error", None),
        (503, &[], ENVELOPE_503, &[], "Service down", Some("ROUTER_503")),
        (429, RETRY_1, "", &[], "Too Many Requests", Some("HDR_429")),
        (429, &[], "", &[], "Too Many Requests", None),
        (423, &[("retry-after", "0")], "locked", &[], "Locked", None),
    ];
    for (status, headers, body, codes, description, tracking) in cases {
        let retry_after = headers.iter().find(|(h, _)| *h == "retry-after");
        mock.reply(SUBSCRIBER, Reply::new(status, headers, body));
        let started = Instant::now();
        let err = client.subscriber("any id").await.unwrap_err();
        let WebexError::Api {
            status: got,
            codes: got_codes,
            description: said,
            tracking_id,
        } = &err
        else {
            panic!("{status}: {err:?}");
        };
        let got = (*got, &got_codes[..], said.as_str());
        assert_eq!(got, (status, codes, description), "{err:?}");
        match tracking {
            Some(given) => assert_eq!(tracking_id, given),
            None => assert!(tracking_id.starts_with("WXM_"), "{err:?}"),
        }
        if let Some((_, seconds)) = retry_after {
            let waited = Duration::from_secs(seconds.parse().unwrap());
            assert!(started.elapsed() >= waited, "Retry-After ignored: {status}");
        }
    }

    // A success that is not JSON cannot be read: a decode error, not a panic.
    mock.reply(SUBSCRIBER, Reply::new(200, HTML, "<html>"));
    let err = client.subscriber("any id").await.unwrap_err();
    assert!(matches!(err, WebexError::Decode(_)), "{err:?}");
}

/// What a mock generating bodies from the schemas (Prism's dynamic mode) may send that the
/// examples never do: an `infoCode` that is any number, or none; a `package` outside the
/// enum (as one Cisco adds later would be). Each is read, not an answer refused whole.
#[tokio::test]
async fn values_a_schema_generating_mock_may_send_are_read() {
    let (mock, client) = serve().await;
    mock.reply(
        PRECHECK,
        Reply::json(
            200,
            json!({ "message": "exercitation", "info": { "infoCode": 14983117.33276783, "description": "pariatur" } }),
        ),
    );
    let precheck: PrecheckRequest = from_json(json!({"email": "john.anderson@acme.com"}));
    let checked = client.precheck_subscriber(&precheck).await.unwrap().value;
    assert_eq!(checked.info.len(), 1);
    assert_eq!(checked.info[0].info_code, None);
    assert_eq!(checked.info[0].description.as_deref(), Some("pariatur"));
    assert!(checked.info_codes().is_empty());

    mock.reply(
        PRECHECK,
        Reply::json(
            200,
            json!({ "info": [{ "description": "no code" }, { "infoCode": "9101" }] }),
        ),
    );
    let checked = client.precheck_subscriber(&precheck).await.unwrap().value;
    assert_eq!(checked.info_codes(), vec![9101]);

    let mut subscriber = mock.operation(SUBSCRIBER).example.clone().unwrap();
    subscriber["package"] = json!("premium_plus");
    mock.reply(SUBSCRIBER, Reply::json(200, subscriber));
    let read = client.subscriber("any id").await.unwrap();
    assert_eq!(read.package, None);
    assert_eq!(read.user_id, "95547321@sp.com");
}
