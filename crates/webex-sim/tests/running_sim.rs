//! The simulator as a running service: a rate limit the client waits out, and state saved
//! to a file, loaded at start and reset to the scenario.

mod support;

use serde_json::json;
use support::*;

#[tokio::test]
async fn a_rate_limited_client_waits_for_retry_after_and_every_call_succeeds() {
    let sim = sim_with(webex_sim::SimOptions {
        faults: webex_sim::Faults {
            rate_limit_per_sec: Some(3),
            ..webex_sim::Faults::default()
        },
        ..webex_sim::SimOptions::default()
    })
    .await;
    let client = client(&sim);
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.me().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert!(
        sim.fault_stats().rate_limited >= 1,
        "{:?}",
        sim.fault_stats()
    );
}

#[tokio::test]
async fn state_saved_to_a_file_comes_back_at_start_and_reset_restores_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo-state.json");
    let options = webex_sim::SimOptions {
        state_file: Some(file.clone()),
        ..webex_sim::SimOptions::default()
    };
    let sim = sim_with(options.clone()).await;
    let client = client(&sim);
    client
        .remove_workspace("sim-ws-globex-lobby")
        .await
        .unwrap();
    control(&sim, "state/save", json!({})).await;
    drop(sim);

    let again = sim_with(options).await;
    let client = client_with_token(&again, again.demo_token());
    assert_eq!(
        client
            .remove_workspace("sim-ws-globex-lobby")
            .await
            .unwrap_err()
            .status(),
        Some(404),
        "the saved state came back"
    );
    control(&again, "reset", json!({})).await;
    client
        .remove_workspace("sim-ws-globex-lobby")
        .await
        .unwrap();
    // Without a state file, saving is refused.
    let plain = support::sim().await;
    assert_eq!(control_status(&plain, "state/save", json!({})).await.0, 409);
}
