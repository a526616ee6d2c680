//! Bulk jobs you can trust, against the simulated tenant over real loopback HTTP: a
//! plan abandoned while checking users resumes from its journal, one runner at a time,
//! a cancel settles the users a crash left in flight, a revoked sign-in pauses the job
//! without failing anyone, and every provisioning request is one audit row.

use engine::audit::AuditFilter;
use engine::bulk::{ItemStatus, JobStatus, ReportFormat};
use engine::{Engine, EngineError};
use serde_json::json;
use std::path::Path;
use std::time::Duration;
use webex::Client;
use webex_sim::Faults;

mod support;
use support::{
    bench, client_with, control, counter, crash_after_sending, fast_run, plan_job, plan_options,
    run_job, sim, users_csv, users_in_sim,
};

async fn plan(engine: &Engine, client: &Client, file: &Path) -> String {
    plan_job(engine, client, file, 4).await.job_id
}

fn journalled_prechecks(data: &Path, job: &str) -> u32 {
    let db = rusqlite::Connection::open(data.join(engine::store::DB_FILE)).unwrap();
    db.query_row(
        "SELECT COUNT(*) FROM job_items WHERE job_id = ?1 AND precheck IS NOT NULL",
        [job],
        |r| r.get(0),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_stopped_while_checking_users_resumes_from_its_journal_and_checks_nobody_twice() {
    const USERS: usize = 60;
    let (sim, client, dir, engine, file) = bench(30, "Resume+plan", USERS).await;
    let before = counter(&sim, "prechecks").await;

    // Stop the plan part-way, as a crash would: the future is dropped mid-flight.
    let created = std::sync::Mutex::new(String::new());
    let stopped = tokio::time::timeout(
        Duration::from_millis(900),
        engine.bulk().plan_bulk_job(
            &client,
            &file,
            &plan_options(4),
            &|job| *created.lock().unwrap() = job.to_string(),
            &|_, _| {},
        ),
    )
    .await;
    assert!(stopped.is_err(), "the plan was still checking users");
    let job = created.lock().unwrap().clone();
    let checked = journalled_prechecks(dir.path(), &job);
    assert!(
        checked > 0 && checked < USERS as u32,
        "{checked} prechecks journalled"
    );
    assert_eq!(engine.bulk().job_status(&job).unwrap(), JobStatus::Planning);
    assert_eq!(
        engine.bulk().latest_unfinished_job().unwrap(),
        job,
        "a job still checking users is offered for resume"
    );

    let plan = engine
        .bulk()
        .continue_plan(&client, &job, 4, &|_, _| {})
        .await
        .unwrap();
    assert_eq!(plan.status, JobStatus::Planned);
    assert_eq!(plan.to_provision, USERS as u32);
    let sent = counter(&sim, "prechecks").await - before;
    // Only the prechecks that were under way when it stopped are asked again.
    assert!(
        sent <= USERS as u64 + 4,
        "{sent} prechecks for {USERS} users: journalled findings were asked again"
    );

    let done = run_job(&engine, &client, &job).await;
    assert_eq!(done.status, JobStatus::Completed, "{done:?}");
    assert_eq!(users_in_sim(&sim, "Resume+plan").await.len(), USERS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_runners_of_one_job_one_runs_and_the_other_is_told_who_holds_it() {
    const USERS: usize = 40;
    let (sim, client, _dir, engine, file) = bench(60, "Two+runners", USERS).await;
    let job = plan(&engine, &client, &file).await;
    let posts_before = counter(&sim, "requests").await;

    let options = fast_run();
    let (a, b) = tokio::join!(
        engine.bulk().run_job(&client, &job, &options, &|_| {}),
        async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            engine
                .bulk()
                .run_job(&client, &job, &options, &|_| {})
                .await
        }
    );
    let (ran, refused) = match (a, b) {
        (Ok(s), Err(e)) | (Err(e), Ok(s)) => (s, e),
        other => panic!("exactly one runner must run: {other:?}"),
    };
    assert_eq!(ran.status, JobStatus::Completed);
    match &refused {
        EngineError::Bulk(engine::bulk::BulkError::Busy { owner, .. }) => {
            assert!(owner.contains("process"), "{owner}")
        }
        other => panic!("refused with {other:?}"),
    }
    assert_eq!(engine::ApiError::from(&refused).code, "job_busy");
    assert_eq!(users_in_sim(&sim, "Two+runners").await.len(), USERS);
    assert!(counter(&sim, "requests").await > posts_before);

    // The lease is let go at the end: a later run is not refused.
    let again = engine
        .bulk()
        .run_job(&client, &job, &fast_run(), &|_| {})
        .await;
    assert!(
        matches!(
            again,
            Err(EngineError::Bulk(engine::bulk::BulkError::Finished { .. }))
        ),
        "{again:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_after_a_crash_looks_up_every_user_in_flight_and_records_them_sent_or_not() {
    const USERS: usize = 20;
    let (sim, client, dir, engine, file) = bench(200, "Cancel+crash", USERS).await;
    let job = plan(&engine, &client, &file).await;
    drop(engine);
    // A run died with ten users in flight; five of them had reached Webex.
    crash_after_sending(dir.path(), &client, &job, "Cancel+crash", 10, 5).await;
    let engine = Engine::open(dir.path()).unwrap();

    // Without a sign-in the users in flight cannot be settled: nothing is cancelled.
    let refused = engine.bulk().cancel_job(None, &job).await;
    assert!(
        matches!(
            refused,
            Err(EngineError::Bulk(
                engine::bulk::BulkError::CancelNeedsSignIn { count: 10, .. }
            ))
        ),
        "{refused:?}"
    );
    assert_eq!(engine.bulk().job_status(&job).unwrap(), JobStatus::Running);

    assert_eq!(
        engine.bulk().cancel_job(Some(&client), &job).await.unwrap(),
        JobStatus::Cancelled
    );
    let items = engine.bulk().job_items(&job).unwrap();
    assert!(items.iter().all(|i| i.status != ItemStatus::InFlight));
    let in_webex = users_in_sim(&sim, "Cancel+crash").await;
    assert_eq!(in_webex.len(), 5);
    for item in &items {
        let exists = in_webex.contains(&item.row.user_id);
        assert_eq!(
            item.status == ItemStatus::Done,
            exists,
            "{} is {:?} but exists in Webex: {exists}",
            item.row.user_id,
            item.status
        );
    }
    let csv = engine
        .bulk()
        .job_report_text(&job, ReportFormat::Csv)
        .unwrap();
    for line in csv.lines().filter(|l| l.contains("u0000")) {
        let user = line.split(',').find(|c| c.contains("@bw.example")).unwrap();
        if in_webex.iter().any(|u| u == user) {
            assert!(!line.contains("Not sent"), "{line}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_revoked_mid_run_pauses_the_job_fails_nobody_and_a_new_sign_in_finishes_it() {
    const USERS: usize = 60;
    let sim = sim(Faults::default()).await;
    let partner = client_with(&sim, sim.demo_token(), 200)
        .me()
        .await
        .unwrap()
        .emails[0]
        .clone();
    let mint = || async {
        control(&sim, "tokens", Some(json!({ "email": partner }))).await["accessToken"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let first = mint().await;
    let client = client_with(&sim, &first, 40);
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let file = users_csv(dir.path(), "Revoked+run", USERS);
    let job = plan(&engine, &client, &file).await;

    let control = sim.control();
    let revoked = std::sync::atomic::AtomicBool::new(false);
    let paused = engine
        .bulk()
        .run_job(&client, &job, &fast_run(), &|p| {
            if p.counts.done >= 10 && !revoked.swap(true, std::sync::atomic::Ordering::SeqCst) {
                let control = control.clone();
                let token = first.clone();
                std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    rt.block_on(async {
                        control
                            .post("tokens/revoke", &json!({ "accessToken": token }))
                            .await
                            .unwrap();
                    });
                })
                .join()
                .unwrap();
            }
        })
        .await
        .unwrap();
    assert_eq!(paused.status, JobStatus::Paused, "{paused:?}");
    assert_eq!(paused.pause_reason.as_deref(), Some("sign_in_expired"));
    assert_eq!(paused.counts.failed + paused.counts.failed_retryable, 0);
    assert!(paused.counts.done < USERS as u32);
    assert_eq!(paused.counts.in_flight, 0);

    // Signed in again: resume finishes the job, nobody twice.
    let second = client_with(&sim, &mint().await, 200);
    let done = engine
        .bulk()
        .run_job(&second, &job, &fast_run(), &|_| {})
        .await
        .unwrap();
    assert_eq!(done.status, JobStatus::Completed, "{done:?}");
    assert_eq!(done.pause_reason, None);
    let users = users_in_sim(&sim, "Revoked+run").await;
    assert_eq!(users.len(), USERS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_precheck_and_provisioning_request_of_a_job_is_one_audit_row_with_status_and_tracking_id(
) {
    const USERS: usize = 25;
    let (_sim, client, _dir, engine, file) = bench(200, "Audit+bulk", USERS).await;
    let job = plan(&engine, &client, &file).await;
    let done = run_job(&engine, &client, &job).await;
    assert_eq!(done.status, JobStatus::Completed);

    let records = engine
        .audit_log()
        .audit_records(&AuditFilter::default())
        .unwrap();
    let of = |action: &str| {
        records
            .iter()
            .filter(|r| r.action == action && r.job_id.as_deref() == Some(job.as_str()))
            .collect::<Vec<_>>()
    };
    let provisions = of("provision");
    assert_eq!(provisions.len(), USERS);
    for r in &provisions {
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert_eq!(r.path.as_deref(), Some("/broadworks/subscribers"));
        assert!(r.http_status.is_some_and(|s| (200..300).contains(&s)));
        assert!(r.tracking_id.as_deref().is_some_and(|t| !t.is_empty()));
        assert!(r
            .target
            .as_deref()
            .is_some_and(|t| t.ends_with("@bw.example")));
        assert_eq!(r.result, "ok");
    }
    let prechecks = of("precheck");
    assert_eq!(prechecks.len(), USERS);
    assert!(prechecks
        .iter()
        .all(|r| r.path.as_deref() == Some("/broadworks/subscribers/validate")));
    // The journal keeps each user's tracking id too.
    assert!(engine
        .bulk()
        .job_items(&job)
        .unwrap()
        .iter()
        .all(|i| i.tracking_id.is_some()));
    // "Changes only" leaves the reads out.
    let changes = engine
        .audit_log()
        .audit_records(&AuditFilter {
            changes_only: true,
            ..AuditFilter::default()
        })
        .unwrap();
    assert!(changes.iter().all(|r| r.method.as_deref() != Some("GET")));
    assert_eq!(changes.len(), 2 * USERS);
    let csv = engine
        .audit_log()
        .export_audit(engine::audit::AuditFormat::Csv, &AuditFilter::default())
        .unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",detail,job"));
    assert!(csv.contains(&job));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_while_users_are_checked_stops_the_checks_and_the_job_stays_cancelled() {
    const USERS: usize = 80;
    let (sim, client, _dir, engine, file) = bench(20, "Cancel+plan", USERS).await;
    let created = std::sync::Mutex::new(String::new());
    let options = plan_options(4);
    let on_created = |job: &str| *created.lock().unwrap() = job.to_string();
    let on_checked = |_: u32, _: u32| {};
    let (plan, cancelled) = tokio::join!(
        engine
            .bulk()
            .plan_bulk_job(&client, &file, &options, &on_created, &on_checked),
        async {
            tokio::time::sleep(Duration::from_millis(600)).await;
            let job = created.lock().unwrap().clone();
            engine.bulk().cancel_job(None, &job).await
        }
    );
    assert_eq!(cancelled.unwrap(), JobStatus::Cancelled);
    let plan = plan.unwrap();
    assert_eq!(plan.status, JobStatus::Cancelled);
    let checked = counter(&sim, "prechecks").await;
    assert!(
        checked < USERS as u64,
        "{checked} prechecks: the checks went on"
    );
    assert_eq!(
        engine.bulk().job_status(&plan.job_id).unwrap(),
        JobStatus::Cancelled
    );
    assert!(
        engine.bulk().latest_unfinished_job().is_err(),
        "a cancelled job is not offered again"
    );
    assert_eq!(users_in_sim(&sim, "Cancel+plan").await.len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_that_start_like_formulas_reach_the_bulk_report_csv_as_text() {
    let sim = sim(Faults::default()).await;
    let client = client_with(&sim, sim.demo_token(), 200);
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let file = dir.path().join("formula.csv");
    std::fs::write(
        &file,
        "userId,spEnterpriseId,firstName,lastName,email,package,extension\n\
         -2+3@bw.example,Formula+bulk,Ann,One,ann@formula.example,standard,1\n\
         ok@bw.example,Formula+bulk,Bob,Two,bob@formula.example,standard,2\n",
    )
    .unwrap();
    let job = plan(&engine, &client, &file).await;
    let csv = engine
        .bulk()
        .job_report_text(&job, ReportFormat::Csv)
        .unwrap();
    assert!(csv.contains(",'-2+3@bw.example,"), "{csv}");
    assert!(csv.contains(",ok@bw.example,"), "{csv}");
}
