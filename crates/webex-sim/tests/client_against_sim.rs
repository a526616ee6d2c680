//! The Webex client against the simulator over a real loopback socket.

use webex::{AccessToken, Client, WebexError};

#[tokio::test]
async fn the_demo_token_is_signed_in_as_the_partner_admin() {
    let sim = webex_sim::start(0, webex_sim::Scenario::default())
        .await
        .unwrap();
    let client = Client::new(&sim.base_url(), AccessToken::new(sim.demo_token())).unwrap();
    let me = client.me().await.unwrap();
    assert_eq!(me.display_name.as_deref(), Some("Alex Partner"));
    assert_eq!(me.org_id.as_deref(), Some("sim-org-partner"));
}

#[tokio::test]
async fn an_unknown_token_is_refused_with_401_and_a_tracking_id_and_is_not_echoed() {
    let sim = webex_sim::start(0, webex_sim::Scenario::default())
        .await
        .unwrap();
    let secret = "not-a-real-token-123456";
    let client = Client::new(&sim.base_url(), AccessToken::new(secret)).unwrap();
    let err = client.me().await.unwrap_err();
    match &err {
        WebexError::Api {
            status,
            tracking_id,
            ..
        } => {
            assert_eq!(*status, 401);
            assert!(
                tracking_id.starts_with("WXM_"),
                "our tracking id comes back: {tracking_id}"
            );
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    assert!(!err.to_string().contains(secret));
    assert!(!format!("{err:?} {client:?}").contains(secret));
}
