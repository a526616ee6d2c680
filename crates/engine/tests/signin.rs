//! Sign-in end to end against webex-sim over real loopback HTTP: the test plays the
//! system browser (follows the authorize URL, posts the consent, comes back to the
//! loopback listener), the engine gets tokens, renews them, and refuses what it must.
//! Also: no token or secret reaches the data folder or the logs. The keychain's own
//! tests are in signin_keychain.rs.

use engine::auth::{Browser, WebexSignIn};
use engine::connection::{ConnectionMode, SignInMethod};
use engine::secrets::{MemoryStore, SecretStore, KEYCHAIN_UNAVAILABLE};
use engine::{ApiError, Engine, EngineError};
use std::sync::{Arc, Mutex};
use webex::Secret;
use webex_sim::{OAuthClientSeed, RunningSim, TokenLifetimes};

mod support;
use support::{all_files, contains};

const CLIENT_ID: &str = "test-integration";

/// A browser that only remembers the URL it was asked to open; the test then plays it.
#[derive(Default)]
struct TestBrowser {
    opened: Mutex<Vec<String>>,
}

impl Browser for TestBrowser {
    fn open(&self, url: &str) -> Result<(), String> {
        self.opened.lock().unwrap().push(url.to_string());
        Ok(())
    }
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn client_secret() -> String {
    format!("client-secret-{}", uuid_like())
}

fn uuid_like() -> String {
    format!(
        "{:x}{:x}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

/// Follows the authorize URL (the consent page), accepts, and returns where the
/// simulated Webex sends the browser back (the loopback callback with code and state).
async fn consent(authorize_url: &str) -> String {
    let http = no_redirects();
    let page = http.get(authorize_url).send().await.unwrap();
    assert_eq!(page.status(), 200, "the consent page shows");
    let html = page.text().await.unwrap();
    assert!(html.contains("Accept"), "{html}");
    let url = url::Url::parse(authorize_url).unwrap();
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.extend_pairs(url.query_pairs());
    form.append_pair("email", "alex.partner@demo-telecom.example");
    form.append_pair("decision", "accept");
    let post_to = format!("{}://{}/v1/authorize", url.scheme(), url.authority());
    let answer = http
        .post(post_to)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.finish())
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        302,
        "consent redirects to the redirect URI"
    );
    answer.headers()["location"].to_str().unwrap().to_string()
}

/// The browser's visit to the loopback callback: its status, or None when refused.
async fn visit(url: &str) -> Option<u16> {
    match no_redirects().get(url).send().await {
        Ok(r) => Some(r.status().as_u16()),
        Err(_) => None,
    }
}

fn param(url: &str, name: &str) -> String {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

struct Setup {
    _dir: tempfile::TempDir,
    data: std::path::PathBuf,
    engine: Engine,
    store: Arc<MemoryStore>,
    sim: RunningSim,
    secret: String,
    browser: TestBrowser,
}

async fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = Arc::new(MemoryStore::default());
    let engine = Engine::open_with_secrets(&data, store.clone()).unwrap();
    let sim = webex_sim::start_with(webex_sim::SimOptions::default())
        .await
        .unwrap();
    Setup {
        _dir: dir,
        data,
        engine,
        store,
        sim,
        secret: client_secret(),
        browser: TestBrowser::default(),
    }
}

impl Setup {
    fn request(&self) -> WebexSignIn {
        WebexSignIn {
            client_id: Some(CLIENT_ID.into()),
            client_secret: Some(Secret::new(self.secret.clone())),
            // Port 0: any free port; the test registers the exact URI it got.
            redirect_uri: Some("http://127.0.0.1:0/callback".into()),
            base_url: Some(self.sim.base_url()),
        }
    }

    /// Starts a sign-in and registers its exact redirect URI with the simulated Webex.
    async fn start(&self) -> engine::connection::SignInStarted {
        let started = self
            .engine
            .sign_in()
            .start_webex_sign_in(self.request(), &self.browser)
            .await
            .unwrap();
        self.sim.register_oauth_client(OAuthClientSeed {
            client_id: CLIENT_ID.into(),
            client_secret: self.secret.clone(),
            redirect_uris: vec![started.redirect_uri.clone()],
        });
        assert_eq!(
            self.browser.opened.lock().unwrap().last(),
            Some(&started.authorize_url),
            "the authorize URL went to the system browser"
        );
        started
    }

