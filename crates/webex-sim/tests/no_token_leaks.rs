//! No bearer token in any log line or error message: every log line (all crates, at
//! TRACE) and every error's Display and Debug text from a run full of failures is
//! collected and searched for the tokens used.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use support::*;
use webex::model::PrecheckRequest;
use webex::SubscriberFilter;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_bearer_token_appears_in_any_log_line_or_error_message() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let sim = sim().await;
    let partner = client(&sim);
    let wrong_token = "wrong-token-that-must-not-leak-42";
    let stranger = client_with_token(&sim, wrong_token);
    let customer_token = token_for(&sim, "mia.admin@maplebakery.example").await;
    let customer = client_with_token(&sim, &customer_token);
    let mut messages: Vec<String> = Vec::new();
    let mut keep = |e: webex::WebexError| {
        messages.push(e.to_string());
        messages.push(format!("{e:?}"));
    };

    keep(stranger.me().await.unwrap_err());
    keep(
        customer
            .subscribers(&SubscriberFilter::default())
            .await
            .unwrap_err(),
    );
    keep(partner.subscriber("sim-sub-none").await.unwrap_err());
    keep(partner.licenses(Some("sim-org-harbor")).await.unwrap_err());
    keep(
        partner
            .precheck_subscriber(&PrecheckRequest::default())
            .await
            .unwrap_err(),
    );
    let dup = new_subscriber(
        "DemoTelecom+globex",
        TRUSTED,
        "globex-user-001",
        Some("globex-user-001@globex.example"),
    );
    keep(partner.provision_subscriber(&dup).await.unwrap_err());
    // Faults: rate limit, server errors, dropped answers; retried calls log as they go.
    sim.set_faults(webex_sim::Faults {
        server_error_share: 0.3,
        drop_after_effect_share: 0.3,
        rate_limit_per_sec: Some(10),
        ..webex_sim::Faults::default()
    });
    for n in 0..6 {
        let _ = partner.me().await.map_err(&mut keep);
        let new = new_subscriber(
            "DemoTelecom+globex",
            TRUSTED,
            &format!("leak{n}@bw"),
            Some(&format!("leak{n}@globex.example")),
        );
        let _ = partner.provision_subscriber(&new).await.map_err(&mut keep);
        let _ = partner
            .provision_subscriber_idempotent(&new)
            .await
            .map_err(&mut keep);
    }
    sim.set_faults(webex_sim::Faults {
        token_ttl_secs: Some(1),
        ..webex_sim::Faults::default()
    });
    advance(&sim, 2.0).await;
    keep(partner.me().await.unwrap_err());
    // A client that cannot connect at all.
    let nowhere = webex::Client::new(
        "http://127.0.0.1:1/v1",
        webex::AccessToken::new(wrong_token),
    )
    .unwrap();
    keep(nowhere.me().await.unwrap_err());
    let state = control_get(&sim, "state").await.to_string();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.lines().count() > 10,
        "the run produced log lines to check"
    );
    assert!(messages.len() > 10);
    for token in [sim.demo_token(), wrong_token, customer_token.as_str()] {
        assert!(!logs.contains(token), "a token appears in the logs");
        for m in &messages {
            assert!(
                !m.contains(token),
                "a token appears in an error message: {m}"
            );
        }
        assert!(!state.contains(token), "a token appears in /sim/state");
    }
}
