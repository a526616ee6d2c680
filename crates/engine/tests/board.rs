//! The customer's migration board against the simulator: 300 users in mixed states
//! over a simulated week; counts and ages as the simulator has them, a refresh with
//! no changes costing at most 3 requests, chasing that sends exactly one consent email
//! per eligible user (and none again the same day), a chase killed mid-send that does
//! not send twice, the customer's report naming every waiting user.

mod support;

use engine::board::report::BoardReportFormat;
use engine::board::{ChaseKind, DAY_MS};
use engine::Engine;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use support::{client_with, control, counter, TRUSTED};
use webex::model::NewSubscriber;
use webex::Secret;
use webex_sim::{RunningSim, Scenario, SimOptions};

const GLOBEX: &str = "DemoTelecom+globex";
const UNTRUSTED: &str = "sim-tmpl-untrusted";

/// The demo tenant with 200 free Webex accounts `user{n}@free.example` to move.
async fn sim() -> RunningSim {
    let mut scenario = Scenario::default();
    let consumer = scenario
        .orgs
        .iter_mut()
        .find(|o| o.id == "sim-org-consumer")
        .unwrap();
    consumer.generated_people = Some(
        serde_json::from_value(json!({ "count": 200, "emailDomain": "free.example" })).unwrap(),
    );
    webex_sim::start_with(SimOptions {
        scenario,
        provisioning_secs: 1.0,
        ..SimOptions::default()
    })
    .await
    .unwrap()
}

async fn engine_on(sim: &RunningSim, dir: &std::path::Path) -> Engine {
    let engine = Engine::open(dir).unwrap();
    engine
        .sign_in()
        .connect_for_run(Some(Secret::new(sim.demo_token())), Some(&sim.base_url()))
        .await
        .unwrap();
    engine
}

async fn advance_days(sim: &RunningSim, days: f64) {
    control(
        sim,
        "clock/advance",
        Some(json!({ "seconds": days * 86_400.0 })),
    )
    .await;
}

/// Provisions `count` users from `first`: with a free account's email (they must agree
/// to the move), a new email (set up at once), or no email (untrusted: they must enter it).
async fn provision(sim: &RunningSim, first: u32, count: u32, kind: &str) {
    let client = client_with(sim, sim.demo_token(), 1000);
    for n in first..first + count {
        let (email, template) = match kind {
            "free" => (Some(format!("user{n}@free.example")), TRUSTED),
            "new" => (Some(format!("new{n}@globex.example")), TRUSTED),
            _ => (None, UNTRUSTED),
        };
        client
            .provision_subscriber(&NewSubscriber {
                provisioning_id: template.into(),
                user_id: format!("board-user-{n}"),
                sp_enterprise_id: GLOBEX.into(),
                first_name: "Board".into(),
                last_name: format!("User {n}"),
                package: webex::model::Package::Standard,
                primary_phone_number: None,
                mobile_phone_number: None,
                extension: Some(format!("{n}")),
                email,
                language: None,
                timezone: None,
            })
            .await
            .unwrap();
    }
}

/// The simulator's truth for the enterprise: (id → (status, lastStatusChange ms)), and its clock.
async fn truth(sim: &RunningSim) -> (BTreeMap<String, (String, u64)>, u64) {
    let state = control(sim, "state", None).await;
    let subs = state["subscribers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["spEnterpriseId"] == GLOBEX)
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                (
                    s["status"].as_str().unwrap().to_string(),
                    s["lastStatusChangeMs"].as_u64().unwrap(),
                ),
            )
        })
        .collect();
    let now = control(sim, "clock", None).await["nowMs"].as_u64().unwrap();
    (subs, now)
}

