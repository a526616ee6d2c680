//! "Try the failed again" on the customer's board: a user in error 2017 is offered for a
//! retry, the customer approves the partner, and the journaled retry job removes and
//! provisions them again; a retry killed after the removal (its answer lost) finds
//! nobody in Webex and provisions from the journal, without a duplicate.

use engine::actions::ActionContext;
use engine::board::ChaseKind;
use serde_json::json;

mod support;
use support::demo::{hanna, Demo, PARTNER};

const HARBOR: &str = "DemoTelecom+harbor";

async fn failed_hanna(d: &Demo) -> String {
    let s = d
        .engine
        .actions()
        .provision(&ActionContext::default(), &hanna())
        .await
        .unwrap();
    d.later().await;
    s.id
}

async fn approve(d: &Demo) {
    d.sim(
        "/customer-admin/add-external-admin",
        json!({ "orgId": "sim-org-harbor", "email": PARTNER, "role": "id_full_admin" }),
    )
    .await;
}

async fn harbor_users(d: &Demo) -> Vec<(String, String)> {
    let (_, state) = d.sim.get("/state").await.unwrap();
    state["subscribers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["spEnterpriseId"] == HARBOR)
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_failed_are_tried_again_once_the_customer_approved() {
    let d = Demo::start().await;
    let old = failed_hanna(&d).await;
    let board = d.engine.board().refresh(HARBOR, false).await.unwrap();
    let hanna = board
        .entries
        .iter()
        .find(|e| e.subscriber_id == old)
        .unwrap();
    assert_eq!(hanna.status, "error");
    assert!(hanna.can_retry, "error 2017: a new try can help");
    assert_eq!(hanna.waiting_on.as_deref(), Some("customer_admin"));
    assert!(!hanna.can_chase);

    approve(&d).await;
    let ids: Vec<String> = d
        .engine
        .board()
        .retry_candidates(HARBOR)
        .unwrap()
        .into_iter()
        .map(|e| e.subscriber_id)
        .collect();
    assert_eq!(ids, std::slice::from_ref(&old));
    let job = d
        .engine
        .board()
        .start_job(HARBOR, ChaseKind::RetryFailed, &ids)
        .await
        .unwrap();
    assert_eq!((job.sent, job.failed), (1, 0), "{job:?}");
    d.later().await;
    let users = harbor_users(&d).await;
    assert_eq!(users.len(), 1, "one Hanna, not two: {users:?}");
    assert_ne!(users[0].0, old, "provisioned again under a new id");
    assert_eq!(users[0].1, "provisioned");
    let board = d.engine.board().refresh(HARBOR, false).await.unwrap();
    assert_eq!(board.counts.len(), 1);
    assert_eq!(board.counts[0].status, "provisioned");
}

#[tokio::test]
async fn a_retry_killed_after_the_removal_provisions_from_the_journal_once() {
    let d = Demo::start().await;
    let old = failed_hanna(&d).await;
    d.engine.board().refresh(HARBOR, false).await.unwrap();
    approve(&d).await;
    // A job journaled, then "killed" after Webex removed the old one: the item was
    // `sending` and the answer never came back.
    let job = d
        .engine
        .board()
        .start_job(HARBOR, ChaseKind::RetryFailed, &[])
        .await
        .unwrap();
    let board = d.engine.board().board(HARBOR).unwrap();
    let entry = board
        .entries
        .iter()
        .find(|e| e.subscriber_id == old)
        .unwrap();
    let detail = json!({
        "provisioningId": "sim-tmpl-trusted",
        "userId": entry.user_id,
        "spEnterpriseId": HARBOR,
        "firstName": "Test",
        "lastName": "User",
        "package": "standard",
        "extension": "4321",
        "email": "hanna.admin@harbordental.example",
    });
    let raw = rusqlite::Connection::open(d._dir.path().join(engine::store::DB_FILE)).unwrap();
    raw.execute(
        "INSERT INTO board_job_items (job_id, seq, subscriber_id, user_id, detail, state)
         VALUES (?1, 0, ?2, ?3, ?4, 'sending')",
        rusqlite::params![job.id, old, entry.user_id, detail.to_string()],
    )
    .unwrap();
    raw.execute(
        "UPDATE jobs SET status = 'running' WHERE id = ?1",
        [&job.id],
    )
    .unwrap();
    let client = d.engine.client().await.unwrap();
    client.remove_subscriber(&old).await.unwrap();
    assert!(harbor_users(&d).await.is_empty());

    let done = d.engine.board().resume_job(&job.id).await.unwrap();
    assert_eq!(
        (done.sent, done.failed, done.pending),
        (1, 0, 0),
        "{done:?}"
    );
    d.later().await;
    let users = harbor_users(&d).await;
    assert_eq!(users.len(), 1, "provisioned once: {users:?}");
    // Resuming again sends nothing more.
    let again = d.engine.board().resume_job(&job.id).await.unwrap();
    assert_eq!(again.sent, 1);
    assert_eq!(harbor_users(&d).await.len(), 1);
}
