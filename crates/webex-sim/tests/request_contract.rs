//! Every request the `webex` client sends, held to Cisco's OpenAPI specs
//! (../shared/reference/openapi) as a spec-validating mock (Stoplight Prism) holds them:
//! a loopback server records each request as it arrives on the socket and answers with
//! the operation's documented 2xx example, so every client call completes; each recorded
//! request must then name an operation of the spec (method and path shape), carry only
//! query parameters that operation declares, typed and valued as it types them (and all
//! it requires), and a JSON body, sent as `application/json`, that its requestBody schema
//! accepts: required fields, types, enums, and no field the schema does not name.
//!
//! The validator is `support::spec`, the one `contract.rs` holds the simulator's answers
//! to. Not covered: the OAuth endpoints (`/authorize`, `/access_token`), which these
//! spec files do not describe.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeSet;
use support::spec::{Api, Received};
use webex::model::{
    CustomerInfo, NewSubscriber, NewWorkspace, Package, PrecheckRequest, SubscriberStatus,
    SubscriberUpdate, WorkspaceUpdate,
};
use webex::{EnterpriseFilter, Provisioned, SubscriberFilter, WebexError};

#[path = "request_contract/mock.rs"]
mod mock;
use mock::*;

const ME: &str = "GET /people/me";
const PERSON: &str = "GET /people/{personId}";
const PEOPLE: &str = "GET /people";
const ROLES: &str = "GET /roles";
const ORGS: &str = "GET /organizations";
const ORG: &str = "GET /organizations/{orgId}";
const LICENSES: &str = "GET /licenses";
const PARTNER_ADMINS: &str = "GET /partner/organizations/{orgId}/partnerAdmins";
const ENTERPRISES: &str = "GET /broadworks/enterprises";
const SUBSCRIBERS: &str = "GET /broadworks/subscribers";
const SUBSCRIBER: &str = "GET /broadworks/subscribers/{subscriberId}";
const PROVISION: &str = "POST /broadworks/subscribers";
const UPDATE: &str = "PUT /broadworks/subscribers/{subscriberId}";
const REMOVE: &str = "DELETE /broadworks/subscribers/{subscriberId}";
const PRECHECK: &str = "POST /broadworks/subscribers/validate";
const CONSENT: &str = "POST /subscribers/{subscriberId}/emails/consentMove";
const NEW_WORKSPACE: &str = "POST /broadworks/workspaces";
const UPDATE_WORKSPACE: &str = "PUT /broadworks/workspaces/{workspaceId}";
const REMOVE_WORKSPACE: &str = "DELETE /broadworks/workspaces/{workspaceId}";

/// An id that needs encoding in a path: it must arrive as one segment, unchanged.
const ODD_ID: &str = "Y2lz/Y29+c3Bh cms=";

