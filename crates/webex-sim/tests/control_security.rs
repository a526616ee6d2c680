//! The control API of the simulated tenant cannot be driven by a web page or another
//! local user: it needs the control token, a JSON body for POSTs, and every request
//! (on `/v1` too) must be addressed to the loopback address and port it listens on.

use serde_json::json;

#[tokio::test]
async fn the_control_api_needs_its_token_json_and_its_own_host() {
    let sim = webex_sim::start_with(webex_sim::SimOptions::default())
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let control = sim.control_url();

    // No token, or a guessed one: refused, and nothing is minted.
    for guess in [None, Some("a-guess")] {
        let mut request = http
            .post(format!("{control}/tokens"))
            .json(&json!({ "email": "alex.partner@demo-telecom.example" }));
        if let Some(guess) = guess {
            request = request.header(webex_sim::CONTROL_TOKEN_HEADER, guess);
        }
        let r = request.send().await.unwrap();
        assert_eq!(r.status().as_u16(), 401, "{guess:?}");
    }

    // A cross-site form (no JSON) is refused even with the token.
    let r = http
        .post(format!("{control}/reset"))
        .header(webex_sim::CONTROL_TOKEN_HEADER, sim.control_token())
        .header("content-type", "application/x-www-form-urlencoded")
        .body("a=b")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 415);

    // DNS rebinding: another Host name on the same address and port is refused.
    let port = sim
        .base_url()
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    for url in [
        format!("{control}/state"),
        format!("{}/people/me", sim.base_url()),
    ] {
        let r = http
            .get(&url)
            .header("host", format!("attacker.example:{port}"))
            .header(webex_sim::CONTROL_TOKEN_HEADER, sim.control_token())
            .bearer_auth(sim.demo_token())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 403, "{url}");
    }

    // With the token, JSON and its own host: answered.
    let (status, minted) = sim
        .control()
        .post(
            "tokens",
            &json!({ "email": "alex.partner@demo-telecom.example" }),
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{minted}");
    assert!(minted["accessToken"].is_string());
    let me = http
        .get(format!("{}/people/me", sim.base_url()))
        .bearer_auth(sim.demo_token())
        .send()
        .await
        .unwrap();
    assert_eq!(me.status().as_u16(), 200);
}