    fn secret_named(&self, name: &str) -> Option<String> {
        self.store
            .get(name)
            .unwrap()
            .map(|s| s.expose().to_string())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn oauth_sign_in_gets_tokens_renews_them_and_leaves_no_secret_behind() {
    let s = setup().await;
    // Logs of this test go to its data folder, so they can be scanned.
    let _log = engine::logging::init(&s.data, "signin");
    let mut errors: Vec<String> = Vec::new();
    let mut secrets: Vec<String> = vec![s.secret.clone()];

    let started = s.start().await;
    assert!(started.authorize_url.contains("code_challenge_method=S256"));
    assert!(started.authorize_url.contains("state="));
    let callback = consent(&started.authorize_url).await;
    assert!(callback.starts_with(&started.redirect_uri), "{callback}");
    let code = param(&callback, "code");
    let (status, seen) = tokio::join!(s.engine.sign_in().finish_webex_sign_in(), visit(&callback));
    let status = status.unwrap();
    assert_eq!(seen, Some(200), "the browser is told it is signed in");
    assert_eq!(status.mode, ConnectionMode::Live);
    assert_eq!(status.method, Some(SignInMethod::Webex));
    assert!(!status.demo);
    assert_eq!(status.display_name.as_deref(), Some("Alex Partner"));
    assert!(status.expires_at.is_some());
    let access = s
        .secret_named("webex-access-token")
        .expect("access token stored");
    let refresh = s
        .secret_named("webex-refresh-token")
        .expect("refresh token stored");
    secrets.extend([access.clone(), refresh.clone(), code.clone()]);

    // A second callback finds the listener closed.
    assert_eq!(visit(&callback).await, None, "a second callback is refused");
    // Expiry: 20 sim days later the access token is dead. The client does not know
    // yet; Webex answers 401, the client renews once, and the call succeeds.
    let client = s.engine.client().await.unwrap();
    assert_eq!(s.sim.oauth_stats().refreshes, 0);
    s.sim
        .control()
        .post(
            "clock/advance",
            &serde_json::json!({ "seconds": 20.0 * 86400.0 }),
        )
        .await
        .unwrap();
    let me = client.me().await.unwrap();
    assert_eq!(me.display_name.as_deref(), Some("Alex Partner"));
    assert_eq!(s.sim.oauth_stats().refreshes, 1, "one refresh on expiry");
    let new_refresh = s.secret_named("webex-refresh-token").unwrap();
    assert_ne!(
        new_refresh, refresh,
        "the new refresh token is stored each time"
    );
    secrets.push(new_refresh.clone());
    secrets.push(s.secret_named("webex-access-token").unwrap());

    // The code cannot be used again .
    let replay = no_redirects()
        .post(format!("{}/access_token", s.sim.base_url()))
        .basic_auth(CLIENT_ID, Some(&s.secret))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("grant_type", "authorization_code")
                .append_pair("code", &code)
                .append_pair("redirect_uri", &started.redirect_uri)
                .append_pair("code_verifier", &"v".repeat(43))
                .finish(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 400, "a replayed code is refused");
    let body: serde_json::Value = replay.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");

    // Errors produced along the way (a refused state, below) never name a secret.
    let started = s.start().await;
    let wrong = format!(
        "{}?code=stolen-code&state=not-the-state",
        started.redirect_uri
    );
    // A visit with a wrong state (any local process, or an <img> on a web page) is
    // refused with a short page, and the sign-in keeps waiting for the right one.
    let (waited, seen) = tokio::join!(s.engine.sign_in().finish_webex_sign_in(), async {
        let first = visit(&wrong).await;
        let second = visit(&wrong).await;
        s.engine.sign_in().cancel_sign_in();
        (first, second)
    });
    assert_eq!(seen, (Some(400), Some(400)), "refused, still listening");
    let cancelled = ApiError::from(waited.unwrap_err());
    assert_eq!(cancelled.code, "sign_in_cancelled");
    errors.push(format!("{cancelled:?}"));
    // Once the sign-in ends, the listener is gone.
    assert_eq!(visit(&started.redirect_uri).await, None);

    // Status for the webview: no token in it.
    let status = s.engine.connection_status().await;
    let shown = serde_json::to_string(&status).unwrap();
    assert_eq!(
        status.keychain.as_ref().map(|n| n.code.as_str()),
        Some(KEYCHAIN_UNAVAILABLE),
        "a memory store is announced"
    );
    let out = s.engine.sign_in().sign_out().await.unwrap();
    assert_eq!(out.mode, ConnectionMode::SignedOut);
    assert!(s.secret_named("webex-access-token").is_none());
    assert!(s.secret_named("webex-refresh-token").is_none());
    errors.push(format!(
        "{:?}",
        ApiError::from(EngineError::SignIn(
            engine::auth::SignInError::ClientSecretNeeded
        ))
    ));

    drop(_log);
    drop(s.engine);
    let files = all_files(&s.data);
    assert!(
        files.iter().any(|(p, _)| p.ends_with("logs/signin.log")),
        "the log was written"
    );
    assert!(
        files
            .iter()
            .any(|(p, _)| p.ends_with(engine::store::DB_FILE)),
        "the database file is scanned too"
    );
    for secret in &secrets {
        for (path, bytes) in &files {
            assert!(
                !contains(bytes, secret),
                "a secret is in {}",
                path.display()
            );
        }
        assert!(
            !shown.contains(secret.as_str()),
            "a secret reached the webview"
        );
        for e in &errors {
            assert!(!e.contains(secret.as_str()), "a secret is in an error: {e}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_about_to_expire_is_renewed_before_it_is_used() {
    let s = setup().await;
    // Shorter than the renewal margin: every new access token is renewed before use.
    s.sim.set_token_lifetimes(TokenLifetimes {
        access_token_secs: 60,
        refresh_token_secs: 7_776_000,
    });
    let started = s.start().await;
    let callback = consent(&started.authorize_url).await;
    let (status, _) = tokio::join!(s.engine.sign_in().finish_webex_sign_in(), visit(&callback));
    status.unwrap();
    assert!(
        s.sim.oauth_stats().refreshes >= 1,
        "renewed before /people/me, without a 401"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_pkce_verifier_and_a_replayed_code_are_refused() {
    let s = setup().await;
    let integration = webex::oauth::Integration::new(
        &s.sim.base_url(),
        CLIENT_ID,
        Secret::new(s.secret.clone()),
        "http://127.0.0.1:0/callback",
    )
    .unwrap();
    let authorization = integration.start().await.unwrap();
    let redirect = authorization.redirect_uri().clone();
    s.sim.register_oauth_client(OAuthClientSeed {
        client_id: CLIENT_ID.into(),
        client_secret: s.secret.clone(),
        redirect_uris: vec![redirect.to_string()],
    });
    let callback = consent(authorization.url().as_str()).await;
    let code = Secret::new(param(&callback, "code"));
    let wrong = integration
        .exchange_code(&code, &Secret::new("w".repeat(64)), &redirect)
        .await
        .unwrap_err();
    assert!(
        matches!(&wrong, webex::oauth::OAuthError::Refused(m) if m.contains("invalid_grant")),
        "{wrong}"
    );
    // The code was spent by the failed attempt: a replay is refused too.
    let replay = integration
        .exchange_code(&code, &Secret::new("w".repeat(64)), &redirect)
        .await
        .unwrap_err();
    assert!(matches!(replay, webex::oauth::OAuthError::Refused(_)));
    assert!(!wrong.to_string().contains(code.expose()));
}

#[tokio::test(flavor = "multi_thread")]
async fn declining_consent_and_cancelling_are_reported_with_their_codes() {
    let s = setup().await;
    let started = s.start().await;
    let declined = format!(
        "{}?error=access_denied&state={}",
        started.redirect_uri,
        param(&started.authorize_url, "state")
    );
    let (r, _) = tokio::join!(s.engine.sign_in().finish_webex_sign_in(), visit(&declined));
    assert_eq!(ApiError::from(r.unwrap_err()).code, "sign_in_declined");

    s.start().await;
    let engine = &s.engine;
    let (r, _) = tokio::join!(engine.sign_in().finish_webex_sign_in(), async {
        tokio::task::yield_now().await;
        engine.sign_in().cancel_sign_in();
    });
    // Cancelled, or (if the cancel came first) nothing under way any more.
    let code = ApiError::from(r.unwrap_err()).code;
    assert!(
        code == "sign_in_cancelled" || code == "no_sign_in_under_way",
        "{code}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_client_secret_is_asked_for_once_and_never_shown() {
    let s = setup().await;
    let first = s.start().await;
    let settings = s.engine.sign_in().webex_sign_in_settings();
    assert_eq!(settings.client_id.as_deref(), Some(CLIENT_ID));
    assert!(settings.has_client_secret);
    assert!(!serde_json::to_string(&settings)
        .unwrap()
        .contains(&s.secret));
    assert!(settings
        .scopes
        .iter()
        .any(|x| x.scope == "spark-admin:broadworks_subscribers_write"));
    drop(first);
    // Later: no client id or secret typed; the stored ones are used.
    let again = s
        .engine
        .sign_in()
        .start_webex_sign_in(
            WebexSignIn {
                redirect_uri: Some("http://127.0.0.1:0/callback".into()),
                ..WebexSignIn::default()
            },
            &s.browser,
        )
        .await
        .unwrap();
    assert!(again.authorize_url.contains(CLIENT_ID));
    s.engine.sign_in().cancel_sign_in();

    // A fresh data folder with nothing stored says what is missing.
    let other = tempfile::tempdir().unwrap();
    let fresh = Engine::open_with_secrets(other.path(), Arc::new(MemoryStore::default())).unwrap();
    let err = fresh
        .sign_in()
        .start_webex_sign_in(WebexSignIn::default(), &s.browser)
        .await
        .unwrap_err();
    assert_eq!(ApiError::from(err).code, "client_id_needed");
    let err = fresh
        .sign_in()
        .start_webex_sign_in(
            WebexSignIn {
                client_id: Some("x".into()),
                ..WebexSignIn::default()
            },
            &s.browser,
        )
        .await
        .unwrap_err();
    assert_eq!(ApiError::from(err).code, "client_secret_needed");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_personal_access_token_signs_in_for_twelve_hours_and_a_bad_one_is_refused() {
    let s = setup().await;
    let token = Secret::new(s.sim.demo_token());
    let status = s
        .engine
        .sign_in()
        .sign_in_with_token(token.clone(), Some(&s.sim.base_url()))
        .await
        .unwrap();
    assert_eq!(status.method, Some(SignInMethod::PersonalToken));
    assert_eq!(status.mode, ConnectionMode::Live);
    assert!(status.expires_at.is_some());
    assert_eq!(
        s.secret_named("personal-access-token").as_deref(),
        Some(token.expose())
    );
    let bad = s
        .engine
        .sign_in()
        .sign_in_with_token(Secret::new("not-a-token"), Some(&s.sim.base_url()))
        .await
        .unwrap_err();
    let bad = ApiError::from(bad);
    assert_eq!(bad.code, "sign_in_again");
    assert!(!bad.message.contains("not-a-token"));
    let empty = s
        .engine
        .sign_in()
        .sign_in_with_token(Secret::new("  \n"), None)
        .await
        .unwrap_err();
    assert_eq!(ApiError::from(empty).code, "token_empty");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_starts_in_demo_mode_when_nothing_live_can_be_resumed() {
    let s = setup().await;
    let status = s.engine.sign_in().resume_sign_in().await.unwrap();
    assert_eq!(status.mode, ConnectionMode::Demo);
    assert!(status.demo);
    assert_eq!(status.method, Some(SignInMethod::Demo));
    assert!(status.expires_at.is_none());
}

// ----- the keychain, for real and absent -----
