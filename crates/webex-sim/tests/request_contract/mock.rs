//! The loopback server of request_contract.rs: it records each request as it arrives
//! and answers with the operation's documented 2xx example (or a reply a test queued).
#![allow(dead_code)]

use super::support;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use axum::Router;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::spec::{Accepted, Api, Received};
use webex::model::{NewSubscriber, Package};
use webex::{AccessToken, Client, ClientOptions};

/// An answer that replaces an operation's example once.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

/// The mock: the spec, the requests received since the last check, scripted answers
/// (by operation key), and every operation the client was seen to use.
pub struct Mock {
    pub api: Api,
    pub received: Mutex<Vec<Received>>,
    pub scripted: Mutex<HashMap<String, VecDeque<Reply>>>,
    pub covered: Mutex<BTreeSet<String>>,
    pub base: String,
}

pub async fn answer(State(mock): State<Arc<Mock>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default()
        .to_vec();
    let path = parts.uri.path();
    let received = Received {
        method: parts.method.to_string(),
        path: path.strip_prefix("/v1").unwrap_or(path).to_string(),
        query: parts.uri.query().map(String::from),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
        body,
    };
    let found = mock.api.operation(&received.method, &received.path);
    let key = found.map(|(_, t, _, _)| format!("{} {t}", received.method));
    let documented = found.and_then(|(_, _, op, _)| {
        let responses = op["responses"].as_object()?;
        let (status, r) = responses.iter().find(|(s, _)| s.starts_with('2'))?;
        let example = r["content"]["application/json"]["example"].clone();
        Some((status.parse::<u16>().ok()?, example))
    });
    mock.received.lock().unwrap().push(received);
    let scripted = key
        .as_ref()
        .and_then(|k| mock.scripted.lock().unwrap().get_mut(k)?.pop_front());
    let reply = match (scripted, documented) {
        (Some(reply), _) => reply,
        (None, Some((status, body))) => Reply {
            status,
            headers: Vec::new(),
            body,
        },
        (None, None) => Reply {
            status: 404,
            headers: Vec::new(),
            body: json!({ "message": "not in the spec", "trackingId": "MOCK" }),
        },
    };
    let mut response = Response::builder().status(reply.status);
    for (name, value) in reply.headers {
        response = response.header(name, value);
    }
    if reply.body.is_null() {
        return response.body(Body::empty()).unwrap();
    }
    response
        .header("content-type", "application/json")
        .body(Body::from(reply.body.to_string()))
        .unwrap()
}

impl Mock {
    /// Answers the next request for `key` with this instead of the example.
    pub fn script(&self, key: &str, status: u16, headers: &[(&str, &str)], body: Value) {
        let headers = headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        let reply = Reply {
            status,
            headers,
            body,
        };
        let mut scripted = self.scripted.lock().unwrap();
        scripted.entry(key.into()).or_default().push_back(reply);
    }

    /// The requests received since the last check, each checked against the spec; they
    /// must be for exactly these operations, in this order.
    pub fn expect(&self, call: &str, operations: &[&str]) -> Vec<Accepted> {
        let received = std::mem::take(&mut *self.received.lock().unwrap());
        let mut accepted = Vec::new();
        let mut problems = Vec::new();
        for r in &received {
            match self.api.check_request(r) {
                Ok(a) => accepted.push(a),
                Err(p) => problems.push(format!(
                    "{} {}?{} {}:\n  {}",
                    r.method,
                    r.path,
                    r.query.as_deref().unwrap_or(""),
                    String::from_utf8_lossy(&r.body),
                    p.join("\n  ")
                )),
            }
        }
        assert!(
            problems.is_empty(),
            "{call} sent requests Cisco's spec refuses:\n{}",
            problems.join("\n")
        );
        let keys: Vec<&str> = accepted.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, operations, "{call} sent other requests");
        let mut covered = self.covered.lock().unwrap();
        covered.extend(keys.iter().map(|k| k.to_string()));
        accepted
    }

    /// Like [`Mock::expect`] for a call that sends one request.
    pub fn one(&self, call: &str, operation: &str) -> Accepted {
        self.expect(call, &[operation]).remove(0)
    }
}

/// Starts the mock; the client's base URL ends in `/v1` as Webex's does.
pub async fn serve() -> (Arc<Mock>, Client) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mock = Arc::new(Mock {
        api: Api::load(),
        received: Mutex::default(),
        scripted: Mutex::default(),
        covered: Mutex::default(),
        base: format!("http://{addr}/v1"),
    });
    let routes = Router::new().fallback(answer).with_state(mock.clone());
    tokio::spawn(async move { axum::serve(listener, routes).await });
    let options = ClientOptions {
        requests_per_second: 1000,
        max_retries: 0,
        min_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..ClientOptions::default()
    };
    let token = AccessToken::new("spec-mock-token");
    let client = Client::with_options(&mock.base, token, options).unwrap();
    (mock, client)
}

pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The subscriber of the spec's list example, so lookups after a lost answer find it.
pub fn new_subscriber() -> NewSubscriber {
    NewSubscriber {
        provisioning_id: "prov-1".into(),
        user_id: "95547321@sp.com".into(),
        sp_enterprise_id: "SP1+acme".into(),
        first_name: "John".into(),
        last_name: "Andersen".into(),
        package: Package::Standard,
        primary_phone_number: Some("+1-240-555-1212".into()),
        mobile_phone_number: Some("+1-818-279-1234".into()),
        extension: Some("1212".into()),
        email: Some("john.anderson@acme.com".into()),
        language: Some("en".into()),
        timezone: Some("America/Los_Angeles".into()),
    }
}

// Operation keys.
