//! Shared by the integration tests: a simulator on a loopback port with a fast clock,
//! a client for it, and the `/sim` control API.
#![allow(dead_code)]

pub mod spec;

use serde_json::Value;
use webex::model::{PrecheckRequest, PrecheckResponse, Subscriber, SubscriberStatus};
use webex::{AccessToken, Client, ClientOptions};
use webex::{EnterpriseFilter, Tracked};
use webex_sim::{RunningSim, SimOptions};

/// The simulator with the demo scenario; provisioning takes 2 sim seconds and the
/// tests move the clock by hand.
pub async fn sim() -> RunningSim {
    sim_with(SimOptions::default()).await
}

pub async fn sim_with(options: SimOptions) -> RunningSim {
    webex_sim::start_with(options).await.unwrap()
}

/// Fast pacing and short backoff, so tests do not wait for nothing.
pub fn fast_options() -> ClientOptions {
    ClientOptions {
        requests_per_second: 1000,
        min_backoff: std::time::Duration::from_millis(10),
        max_backoff: std::time::Duration::from_millis(200),
        ..ClientOptions::default()
    }
}

pub fn client(sim: &RunningSim) -> Client {
    Client::with_options(
        &sim.base_url(),
        AccessToken::new(sim.demo_token()),
        fast_options(),
    )
    .unwrap()
}

pub fn client_with_token(sim: &RunningSim, token: &str) -> Client {
    Client::with_options(&sim.base_url(), AccessToken::new(token), fast_options()).unwrap()
}

/// POSTs to `/sim/{path}`; panics unless the answer is 2xx.
pub async fn control(sim: &RunningSim, path: &str, body: Value) -> Value {
    let (status, v) = control_status(sim, path, body).await;
    assert!(status < 300, "/sim/{path} answered {status}: {v}");
    v
}

/// POSTs to `/sim/{path}`; the status and JSON answer.
pub async fn control_status(sim: &RunningSim, path: &str, body: Value) -> (u16, Value) {
    sim.control().post(path, &body).await.unwrap()
}

pub async fn control_get(sim: &RunningSim, path: &str) -> Value {
    sim.control().get(path).await.unwrap().1
}

/// Moves the sim clock on, so background provisioning finishes.
pub async fn advance(sim: &RunningSim, seconds: f64) {
    control(
        sim,
        "clock/advance",
        serde_json::json!({ "seconds": seconds }),
    )
    .await;
}

/// A token for another person of the tenant.
pub async fn token_for(sim: &RunningSim, email: &str) -> String {
    let v = control(sim, "tokens", serde_json::json!({ "email": email })).await;
    v["accessToken"].as_str().unwrap().to_string()
}

pub fn new_subscriber(
    ent: &str,
    template: &str,
    user_id: &str,
    email: Option<&str>,
) -> webex::model::NewSubscriber {
    webex::model::NewSubscriber {
        provisioning_id: template.into(),
        user_id: user_id.into(),
        sp_enterprise_id: ent.into(),
        first_name: "Test".into(),
        last_name: user_id.split('@').next().unwrap_or("User").into(),
        package: webex::model::Package::Standard,
        primary_phone_number: None,
        mobile_phone_number: None,
        extension: Some("1234".into()),
        email: email.map(str::to_string),
        language: None,
        timezone: None,
    }
}

pub const TRUSTED: &str = "sim-tmpl-trusted";
pub const UNTRUSTED: &str = "sim-tmpl-untrusted";

/// The demo scenario's enterprise that already has a Webex org and many subscribers.
pub const GLOBEX: &str = "DemoTelecom+globex";

/// A subscriber's status now.
pub async fn status_of(client: &Client, id: &str) -> SubscriberStatus {
    client.subscriber(id).await.unwrap().status
}

/// The subscriber once the background work of the next 5 sim seconds is done.
pub async fn subscriber_after_work(sim: &RunningSim, client: &Client, id: &str) -> Subscriber {
    advance(sim, 5.0).await;
    client.subscriber(id).await.unwrap()
}

/// The Webex org of a BroadWorks enterprise, once it has one.
pub async fn org_of_enterprise(client: &Client, sp_enterprise_id: &str) -> Option<String> {
    let filter = EnterpriseFilter {
        sp_enterprise_id: Some(sp_enterprise_id.into()),
        ..EnterpriseFilter::default()
    };
    let found = client.enterprises(&filter).await.unwrap();
    found.into_iter().next().and_then(|e| e.org_id)
}

/// How many people with this email the client's token sees (in its orgs and those it
/// administers).
pub async fn people_seen(client: &Client, email: &str) -> usize {
    client.people_by_email(email, None).await.unwrap().len()
}

/// Provisions a subscriber (see [`new_subscriber`]); panics unless Webex accepts it.
pub async fn provision(
    client: &Client,
    ent: &str,
    template: &str,
    user_id: &str,
    email: Option<&str>,
) -> Subscriber {
    let new = new_subscriber(ent, template, user_id, email);
    client.provision_subscriber(&new).await.unwrap().value
}

/// The precheck of an email for an enterprise.
pub async fn precheck(client: &Client, email: &str, ent: &str) -> Tracked<PrecheckResponse> {
    let request = PrecheckRequest {
        email: email.into(),
        sp_enterprise_id: Some(ent.into()),
        ..PrecheckRequest::default()
    };
    client.precheck_subscriber(&request).await.unwrap()
}
