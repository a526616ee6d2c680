//! The loopback server of spec_examples.rs: every request answered with the 2xx
//! `example` of the matching operation of Cisco's spec (or a reply a test queued).
#![allow(dead_code)]

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use axum::Router;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use webex::model::{NewSubscriber, NewWorkspace};
use webex::{AccessToken, Client, ClientOptions};

/// One documented operation: its 2xx answer and the request fields it requires.
pub struct Operation {
    /// `GET /broadworks/subscribers/{subscriberId}`.
    pub key: String,
    pub method: String,
    pub template: Vec<String>,
    pub status: u16,
    pub example: Option<Value>,
    pub required_body: Vec<String>,
}

/// An answer that replaces an operation's example.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16, headers: &[(&'static str, &'static str)], body: &str) -> Reply {
        let (headers, body) = (headers.to_vec(), body.as_bytes().to_vec());
        Reply {
            status,
            headers,
            body,
        }
    }

    pub fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            headers: vec![("content-type", "application/json")],
            body: body.to_string().into_bytes(),
        }
    }
}

/// The mock: every operation of both spec files, replies that replace some examples, and
/// the operations called.
pub struct Mock {
    pub operations: Vec<Operation>,
    pub replies: Mutex<HashMap<String, Reply>>,
    pub called: Mutex<BTreeSet<String>>,
}

pub fn load_spec(file: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/openapi")
        .join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

pub fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => resolve(doc, doc.pointer(r.trim_start_matches('#')).unwrap()),
        None => schema,
    }
}

impl Mock {
    pub fn load() -> Mock {
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
    pub fn find(&self, method: &str, path: &str) -> Option<&Operation> {
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

    pub fn operation(&self, key: &str) -> &Operation {
        self.operations
            .iter()
            .find(|op| op.key == key)
            .unwrap_or_else(|| panic!("the spec has no {key}"))
    }

    /// A text value of an operation's example, by JSON pointer.
    pub fn example(&self, key: &str, pointer: &str) -> String {
        let example = self.operation(key).example.as_ref().unwrap();
        let value = example.pointer(pointer);
        let text = value.and_then(Value::as_str);
        text.unwrap_or_else(|| panic!("{key} example has no text at {pointer}"))
            .to_string()
    }

    pub fn reply(&self, key: &str, reply: Reply) {
        self.operation(key);
        self.replies.lock().unwrap().insert(key.to_string(), reply);
    }
}

pub async fn answer(State(mock): State<Arc<Mock>>, request: Request) -> Response {
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

pub fn respond(reply: Reply) -> Response {
    let mut response = Response::builder().status(reply.status);
    for (name, value) in reply.headers {
        response = response.header(name, value);
    }
    response.body(Body::from(reply.body)).unwrap()
}

/// Starts the mock; the client's base URL ends in `/v1` as Webex's does.
pub async fn serve() -> (Arc<Mock>, Client) {
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
pub fn from_json<T: DeserializeOwned>(body: Value) -> T {
    serde_json::from_value(body).unwrap()
}

pub fn new_subscriber() -> NewSubscriber {
    from_json(
        json!({"provisioningId": "prov", "userId": "95547321@sp.com", "spEnterpriseId": "Reseller1+acme",
        "firstName": "John", "lastName": "Andersen", "package": "standard", "extension": "1212"}),
    )
}

pub fn new_workspace() -> NewWorkspace {
    from_json(
        json!({"provisioningId": "prov", "userId": "95547321@sp.com", "spEnterpriseId": "Reseller1+acme",
        "displayName": "Conference Room", "extension": "51212"}),
    )
}