#[tokio::test]
async fn every_request_the_client_sends_is_one_ciscos_spec_accepts() {
    let (mock, client) = serve().await;

    // People, roles, organizations, licenses, partner administrators.
    client.me().await.unwrap();
    mock.one("me", ME);
    client.person(ODD_ID).await.unwrap();
    let sent = mock.one("person", PERSON);
    assert_eq!(sent.params["personId"], ODD_ID);
    client
        .people_by_email("a+b@example.com", None)
        .await
        .unwrap();
    let sent = mock.one("people_by_email", PEOPLE);
    assert_eq!(sent.query, pairs(&[("email", "a+b@example.com")]));
    client
        .people_by_email("a@example.com", Some("org-1"))
        .await
        .unwrap();
    let sent = mock.one("people_by_email in an org", PEOPLE);
    assert_eq!(
        sent.query,
        pairs(&[("email", "a@example.com"), ("orgId", "org-1")])
    );
    client.roles().await.unwrap();
    mock.one("roles", ROLES);
    client.organizations().await.unwrap();
    mock.one("organizations", ORGS);
    client.organization(ODD_ID).await.unwrap();
    assert_eq!(mock.one("organization", ORG).params["orgId"], ODD_ID);
    client.licenses(None).await.unwrap();
    assert!(mock.one("licenses", LICENSES).query.is_empty());
    client.licenses(Some("org-1")).await.unwrap();
    let sent = mock.one("licenses of an org", LICENSES);
    assert_eq!(sent.query, pairs(&[("orgId", "org-1")]));
    client.partner_admins(ODD_ID).await.unwrap();
    let sent = mock.one("partner_admins", PARTNER_ADMINS);
    assert_eq!(sent.params["orgId"], ODD_ID);

    // Enterprises: no filter, every filter.
    client
        .enterprises(&EnterpriseFilter::default())
        .await
        .unwrap();
    assert!(mock.one("enterprises", ENTERPRISES).query.is_empty());
    let every_filter = EnterpriseFilter {
        sp_enterprise_id: Some("SP1+acme".into()),
        starts_with: Some("Res".into()),
        max: Some(1000),
    };
    client.enterprises(&every_filter).await.unwrap();
    mock.one("enterprises with every filter", ENTERPRISES);

    // Subscribers: listed with no filter, every filter, several statuses (one request
    // each: the spec's `status` is one value), and looked up.
    client
        .subscribers(&SubscriberFilter::default())
        .await
        .unwrap();
    assert!(mock.one("subscribers", SUBSCRIBERS).query.is_empty());
    let every_filter = SubscriberFilter {
        user_id: Some("95547321@sp.com".into()),
        person_id: Some("person-1".into()),
        email: Some("john@acme.com".into()),
        provisioning_id: Some("prov-1".into()),
        sp_enterprise_id: Some("SP1+acme".into()),
        last_status_change: Some("1700000000000".into()),
        status: vec![SubscriberStatus::PendingUserMigration],
        after: Some("2024-01-01T00:00:00Z".into()),
        self_activated: Some(false),
        max: Some(100),
    };
    client.subscribers(&every_filter).await.unwrap();
    let sent = mock.one("subscribers with every filter", SUBSCRIBERS);
    assert_eq!(sent.query.len(), 10, "{:?}", sent.query);
    let several = SubscriberFilter {
        sp_enterprise_id: Some("SP1+acme".into()),
        status: SubscriberStatus::ALL.to_vec(),
        ..SubscriberFilter::default()
    };
    let listed = client.subscribers(&several).await.unwrap();
    assert_eq!(
        listed.len(),
        1,
        "one subscriber, however often it is listed"
    );
    let sent = mock.expect("subscribers in several statuses", &[SUBSCRIBERS; 7]);
    let statuses: Vec<&str> = sent
        .iter()
        .flat_map(|a| a.query.iter().filter(|(k, _)| k == "status"))
        .map(|(_, v)| v.as_str())
        .collect();
    let all: Vec<&str> = SubscriberStatus::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(statuses, all);
    let found = client
        .find_subscriber("SP1+acme", "95547321@sp.com")
        .await
        .unwrap();
    assert!(found.is_some());
    mock.one("find_subscriber", SUBSCRIBERS);
    client.subscriber(ODD_ID).await.unwrap();
    assert_eq!(
        mock.one("subscriber", SUBSCRIBER).params["subscriberId"],
        ODD_ID
    );

    // A next page: Webex's `max=null` is not sent back (the spec types `max` as an
    // integer) and the filters the link dropped are.
    let next = format!(
        "<{}/broadworks/subscribers?max=null&after=2024-01-01T00%3A00%3A00Z>; rel=\"next\"",
        mock.base
    );
    mock.script(SUBSCRIBERS, 200, &[("link", &next)], json!({ "items": [] }));
    let filter = SubscriberFilter {
        sp_enterprise_id: Some("SP1+acme".into()),
        ..SubscriberFilter::default()
    };
    client.subscribers(&filter).await.unwrap();
    let sent = mock.expect("subscribers, two pages", &[SUBSCRIBERS, SUBSCRIBERS]);
    assert!(sent[1]
        .query
        .contains(&("spEnterpriseId".into(), "SP1+acme".into())));

    // Provisioning: every field; the required ones only, blank optional ones left out.
    let full = new_subscriber();
    client.provision_subscriber(&full).await.unwrap();
    let sent = mock.one("provision_subscriber", PROVISION);
    assert_eq!(sent.body, serde_json::to_value(&full).unwrap());
    assert_eq!(sent.body.as_object().unwrap().len(), 12);
    let bare = NewSubscriber {
        primary_phone_number: None,
        mobile_phone_number: Some(String::new()),
        extension: Some("1212".into()),
        email: Some("  ".into()),
        language: None,
        timezone: Some(String::new()),
        ..new_subscriber()
    };
    client.provision_subscriber(&bare).await.unwrap();
    let sent = mock.one("provision_subscriber with blank fields", PROVISION);
    let mut fields: Vec<&String> = sent.body.as_object().unwrap().keys().collect();
    fields.sort();
    let expected = [
        "extension",
        "firstName",
        "lastName",
        "package",
        "provisioningId",
        "spEnterpriseId",
        "userId",
    ];
    assert_eq!(fields, expected);

    // Safe provisioning: created; 10022 (then a lookup); an answer lost to a 5xx (a
    // lookup before trying again).
    let made = client.provision_subscriber_idempotent(&full).await.unwrap();
    assert!(matches!(made, Provisioned::Created(_)));
    mock.one("provision_subscriber_idempotent", PROVISION);
    let taken = json!({
        "message": "taken", "trackingId": "T",
        "errors": [{ "errorCode": 10022, "description": "taken" }]
    });
    mock.script(PROVISION, 409, &[], taken);
    let made = client.provision_subscriber_idempotent(&full).await.unwrap();
    assert!(matches!(made, Provisioned::AlreadyDone(_)), "{made:?}");
    let sent = mock.expect("provisioning again after 10022", &[PROVISION, SUBSCRIBERS]);
    let lookup = pairs(&[
        ("userId", "95547321@sp.com"),
        ("spEnterpriseId", "SP1+acme"),
    ]);
    assert_eq!(sent[1].query, lookup);
    let down = json!({ "message": "down", "trackingId": "T" });
    mock.script(PROVISION, 503, &[], down);
    let made = client.provision_subscriber_idempotent(&full).await.unwrap();
    assert!(matches!(made, Provisioned::AlreadyDone(_)), "{made:?}");
    mock.expect(
        "provisioning after a lost answer",
        &[PROVISION, SUBSCRIBERS],
    );

    // Update: every field, none; removal; the consent email (no body).
    let update = SubscriberUpdate {
        user_id: Some("95547321@sp.com".into()),
        first_name: Some("John".into()),
        last_name: Some("Andersen".into()),
        primary_phone_number: Some("+1-240-555-1212".into()),
        mobile_phone_number: Some(String::new()),
        extension: Some("1212".into()),
        timezone: Some("America/Los_Angeles".into()),
        package: Some(Package::Premium),
    };
    client.update_subscriber(ODD_ID, &update).await.unwrap();
    let sent = mock.one("update_subscriber", UPDATE);
    assert_eq!(sent.body.as_object().unwrap().len(), 8);
    assert_eq!(sent.params["subscriberId"], ODD_ID);
    client
        .update_subscriber("sub-1", &SubscriberUpdate::default())
        .await
        .unwrap();
    assert_eq!(
        mock.one("update_subscriber, nothing", UPDATE).body,
        json!({})
    );
    client.remove_subscriber(ODD_ID).await.unwrap();
    let sent = mock.one("remove_subscriber", REMOVE);
    assert_eq!(
        (sent.params["subscriberId"].as_str(), &sent.body),
        (ODD_ID, &Value::Null)
    );
    client.resend_consent_move_email(ODD_ID).await.unwrap();
    let sent = mock.one("resend_consent_move_email", CONSENT);
    assert_eq!(
        (sent.params["subscriberId"].as_str(), &sent.body),
        (ODD_ID, &Value::Null)
    );

    // Precheck: the email only; every field with the customer's email.
    let email_only = PrecheckRequest {
        email: "john.anderson@acme.com".into(),
        ..PrecheckRequest::default()
    };
    client.precheck_subscriber(&email_only).await.unwrap();
    let sent = mock.one("precheck_subscriber", PRECHECK);
    assert_eq!(sent.body, json!({ "email": "john.anderson@acme.com" }));
    let every_field = PrecheckRequest {
        email: "john.anderson@acme.com".into(),
        provisioning_id: Some("prov-1".into()),
        user_id: Some("95547321@sp.com".into()),
        sp_enterprise_id: Some("SP1+acme".into()),
        first_name: Some("John".into()),
        last_name: Some("Andersen".into()),
        package: Some(Package::Softphone),
        primary_phone_number: Some("+1-240-555-1212".into()),
        mobile_phone_number: Some("+1-818-279-1234".into()),
        extension: Some("1212".into()),
        language: Some("en".into()),
        timezone: Some("America/Los_Angeles".into()),
        customer_info: Some(CustomerInfo {
            primary_email: "admin@acme.com".into(),
        }),
    };
    client.precheck_subscriber(&every_field).await.unwrap();
    let sent = mock.one("precheck_subscriber with every field", PRECHECK);
    assert_eq!(sent.body.as_object().unwrap().len(), 13);

    // Workspaces: provisioned with every field and with the required ones, updated with
    // every field and none, removed.
    let workspace = NewWorkspace {
        provisioning_id: "prov-1".into(),
        user_id: "room@sp.com".into(),
        sp_enterprise_id: "SP1+acme".into(),
        display_name: "Conference Room".into(),
        primary_phone_number: Some("+1-240-555-1212".into()),
        extension: Some("51212".into()),
    };
    client.provision_workspace(&workspace).await.unwrap();
    let sent = mock.one("provision_workspace", NEW_WORKSPACE);
    assert_eq!(sent.body.as_object().unwrap().len(), 6);
    let bare = NewWorkspace {
        primary_phone_number: Some(String::new()),
        extension: None,
        ..workspace
    };
    client.provision_workspace(&bare).await.unwrap();
    let sent = mock.one("provision_workspace, required fields", NEW_WORKSPACE);
    assert_eq!(sent.body.as_object().unwrap().len(), 4);
    let update = WorkspaceUpdate {
        user_id: Some("room@sp.com".into()),
        primary_phone_number: Some("+1-240-555-1212".into()),
        extension: Some("51212".into()),
    };
    client.update_workspace(ODD_ID, &update).await.unwrap();
    let sent = mock.one("update_workspace", UPDATE_WORKSPACE);
    assert_eq!(sent.params["workspaceId"], ODD_ID);
    client
        .update_workspace("ws-1", &WorkspaceUpdate::default())
        .await
        .unwrap();
    mock.one("update_workspace, nothing", UPDATE_WORKSPACE);
    client.remove_workspace(ODD_ID).await.unwrap();
    mock.one("remove_workspace", REMOVE_WORKSPACE);

    // An id the spec's paths cannot hold is refused before anything is sent.
    let long = "w".repeat(257);
    let refused = [
        client.subscriber("").await.err(),
        client.remove_subscriber(" ").await.err(),
        client.resend_consent_move_email("").await.err(),
        client
            .update_subscriber("", &SubscriberUpdate::default())
            .await
            .err(),
        client.person("").await.err(),
        client.organization("").await.err(),
        client.partner_admins("").await.err(),
        client.remove_workspace("").await.err(),
        client.remove_workspace(&long).await.err(),
        client
            .update_workspace(&long, &WorkspaceUpdate::default())
            .await
            .err(),
    ];
    for err in refused {
        assert!(
            matches!(err, Some(WebexError::InvalidRequest(_))),
            "{err:?}"
        );
    }
    mock.expect("calls with ids the spec refuses", &[]);

    // Every operation the client has a method for was called and checked. The spec's
    // others (directory sync, /licenses/{id}, /partner/organizations and the partner
    // admin (un)assignments, creating, updating and deleting people and orgs,
    // /roles/{id}) have no client method.
    let covered = mock.covered.lock().unwrap().clone();
    let expected: BTreeSet<String> = [
        ME,
        PERSON,
        PEOPLE,
        ROLES,
        ORGS,
        ORG,
        LICENSES,
        PARTNER_ADMINS,
        ENTERPRISES,
        SUBSCRIBERS,
        SUBSCRIBER,
        PROVISION,
        UPDATE,
        REMOVE,
        PRECHECK,
        CONSENT,
        NEW_WORKSPACE,
        UPDATE_WORKSPACE,
        REMOVE_WORKSPACE,
    ]
    .map(String::from)
    .into();
    assert_eq!(covered, expected);
}

