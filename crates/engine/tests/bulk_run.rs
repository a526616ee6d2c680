//! Bulk jobs against the simulated tenant over real loopback HTTP: the plan sorts users
//! into procedures, the run provisions each user exactly once under faults, after a
//! crash, a pause or a cancel, and the report says who still has to do what.

use engine::bulk::{ItemStatus, JobStatus, ReportFormat, RunOptions};
use engine::Engine;
use std::path::{Path, PathBuf};
use webex::Client;
use webex_sim::{Faults, RunningSim};

mod support;
use support::{
    bench, client_with, counter, crash_after_sending, fast_run, plan_job, run_job, sim, users_csv,
    users_in_sim,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bulk")
        .join(name)
}

async fn plan(engine: &Engine, client: &Client, file: &Path) -> engine::bulk::JobPlan {
    plan_job(engine, client, file, 8).await
}

async fn created_count(sim: &RunningSim) -> u64 {
    counter(sim, "subscribersCreated").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plan_sorts_each_user_into_its_procedure_with_blockers_and_first_users() {
    let sim = sim(Faults::default()).await;
    let client = client_with(&sim, sim.demo_token(), 500);
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let before = created_count(&sim).await;
    let plan = plan(&engine, &client, &fixture("plan-mixed.csv")).await;

    assert_eq!(plan.status, JobStatus::Planned);
    assert_eq!(plan.rows_read, 9);
    assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
    assert_eq!(plan.problems[0].row, 10);
    let group = |id: &str| {
        plan.groups
            .iter()
            .find(|g| g.id == id)
            .unwrap_or_else(|| panic!("no group {id}: {:#?}", plan.groups))
    };
    assert_eq!(group("provision-new-user").count, 3, "Nina, Ann and Ben");
    assert!(group("provision-new-user").will_run);
    assert!(group("provision-new-user").receives.is_some());
    assert_eq!(
        group("move-trusted-email").count,
        1,
        "Sam has a free account"
    );
    assert!(group("move-trusted-email").waits_for.is_some());
    assert_eq!(
        group("already-provisioned").count,
        1,
        "Tara is already there"
    );
    assert_eq!(
        group("customer_approval").count,
        1,
        "Hugo's org needs approval"
    );
    assert_eq!(
        group("customer_approval").wizard.as_deref(),
        Some("grant-full-admin")
    );
    assert_eq!(group("attach_org").count, 1, "Max's org attaches");
    assert_eq!(group("attach_org").wizard.as_deref(), Some("attach-org"));
    assert_eq!(group("waits_for_attach").count, 1, "Zed waits for Harbor");
    assert_eq!(plan.to_provision, 4);
    assert_eq!(plan.blocked, 3);
    assert!(plan
        .blockers
        .iter()
        .any(|b| b.message == "needs the customer's approval first: 1 enterprise"));
    let firsts: Vec<&str> = plan
        .first_users
        .iter()
        .map(|f| f.user_id.as_str())
        .collect();
    assert_eq!(firsts, ["ann.acme@bw.example"], "Acme has no org yet");
    assert_eq!(
        created_count(&sim).await,
        before,
        "planning provisions nobody"
    );
    // The plan is rebuilt from the journal the same way.
    let again = engine.bulk().job_plan(&plan.job_id).unwrap();
    assert_eq!(again.to_provision, 4);

    // Running it provisions the four runnable users and leaves the blocked ones.
    let summary = run_job(&engine, &client, &plan.job_id).await;
    assert_eq!(summary.status, JobStatus::CompletedWithProblems);
    assert_eq!(created_count(&sim).await, before + 4);
    let report = engine.bulk().job_report(&plan.job_id).unwrap();
    assert_eq!(report.totals.provisioned, 3, "{:#?}", report.rows);
    assert_eq!(report.totals.waiting_for_user, 1, "Sam must consent");
    assert_eq!(report.totals.blocked, 3);
    assert_eq!(report.totals.already_there, 1);
    assert_eq!(report.totals.rows_refused, 1);
    let sam = report
        .rows
        .iter()
        .find(|r| r.user_id == "sam.globex@bw.example")
        .unwrap();
    assert_eq!(sam.final_status, "Waiting for the user");
    assert!(sam.still_to_do.contains("Agree to move"));
    // The page lists exactly the users Webex waits for.
    let waiting: Vec<&str> = report
        .rows
        .iter()
        .filter(|r| r.waiting_for_user)
        .map(|r| r.user_id.as_str())
        .collect();
    assert_eq!(waiting, ["sam.globex@bw.example"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_a_20_per_second_limit_with_429s_5xx_and_dropped_answers_every_user_is_provisioned_once(
) {
    const USERS: usize = 150;
    let sim = sim(Faults {
        rate_limit_per_sec: Some(20),
        server_error_share: 0.08,
        drop_after_effect_share: 0.05,
        ..Faults::default()
    })
    .await;
    // Faster than the tenant allows, so 429s happen and pause every worker.
    let client = client_with(&sim, sim.demo_token(), 30);
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let file = users_csv(dir.path(), "Faults+bulk", USERS);
    let before = created_count(&sim).await;
    let plan = plan(&engine, &client, &file).await;
    assert_eq!(plan.to_provision, USERS as u32);
    let summary = run_job(&engine, &client, &plan.job_id).await;

    let stats = sim.fault_stats();
    sim.set_faults(Faults::default());
    assert!(stats.rate_limited > 0, "429s happened: {stats:?}");
    assert!(stats.server_errors > 0, "5xx happened: {stats:?}");
    assert!(!stats.dropped.is_empty(), "answers were dropped: {stats:?}");
    assert_eq!(summary.status, JobStatus::Completed, "{summary:?}");
    assert_eq!(summary.counts.done, USERS as u32);
    assert_eq!(created_count(&sim).await - before, USERS as u64);
    let mut users = users_in_sim(&sim, "Faults+bulk").await;
    users.dedup();
    assert_eq!(users.len(), USERS, "each user once");
    assert!(engine
        .bulk()
        .job_items(&plan.job_id)
        .unwrap()
        .iter()
        .all(|i| i.webex_status.as_deref() == Some("provisioned")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_crash_in_flight_users_are_looked_up_and_nobody_is_provisioned_twice() {
    const USERS: usize = 40;
    let (sim, client, dir, engine, file) = bench(500, "Crash+bulk", USERS).await;
    let before = created_count(&sim).await;
    let job = plan(&engine, &client, &file).await.job_id;
    drop(engine);
    // A run that dies after committing in_flight and sending the request, before
    // recording the answer: journal the first ten as in flight and provision them.
    crash_after_sending(dir.path(), &client, &job, "Crash+bulk", 10, 10).await;
    let engine = Engine::open(dir.path()).unwrap();
    assert_eq!(engine.bulk().latest_unfinished_job().unwrap(), job);
    let summary = run_job(&engine, &client, &job).await;
    assert_eq!(summary.status, JobStatus::Completed, "{summary:?}");
    assert_eq!(created_count(&sim).await - before, USERS as u64);
    let mut users = users_in_sim(&sim, "Crash+bulk").await;
    users.dedup();
    assert_eq!(users.len(), USERS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pause_stops_new_users_resume_finishes_and_cancel_skips_what_was_not_sent() {
    const USERS: usize = 60;
    let (_sim, client, _dir, engine, file) = bench(40, "Pause+bulk", USERS).await;
    let job = plan(&engine, &client, &file).await.job_id;

    let progress_seen = std::sync::Mutex::new(Vec::new());
    let paused = engine
        .bulk()
        .run_job(&client, &job, &fast_run(), &|p| {
            progress_seen.lock().unwrap().push(p.counts.done);
            if p.counts.done >= 10 && p.status == JobStatus::Running {
                engine.bulk().pause_job(&job).unwrap();
            }
        })
        .await
        .unwrap();
    assert_eq!(paused.status, JobStatus::Paused);
    assert!(paused.counts.done < USERS as u32, "{paused:?}");
    assert_eq!(paused.counts.in_flight, 0, "users in flight finished");
    assert!(
        !progress_seen.lock().unwrap().is_empty(),
        "progress was reported"
    );

    let done = run_job(&engine, &client, &job).await;
    assert_eq!(done.status, JobStatus::Completed);
    assert_eq!(done.counts.done, USERS as u32);

    // A second job from the same file: everyone is already there; cancel does nothing harmful.
    let again = plan(&engine, &client, &file).await;
    assert_eq!(again.to_provision, 0);
    assert_eq!(
        engine
            .bulk()
            .cancel_job(Some(&client), &again.job_id)
            .await
            .unwrap(),
        JobStatus::Cancelled
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_failed_only_sends_the_failed_users_again_and_the_report_names_errors() {
    let (sim, client, dir, engine, file) = bench(500, "Retry+bulk", 12).await;
    let job = plan(&engine, &client, &file).await.job_id;
    // Every request fails with 5xx: nothing can be sent.
    sim.set_faults(Faults {
        server_error_share: 1.0,
        ..Faults::default()
    });
    let options = RunOptions {
        retry_rounds: 1,
        ..fast_run()
    };
    let failed = engine
        .bulk()
        .run_job(&client, &job, &options, &|_| {})
        .await
        .unwrap();
    assert_eq!(failed.status, JobStatus::CompletedWithProblems);
    let items = engine.bulk().job_items(&job).unwrap();
    let first = items.iter().find(|i| i.first_in_enterprise).unwrap();
    assert_eq!(first.status, ItemStatus::FailedRetryable);
    assert!(
        first.tracking_id.is_some(),
        "the error keeps its tracking id"
    );
    assert!(items
        .iter()
        .filter(|i| !i.first_in_enterprise)
        .all(|i| i.blocker.as_deref() == Some("first_user_failed")));
    let csv = engine
        .bulk()
        .job_report_text(&job, ReportFormat::Csv)
        .unwrap();
    assert!(csv.contains("There is a problem"), "{csv}");
    assert!(csv.contains("http_50"), "{csv}");

    sim.set_faults(Faults::default());
    assert_eq!(engine.bulk().retry_failed(&job).unwrap(), 12);
    let done = run_job(&engine, &client, &job).await;
    assert_eq!(done.status, JobStatus::Completed, "{done:?}");
    let html = engine
        .bulk()
        .job_report_text(&job, ReportFormat::Html)
        .unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(!html.contains("<script"), "self-contained, no scripts");
    assert!(html.contains("u00011@bw.example"));
    let saved = engine
        .bulk()
        .save_job_report(&job, ReportFormat::Csv, Some(&dir.path().join("r.csv")))
        .unwrap();
    assert!(std::fs::read_to_string(saved)
        .unwrap()
        .contains("Provisioned"));
    // In a folder the person chose (the app's "Save the report"), named after the job;
    // the folder is made when missing.
    let folder = dir.path().join("chosen").join("reports");
    let saved = engine
        .bulk()
        .save_job_report_in(&job, ReportFormat::Html, Some(&folder))
        .unwrap();
    assert_eq!(
        std::path::Path::new(&saved),
        folder.join(format!("webex-bulk-report-{job}.html"))
    );
    assert!(std::fs::read_to_string(saved)
        .unwrap()
        .starts_with("<!doctype html>"));
}
