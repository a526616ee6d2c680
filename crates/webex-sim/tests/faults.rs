//! The client under faults: a 20 req/s limit with 429 storms, 10% server errors before
//! any effect and 5% answers dropped after the effect. 250 users are prechecked and
//! provisioned (500 calls); every user must end provisioned exactly once, and every
//! lost provisioning answer must be recognised as done.

mod support;

use std::sync::Arc;
use webex::model::PrecheckRequest;
use webex::{AccessToken, Client, ClientOptions, Provisioned, SubscriberFilter};
use webex_sim::{Faults, SimOptions};

const USERS: usize = 250;
const ENTERPRISE: &str = "FaultTest+bulk";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_rate_limits_server_errors_and_dropped_answers_every_user_is_provisioned_exactly_once(
) {
    let sim = webex_sim::start_with(SimOptions {
        faults: Faults {
            rate_limit_per_sec: Some(20),
            server_error_share: 0.10,
            drop_after_effect_share: 0.05,
            latency_ms: 0,
            token_ttl_secs: None,
        },
        // A fast clock: provisioning completes almost at once.
        clock_speed: 100.0,
        ..SimOptions::default()
    })
    .await
    .unwrap();
    let client = Client::with_options(
        &sim.base_url(),
        AccessToken::new(sim.demo_token()),
        ClientOptions {
            // Faster than the tenant allows, so 429 storms happen and pause everyone.
            requests_per_second: 40,
            max_retries: 8,
            min_backoff: std::time::Duration::from_millis(20),
            max_backoff: std::time::Duration::from_millis(500),
            ..ClientOptions::default()
        },
    )
    .unwrap();
    let workers = Arc::new(tokio::sync::Semaphore::new(16));
    let tasks: Vec<_> = (0..USERS)
        .map(|n| {
            let client = client.clone();
            let workers = workers.clone();
            tokio::spawn(async move {
                let _slot = workers.acquire().await.unwrap();
                let user_id = format!("bulk{n:03}@bw.example");
                let email = format!("bulk{n:03}@bulk.example");
                let check = client
                    .precheck_subscriber(&PrecheckRequest {
                        email: email.clone(),
                        user_id: Some(user_id.clone()),
                        sp_enterprise_id: Some(ENTERPRISE.into()),
                        provisioning_id: Some(support::TRUSTED.into()),
                        ..PrecheckRequest::default()
                    })
                    .await
                    .map_err(|e| format!("precheck {user_id}: {e}"))?;
                if !check.value.info_codes().contains(&100) {
                    return Err(format!("precheck {user_id}: {:?}", check.value));
                }
                let new =
                    support::new_subscriber(ENTERPRISE, support::TRUSTED, &user_id, Some(&email));
                client
                    .provision_subscriber_idempotent(&new)
                    .await
                    .map_err(|e| format!("provision {user_id}: {e}"))
            })
        })
        .collect();
    let mut created = 0;
    let mut recognised_as_done = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(Provisioned::Created(_)) => created += 1,
            Ok(Provisioned::AlreadyDone(_)) => recognised_as_done += 1,
            Err(e) => panic!("a call did not end right: {e}"),
        }
    }
    assert_eq!(created + recognised_as_done, USERS);

    let stats = sim.fault_stats();
    sim.set_faults(Faults::default());
    let dropped_provisions = stats
        .dropped
        .get("POST /v1/broadworks/subscribers")
        .copied()
        .unwrap_or(0);
    assert!(stats.rate_limited > 0, "429 storms happened: {stats:?}");
    assert!(stats.server_errors > 0, "server errors happened: {stats:?}");
    assert!(dropped_provisions > 0, "answers were lost: {stats:?}");
    assert_eq!(
        recognised_as_done as u64, dropped_provisions,
        "each lost provisioning answer was recognised as done"
    );

    let subs = client
        .subscribers(&SubscriberFilter {
            sp_enterprise_id: Some(ENTERPRISE.into()),
            ..SubscriberFilter::default()
        })
        .await
        .unwrap();
    let mut users: Vec<&str> = subs.iter().map(|s| s.user_id.as_str()).collect();
    users.sort();
    users.dedup();
    assert_eq!(subs.len(), USERS, "one subscriber per user");
    assert_eq!(users.len(), USERS, "no user twice");
    let counters = support::control_get(&sim, "stats").await;
    assert_eq!(
        counters["counters"]["subscribersCreated"], USERS as u64,
        "every user was created exactly once"
    );
}