fn request(method: &str, path_and_query: &str, body: Option<Value>) -> Received {
    let (path, query) = match path_and_query.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (path_and_query, None),
    };
    let mut headers = vec![("authorization".to_string(), "Bearer t".to_string())];
    if body.is_some() {
        headers.push(("content-type".into(), "application/json".into()));
    }
    Received {
        method: method.into(),
        path: path.into(),
        query,
        headers,
        body: body.map(|b| b.to_string().into_bytes()).unwrap_or_default(),
    }
}

#[test]
fn the_request_validator_really_rejects_what_breaks_the_spec() {
    let api = Api::load();
    let problems = |r: &Received| api.check_request(r).err().unwrap_or_default();

    // A body missing a required field, with a wrong type, a value outside the enum and
    // a field the schema does not name.
    let wrong = json!({
        "provisioningId": "p", "userId": "u", "spEnterpriseId": "SP+acme",
        "firstName": 7, "package": "gold", "selfActivated": false
    });
    let found = problems(&request("POST", "/broadworks/subscribers", Some(wrong)));
    assert_eq!(found.len(), 4, "{found:?}");
    for expected in [
        "required field 'lastName' missing",
        "$.firstName: expected string",
        "\"gold\" is not one of",
        "field 'selfActivated' is not in the schema",
    ] {
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{expected}: {found:?}"
        );
    }
    // The same body, right, is accepted.
    let right = json!({
        "provisioningId": "p", "userId": "u", "spEnterpriseId": "SP+acme",
        "firstName": "A", "lastName": "B", "package": "basic"
    });
    let ok = api.check_request(&request(
        "POST",
        "/broadworks/subscribers",
        Some(right.clone()),
    ));
    assert_eq!(ok.map(|a| a.key).ok().as_deref(), Some(PROVISION));
    // Sent as text/plain; without a token.
    let mut r = request("POST", "/broadworks/subscribers", Some(right));
    r.headers = vec![("content-type".into(), "text/plain".into())];
    assert_eq!(problems(&r).len(), 2, "{:?}", problems(&r));

    // Query: several statuses in one value, `max=null`, a parameter not declared, a
    // boolean written as a number.
    let found = problems(&request(
        "GET",
        "/broadworks/subscribers?status=provisioned,error&max=null&cursor=2&selfActivated=1",
        None,
    ));
    assert_eq!(found.len(), 4, "{found:?}");
    // A required query parameter missing; a body where the operation takes none.
    let found = problems(&request("GET", "/partner/organizations", None));
    assert!(found[0].contains("'managedBy' missing"), "{found:?}");
    let found = problems(&request(
        "DELETE",
        "/broadworks/subscribers/s1",
        Some(json!({})),
    ));
    assert!(found[0].contains("takes no body"), "{found:?}");
    // Paths the spec does not have: a blank id, a too long workspace id, an operation
    // on the wrong method.
    assert!(!problems(&request("DELETE", "/broadworks/subscribers/", None)).is_empty());
    let long = format!("/broadworks/workspaces/{}", "w".repeat(257));
    assert!(problems(&request("DELETE", &long, None))[0].contains("longer than 256"));
    assert!(!problems(&request("PATCH", "/broadworks/subscribers/s1", None)).is_empty());
}