/// Consent emails the simulator sent, by subscriber.
async fn consent_emails(sim: &RunningSim) -> BTreeMap<String, usize> {
    let state: Value = control(sim, "state", None).await;
    let mut out = BTreeMap::new();
    for e in state["emails"].as_array().unwrap() {
        if e["kind"] == "consentMove" {
            *out.entry(e["subscriberId"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    out
}

/// A week of moves: 300 users sent on days 0, 2 and 5, in every waiting state.
async fn a_week(sim: &RunningSim) {
    provision(sim, 0, 100, "free").await;
    provision(sim, 100, 50, "new").await;
    advance_days(sim, 2.0).await;
    provision(sim, 150, 50, "free").await;
    provision(sim, 200, 30, "none").await;
    advance_days(sim, 3.0).await;
    provision(sim, 230, 40, "free").await;
    provision(sim, 270, 30, "new").await;
    advance_days(sim, 2.0).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_board_matches_the_simulator_refreshes_cheaply_and_chases_each_waiting_user_once() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_on(&sim, dir.path()).await;
    a_week(&sim).await;

    let board = engine.board().refresh(GLOBEX, false).await.unwrap();
    let (truth_now, sim_now) = truth(&sim).await;
    assert_eq!(
        board.total as usize,
        truth_now.len(),
        "every subscriber of the enterprise is on the board"
    );
    assert!(board.total >= 300);
    let mut expected: BTreeMap<String, u32> = BTreeMap::new();
    for (status, _) in truth_now.values() {
        *expected.entry(status.clone()).or_default() += 1;
    }
    let counted: BTreeMap<String, u32> = board
        .counts
        .iter()
        .map(|c| (c.status.clone(), c.count))
        .collect();
    assert_eq!(counted, expected, "counts by state match the simulator");
    assert!(expected.len() >= 3, "mixed states: {expected:?}");
    for e in &board.entries {
        let (status, changed) = &truth_now[&e.subscriber_id];
        assert_eq!(&e.status, status);
        let age = sim_now.saturating_sub(*changed) as f64 / DAY_MS as f64;
        let shown = e.days_in_status.expect("every user has an age");
        assert!(
            (shown - age).abs() < 0.01,
            "{}: the board says {shown:.3} days, the simulator {age:.3}",
            e.user_id
        );
    }
    let waiting_week = board
        .entries
        .iter()
        .filter(|e| e.status == "pending_user_migration" && e.days_in_status.unwrap() > 6.9)
        .count();
    assert!(
        waiting_week >= 100,
        "the first 100 have waited a week: {waiting_week}"
    );

    // A refresh with no change costs at most 3 requests.
    let before = counter(&sim, "requests").await;
    let again = engine.board().refresh(GLOBEX, false).await.unwrap();
    let cost = counter(&sim, "requests").await - before;
    assert!(cost <= 3, "a refresh without changes took {cost} requests");
    assert_eq!(again.total, board.total);
    assert!(!again.refreshed.as_ref().unwrap().full);

    // Chase those waiting for consent more than 3 days.
    let eligible = engine.board().chase_candidates(GLOBEX, 3.0).unwrap();
    let expected_ids: Vec<String> = truth_now
        .iter()
        .filter(|(_, (s, changed))| {
            s == "pending_user_migration" && sim_now.saturating_sub(*changed) >= 3 * DAY_MS
        })
        .map(|(id, _)| id.clone())
        .collect();
    let mut ids: Vec<String> = eligible.iter().map(|e| e.subscriber_id.clone()).collect();
    ids.sort();
    assert_eq!(
        ids, expected_ids,
        "the users waiting more than 3 days, no others"
    );
    let emails_before = consent_emails(&sim).await;
    let job = engine
        .board()
        .start_job(GLOBEX, ChaseKind::ChaseConsent, &ids)
        .await
        .unwrap();
    assert_eq!(job.sent as usize, ids.len());
    assert_eq!(job.status, "completed");
    let emails_after = consent_emails(&sim).await;
    for (sub, n) in &emails_after {
        let was = emails_before.get(sub).copied().unwrap_or(0);
        let want = usize::from(ids.contains(sub));
        assert_eq!(n - was, want, "{sub}: consent emails sent by the chase");
    }
    let audited = audit_count(dir.path(), "resend-consent-email", Some(&job.id));
    assert_eq!(audited, ids.len(), "each send is one audit row of the job");

    // The same day: nobody is chased again.
    let board = engine.board().refresh(GLOBEX, false).await.unwrap();
    assert!(board
        .entries
        .iter()
        .all(|e| !e.can_chase || !ids.contains(&e.subscriber_id)));
    assert!(engine
        .board()
        .chase_candidates(GLOBEX, 3.0)
        .unwrap()
        .is_empty());
    let second = engine
        .board()
        .start_job(GLOBEX, ChaseKind::ChaseConsent, &ids)
        .await
        .unwrap();
    assert_eq!(second.sent, 0, "a second chase the same day sends none");
    assert_eq!(consent_emails(&sim).await, emails_after);

    // The customer's report names every waiting user.
    let html = engine
        .board()
        .report(GLOBEX, BoardReportFormat::Html)
        .unwrap();
    for e in board
        .entries
        .iter()
        .filter(|e| e.status.starts_with("pending"))
    {
        assert!(html.contains(&e.name), "the report names {}", e.name);
    }
    assert!(html.contains("still need to open the email from Webex"));
    let csv = engine
        .board()
        .report(GLOBEX, BoardReportFormat::Csv)
        .unwrap();
    assert_eq!(
        csv.lines()
            .filter(|l| l.contains("Board,") || l.starts_with("Board "))
            .count(),
        300
    );
}

fn audit_count(dir: &std::path::Path, action: &str, job: Option<&str>) -> usize {
    let raw = rusqlite::Connection::open(dir.join(engine::store::DB_FILE)).unwrap();
    raw.query_row(
        "SELECT COUNT(*) FROM audit_log WHERE action = ?1 AND method IS NOT NULL AND (?2 IS NULL OR job_id = ?2)",
        rusqlite::params![action, job],
        |r| r.get::<_, i64>(0),
    )
    .unwrap() as usize
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chase_killed_while_sending_does_not_send_that_email_again() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_on(&sim, dir.path()).await;
    provision(&sim, 1, 3, "free").await;
    advance_days(&sim, 4.0).await;
    engine.board().refresh(GLOBEX, false).await.unwrap();
    let ids: Vec<String> = engine
        .board()
        .chase_candidates(GLOBEX, 3.0)
        .unwrap()
        .into_iter()
        .map(|e| e.subscriber_id)
        .collect();
    assert_eq!(ids.len(), 4, "three sent now and the seeded Tara: {ids:?}");
    // A job journaled, then "killed": its first item was being sent when the process died.
    let job = engine
        .board()
        .start_job(GLOBEX, ChaseKind::ChaseConsent, &[])
        .await
        .unwrap();
    assert_eq!(job.total, 0);
    drop(engine);
    let raw = rusqlite::Connection::open(dir.path().join(engine::store::DB_FILE)).unwrap();
    for (seq, id) in ids.iter().enumerate() {
        raw.execute(
            "INSERT INTO board_job_items (job_id, seq, subscriber_id, user_id, detail, state)
             VALUES (?1, ?2, ?3, ?3, '', ?4)",
            rusqlite::params![
                job.id,
                seq as i64,
                id,
                if seq == 0 { "sending" } else { "pending" }
            ],
        )
        .unwrap();
    }
    raw.execute(
        "UPDATE jobs SET status = 'running' WHERE id = ?1",
        [&job.id],
    )
    .unwrap();
    drop(raw);
    let emails_before = consent_emails(&sim).await;
    let engine = engine_on(&sim, dir.path()).await;
    let done = engine.board().resume_job(&job.id).await.unwrap();
    assert_eq!((done.unsure, done.sent), (1, 3));
    let emails_after = consent_emails(&sim).await;
    assert_eq!(
        emails_after.get(&ids[0]),
        emails_before.get(&ids[0]),
        "the email that may have gone is not sent again"
    );
    for id in &ids[1..] {
        assert_eq!(
            emails_after[id],
            emails_before.get(id).copied().unwrap_or(0) + 1
        );
    }
    let board = engine.board().board(GLOBEX).unwrap();
    let first = board
        .entries
        .iter()
        .find(|e| e.subscriber_id == ids[0])
        .unwrap();
    assert!(!first.can_chase, "not chased again the same day");
}
