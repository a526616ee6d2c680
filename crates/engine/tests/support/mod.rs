//! Shared by the bulk-job tests: the simulated tenant on a fast clock, a client for it,
//! its control API, and what a crashed run leaves in the journal.
#![allow(dead_code)]

pub mod demo;

use engine::bulk::{EmailTrust, ImportOptions, JobPlan, JobSummary, PlanOptions, RunOptions};
use engine::Engine;
use serde_json::Value;
use std::path::{Path, PathBuf};
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
    sim.control().counter(name).await.unwrap()
}

/// The user ids the simulator holds for an enterprise, sorted (twice if twice).
pub async fn users_in_sim(sim: &RunningSim, enterprise: &str) -> Vec<String> {
    sim.control().user_ids_of(enterprise).await.unwrap()
}

/// What a run that died leaves: the first `in_flight` users of the job journalled in
/// flight (their answers lost) and the job running; the first `reached` of them had
/// reached Webex, sent here directly (rows of [`users_csv`] into `enterprise`).
pub async fn crash_after_sending(
    data: &Path,
    client: &Client,
    job: &str,
    enterprise: &str,
    in_flight: u32,
    reached: u32,
) {
    let db = rusqlite::Connection::open(data.join(engine::store::DB_FILE)).unwrap();
    db.execute(
        "UPDATE job_items SET status = 'in_flight', attempts = 1 WHERE job_id = ?1 AND seq < ?2",
        rusqlite::params![job, in_flight],
    )
    .unwrap();
    db.execute("UPDATE jobs SET status = 'running' WHERE id = ?1", [job])
        .unwrap();
    // The first one also creates the enterprise's org, as the real first user would.
    for i in 0..reached {
        client
            .provision_subscriber(&sent_user(i, enterprise))
            .await
            .unwrap();
    }
}

/// Row `i` of [`users_csv`]: its user id, email and extension.
pub fn generated_user(i: u32) -> (String, String, u32) {
    (
        format!("u{i:05}@bw.example"),
        format!("u{i:05}@newco.example"),
        1000 + i,
    )
}

/// A CSV of `n` new users in one enterprise (rows from [`generated_user`]).
pub fn users_csv(dir: &Path, enterprise: &str, n: usize) -> PathBuf {
    let mut text =
        String::from("userId,spEnterpriseId,firstName,lastName,email,package,extension\n");
    for i in 0..n as u32 {
        let (user, email, extension) = generated_user(i);
        text.push_str(&format!(
            "{user},{enterprise},First{i},Last{i},{email},standard,{extension}\n"
        ));
    }
    let path = dir.join("users.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// Row `i` of [`users_csv`] as a test sends it to Webex directly (the request a
/// crashed run had sent).
pub fn sent_user(i: u32, enterprise: &str) -> webex::model::NewSubscriber {
    let (user_id, email, extension) = generated_user(i);
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

/// Plan options for trusted emails and the trusted template, `concurrency` prechecks at once.
pub fn plan_options(concurrency: usize) -> PlanOptions {
    PlanOptions {
        import: ImportOptions {
            email_trust: EmailTrust::Trusted,
            enterprise: None,
            provisioning_id: Some(TRUSTED.into()),
        },
        concurrency,
    }
}

/// Plans a job from `file` with [`plan_options`].
pub async fn plan_job(
    engine: &Engine,
    client: &Client,
    file: &Path,
    concurrency: usize,
) -> JobPlan {
    engine
        .bulk()
        .plan_bulk_job(
            client,
            file,
            &plan_options(concurrency),
            &|_| {},
            &|_, _| {},
        )
        .await
        .unwrap()
}

/// What most bulk tests start from: a simulated tenant, a client of the demo partner
/// paced at `rate`, an engine on a temporary folder, and in that folder a CSV of
/// `users` new users of `enterprise`.
pub async fn bench(
    rate: u32,
    enterprise: &str,
    users: usize,
) -> (RunningSim, Client, tempfile::TempDir, Engine, PathBuf) {
    let sim = sim(Faults::default()).await;
    let client = client_with(&sim, sim.demo_token(), rate);
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let file = users_csv(dir.path(), enterprise, users);
    (sim, client, dir, engine, file)
}

/// Runs a job with [`fast_run`] to its end (or pause).
pub async fn run_job(engine: &Engine, client: &Client, job: &str) -> JobSummary {
    engine
        .bulk()
        .run_job(client, job, &fast_run(), &|_| {})
        .await
        .unwrap()
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

/// Checks that the generated file `path` (from the repository's root) is `fresh`; with
/// UPDATE_BINDINGS set, writes it first. `test` is the test binary that regenerates it.
pub fn assert_generated_file_is_fresh(path: &str, fresh: &str, test: &str) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == fresh,
        "{path} is stale: run `UPDATE_BINDINGS=1 cargo test -p engine --test {test}` and commit it"
    );
}

/// Checks that no file under `dir` holds `secret`.
pub fn assert_no_file_holds(dir: &Path, secret: &str) {
    for (path, bytes) in all_files(dir) {
        assert!(
            !contains(&bytes, secret),
            "a secret is in {}",
            path.display()
        );
    }
}

/// True when `needle` (not empty) is somewhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &str) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
}
