//! The client reads answers shaped as Cisco's OpenAPI spec documents them, as a mock
//! serving the spec (Prism-like) would send them: a loopback server answers every request
//! with the 2xx `example` of the matching spec operation, and every client method with a
//! documented example is called and checked for values read from it, so a field the
//! client silently drops fails here. Then the shapes the schemas allow where they differ
//! from the examples, and error answers (documented by status only, without a body).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use axum::Router;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use webex::model::{
    NewSubscriber, NewWorkspace, Package, PrecheckRequest, SubscriberStatus, SubscriberUpdate,
    WorkspaceUpdate,
};
use webex::{AccessToken, Client, ClientOptions, EnterpriseFilter, SubscriberFilter, WebexError};

/// One documented operation: its 2xx answer and the request fields it requires.
struct Operation {
    /// `GET /broadworks/subscribers/{subscriberId}`.
    key: String,
    method: String,
    template: Vec<String>,
    status: u16,
    example: Option<Value>,
    required_body: Vec<String>,
}

/// An answer that replaces an operation's example.
#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, headers: &[(&'static str, &'static str)], body: &str) -> Reply {
        let (headers, body) = (headers.to_vec(), body.as_bytes().to_vec());
        Reply {
            status,
            headers,
            body,
        }
    }

    fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            headers: vec![("content-type", "application/json")],
            body: body.to_string().into_bytes(),
        }
    }
}

/// The mock: every operation of both spec files, replies that replace some examples, and
/// the operations called.
struct Mock {
    operations: Vec<Operation>,
    replies: Mutex<HashMap<String, Reply>>,
    called: Mutex<BTreeSet<String>>,
}

fn load_spec(file: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/openapi")
        .join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => resolve(doc, doc.pointer(r.trim_start_matches('#')).unwrap()),
        None => schema,
    }
}

impl Mock {
    fn load() -> Mock {
        let mut operations = Vec::new();
        for doc in ["webex-broadworks.json", "webex-admin-subset.json"].map(load_spec) {
            for (path, ops) in doc["paths"].as_object().unwrap() {
                for (method, op) in ops.as_object().unwrap() {
                    let Some((status, answer)) = op["responses"]
                        .as_object()
                        .and_then(|r| r.iter().find(|(s, _)| s.starts_with('2')))
                    else {
                        continue;
                    };
                    let body = resolve(
                        &doc,
                        &op["requestBody"]["content"]["application/json"]["schema"],
                    );
                    let required = body["required"].as_array().cloned().unwrap_or_default();
                    operations.push(Operation {
                        key: format!("{} {path}", method.to_uppercase()),
                        method: method.to_uppercase(),
                        template: path.split('/').map(String::from).collect(),
                        status: status.parse().unwrap(),
                        example: answer["content"]["application/json"]
                            .get("example")
                            .cloned(),
                        required_body: required
                            .iter()
                            .filter_map(|f| f.as_str().map(String::from))
                            .collect(),
                    });
                }
            }
        }
        Mock {
            operations,
            replies: Mutex::default(),
            called: Mutex::default(),
        }
    }

    /// The operation a request is for; a literal segment (`/people/me`) beats a
    /// parameter (`/people/{personId}`).
    fn find(&self, method: &str, path: &str) -> Option<&Operation> {
        let segments: Vec<&str> = path.split('/').collect();
        self.operations
            .iter()
            .filter(|op| op.method == method && op.template.len() == segments.len())
            .filter(|op| {
                op.template
                    .iter()
                    .zip(&segments)
                    .all(|(t, s)| t.starts_with('{') || t == s)
            })
            .max_by_key(|op| op.template.iter().filter(|t| !t.starts_with('{')).count())
    }

    fn operation(&self, key: &str) -> &Operation {
        self.operations
            .iter()
            .find(|op| op.key == key)
            .unwrap_or_else(|| panic!("the spec has no {key}"))
    }

    /// A text value of an operation's example, by JSON pointer.
    fn example(&self, key: &str, pointer: &str) -> String {
        let example = self.operation(key).example.as_ref().unwrap();
        let value = example.pointer(pointer);
        let text = value.and_then(Value::as_str);
        text.unwrap_or_else(|| panic!("{key} example has no text at {pointer}"))
            .to_string()
    }

    fn reply(&self, key: &str, reply: Reply) {
        self.operation(key);
        self.replies.lock().unwrap().insert(key.to_string(), reply);
    }
}

async fn answer(State(mock): State<Arc<Mock>>, request: Request) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().strip_prefix("/v1").unwrap_or("/");
    let Some(op) = mock.find(&method, path) else {
        return respond(Reply::json(404, json!({ "message": "not in the spec" })));
    };
    mock.called.lock().unwrap().insert(op.key.clone());
    let body = axum::body::to_bytes(request.into_body(), 1 << 20)
        .await
        .unwrap();
    // Strict in what we send: a spec-validating mock refuses a body without the fields
    // the spec requires.
    let sent: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Some(missing) = op.required_body.iter().find(|f| sent.get(f).is_none()) {
        return respond(Reply::json(
            422,
            json!({ "message": format!("{missing} missing") }),
        ));
    }
    let replaced = mock.replies.lock().unwrap().get(&op.key).cloned();
    respond(replaced.unwrap_or_else(|| match &op.example {
        Some(example) => Reply::json(op.status, example.clone()),
        None => Reply::new(op.status, &[], ""),
    }))
}

fn respond(reply: Reply) -> Response {
    let mut response = Response::builder().status(reply.status);
    for (name, value) in reply.headers {
        response = response.header(name, value);
    }
    response.body(Body::from(reply.body)).unwrap()
}

/// Starts the mock; the client's base URL ends in `/v1` as Webex's does.
async fn serve() -> (Arc<Mock>, Client) {
    let mock = Arc::new(Mock::load());
    let routes = Router::new().fallback(answer).with_state(mock.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, routes).await });
    let options = ClientOptions {
        requests_per_second: 1000,
        max_retries: 0,
        max_rate_limited_attempts: 1,
        default_retry_after: Duration::from_millis(20),
        ..ClientOptions::default()
    };
    let token = AccessToken::new("spec-mock-token");
    let client = Client::with_options(&format!("http://{addr}/v1"), token, options).unwrap();
    (mock, client)
}

/// A request body from its JSON, as the spec's request examples are written.
fn from_json<T: DeserializeOwned>(body: Value) -> T {
    serde_json::from_value(body).unwrap()
}

fn new_subscriber() -> NewSubscriber {
    from_json(
        json!({"provisioningId": "prov", "userId": "95547321@sp.com", "spEnterpriseId": "Reseller1+acme",
        "firstName": "John", "lastName": "Andersen", "package": "standard", "extension": "1212"}),
    )
}

fn new_workspace() -> NewWorkspace {
    from_json(
        json!({"provisioningId": "prov", "userId": "95547321@sp.com", "spEnterpriseId": "Reseller1+acme",
        "displayName": "Conference Room", "extension": "51212"}),
    )
}

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
