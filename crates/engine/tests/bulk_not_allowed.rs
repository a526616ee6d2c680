//! A bulk job run with an account Webex does not allow to provision BroadWorks users
//! (403, here a partner's helpdesk person without an admin role): the job pauses with
//! the reason `not_allowed`, fails nobody, and finishes once a partner administrator
//! carries it on — while checking users and while sending alike.

use engine::bulk::{ItemStatus, JobStatus, NOT_ALLOWED};
use engine::{Engine, ErrorCode};
use serde_json::json;

mod support;
use support::{bench, client_with, control, plan_job, plan_options, run_job, users_in_sim};

const USERS: usize = 6;
const HELPDESK: &str = "pat.helpdesk@demo-telecom.example";

fn not_failed(engine: &Engine, job: &str) {
    let items = engine.bulk().job_items(job).unwrap();
    assert!(
        items.iter().all(|i| i.last_error_code.is_none()
            && !matches!(i.status, ItemStatus::Failed | ItemStatus::FailedRetryable)),
        "nobody is failed for the account: {items:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_webex_refuses_the_account_for_pauses_fails_nobody_and_an_admin_finishes_it() {
    let (sim, admin, _dir, engine, file) = bench(200, "Denied+run", USERS).await;
    let token = control(&sim, "tokens", Some(json!({ "email": HELPDESK }))).await["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let helpdesk = client_with(&sim, &token, 200);

    // While checking users: the first refusal pauses the plan.
    let created = std::sync::Mutex::new(String::new());
    let refused = engine
        .bulk()
        .plan_bulk_job(
            &helpdesk,
            &file,
            &plan_options(4),
            &|job| *created.lock().unwrap() = job.to_string(),
            &|_, _| {},
        )
        .await
        .unwrap_err();
    assert_eq!(engine::ApiError::from(&refused).code, ErrorCode::NotAllowed);
    let job = created.lock().unwrap().clone();
    assert_eq!(
        engine.bulk().job_pause_reason(&job).unwrap().as_deref(),
        Some(NOT_ALLOWED)
    );
    not_failed(&engine, &job);
    // An administrator carries the plan on.
    let plan = engine
        .bulk()
        .continue_plan(&admin, &job, 4, &|_, _| {})
        .await
        .unwrap();
    assert_eq!(plan.to_provision as usize, USERS, "{plan:?}");
    engine.bulk().cancel_job(Some(&admin), &job).await.unwrap();

    // While sending: planned by the administrator, run by the helpdesk account.
    let job = plan_job(&engine, &admin, &file, 4).await.job_id;
    let paused = run_job(&engine, &helpdesk, &job).await;
    assert_eq!(paused.status, JobStatus::Paused, "{paused:?}");
    assert_eq!(paused.pause_reason.as_deref(), Some(NOT_ALLOWED));
    assert_eq!(paused.counts.failed + paused.counts.failed_retryable, 0);
    assert_eq!(paused.counts.in_flight, 0);
    not_failed(&engine, &job);
    assert!(users_in_sim(&sim, "Denied+run").await.is_empty());
    let said = engine
        .audit_log()
        .audit_records(&engine::audit::AuditFilter {
            text: "paused".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(
        said.iter()
            .any(|r| r.detail.contains("does not allow the signed-in account")),
        "the pause is in the activity log: {said:?}"
    );

    let done = run_job(&engine, &admin, &job).await;
    assert_eq!(done.status, JobStatus::Completed, "{done:?}");
    assert_eq!(users_in_sim(&sim, "Denied+run").await.len(), USERS);
}
