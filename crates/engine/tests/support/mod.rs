//! Shared by the bulk-job tests: the simulated tenant on a fast clock, a client for it,
//! its control API, and what a crashed run leaves in the journal.
#![allow(dead_code)]

pub mod demo;

use engine::bulk::RunOptions;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;
use webex::{AccessToken, Client, ClientOptions};
use webex_sim::{Faults, RunningSim, SimOptions};

/// The onboarding template with trusted emails in the demo scenario.
pub const TRUSTED: &str = "sim-tmpl-trusted";

pub async fn sim(faults: Faults) -> RunningSim {
    webex_sim::start_with(SimOptions {
        faults,
        clock_speed: 50.0,
        ..SimOptions::default()
    })
    .await
    .unwrap()
}

/// A client with `token`, paced at `rate`, with short backoffs.
pub fn client_with(sim: &RunningSim, token: &str, rate: u32) -> Client {
    Client::with_options(
        &sim.base_url(),
        AccessToken::new(token),
        ClientOptions {
            requests_per_second: rate,
            max_retries: 8,
            min_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(400),
            ..ClientOptions::default()
        },
    )
    .unwrap()
}

pub fn fast_run() -> RunOptions {
    RunOptions {
        concurrency: 8,
        retry_backoff: Duration::from_millis(50),
        watch_interval: Duration::from_millis(100),
        watch_timeout: Duration::from_secs(30),
        progress_interval: Duration::from_millis(50),
        ..RunOptions::default()
    }
}

/// `GET /sim{path}` (no body) or `POST /sim{path}` with the body.
pub async fn control(sim: &RunningSim, path: &str, body: Option<Value>) -> Value {
    let control = sim.control();
    match body {
        Some(b) => control.post(path, &b).await,
        None => control.get(path).await,
    }
    .unwrap()
    .1
}

/// A counter of `/sim/stats` (`subscribersCreated`, `prechecks`, `requests`).
pub async fn counter(sim: &RunningSim, name: &str) -> u64 {
    control(sim, "stats", None).await["counters"][name]
        .as_u64()
        .unwrap_or(0)
}

/// The user ids the simulator holds for an enterprise, sorted (twice if twice).
pub async fn users_in_sim(sim: &RunningSim, enterprise: &str) -> Vec<String> {
    let mut users: Vec<String> = control(sim, "state", None).await["subscribers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["spEnterpriseId"] == enterprise)
        .map(|s| s["userId"].as_str().unwrap().to_string())
        .collect();
    users.sort();
    users
}

/// What a run that died leaves: the first `n` users journalled in flight (their
/// answers lost), the job running.
pub fn crash_with_in_flight(data: &Path, job: &str, n: u32) {
    let db = rusqlite::Connection::open(data.join(engine::store::DB_FILE)).unwrap();
    db.execute(
        "UPDATE job_items SET status = 'in_flight', attempts = 1 WHERE job_id = ?1 AND seq < ?2",
        rusqlite::params![job, n],
    )
    .unwrap();
    db.execute("UPDATE jobs SET status = 'running' WHERE id = ?1", [job])
        .unwrap();
}

/// A user as a test sends it to Webex directly (the request a crashed run had sent).
pub fn new_user(
    user_id: String,
    enterprise: &str,
    email: String,
    extension: u32,
) -> webex::model::NewSubscriber {
    webex::model::NewSubscriber {
        provisioning_id: TRUSTED.into(),
        user_id,
        sp_enterprise_id: enterprise.into(),
        first_name: "F".into(),
        last_name: "L".into(),
        package: webex::model::Package::Standard,
        primary_phone_number: None,
        mobile_phone_number: None,
        extension: Some(extension.to_string()),
        email: Some(email),
        language: None,
        timezone: None,
    }
}

/// Every file under `dir`, as bytes.
pub fn all_files(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p) {
                out.push((p, bytes));
            }
        }
    }
    out
}

/// True when `needle` (not empty) is somewhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &str) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
}
