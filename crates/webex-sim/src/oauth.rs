//! OAuth endpoints shaped like Webex's, so sign-in is tested end to end:
//! `GET /v1/authorize` shows a consent page, its `POST` redirects to the registered
//! `redirect_uri` with `code` and `state`; `POST /v1/access_token` takes
//! `authorization_code` (with PKCE S256 or plain verification) and `refresh_token`.
//!
//! Choices where the public record is silent (the app must not rely on them): codes
//! last 10 sim minutes and work once (a replayed code also revokes what it gave);
//! each refresh gives a new refresh token and retires the old one; the consent page
//! asks only for an email of the tenant, with no password.

// Handlers return early with a finished answer; boxing it would only add noise.
#![allow(clippy::result_large_err)]

use crate::answers::{with_tracking, Tracking};
use crate::scenario::OAuthClientSeed;
use crate::sim::{lock, Shared};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Extension, Form, Json, Router};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

const CODE_LIFETIME_MS: u64 = 10 * 60 * 1000;

/// Token lifetimes the token endpoint gives (Webex: about 14 and 90 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenLifetimes {
    pub access_token_secs: u64,
    pub refresh_token_secs: u64,
}

impl Default for TokenLifetimes {
    fn default() -> Self {
        TokenLifetimes {
            access_token_secs: 1_209_600,
            refresh_token_secs: 7_776_000,
        }
    }
}

/// What the OAuth endpoints did, for tests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthStats {
    pub codes_issued: u64,
    pub codes_exchanged: u64,
    pub refreshes: u64,
    pub refused: u64,
}

struct CodeRec {
    code: String,
    client_id: String,
    redirect_uri: String,
    challenge: Option<(String, String)>,
    person_id: String,
    scope: String,
    expires_ms: u64,
    /// The tokens it gave, once used (revoked if it is replayed).
    gave: Option<(String, String)>,
}

struct RefreshRec {
    token: String,
    client_id: String,
    person_id: String,
    scope: String,
    expires_ms: u64,
}

/// Registered integrations, codes and refresh tokens.
pub(crate) struct OAuthState {
    clients: Vec<OAuthClientSeed>,
    codes: Vec<CodeRec>,
    refresh: Vec<RefreshRec>,
    pub(crate) lifetimes: TokenLifetimes,
    pub(crate) stats: OAuthStats,
}

impl OAuthState {
    pub(crate) fn new(clients: Vec<OAuthClientSeed>) -> OAuthState {
        OAuthState {
            clients,
            codes: Vec::new(),
            refresh: Vec::new(),
            lifetimes: TokenLifetimes::default(),
            stats: OAuthStats::default(),
        }
    }

    /// Adds an integration, or replaces the one with the same client id.
    pub(crate) fn register(&mut self, client: OAuthClientSeed) {
        self.clients.retain(|c| c.client_id != client.client_id);
        self.clients.push(client);
    }

    fn client(&self, id: &str) -> Option<&OAuthClientSeed> {
        self.clients.iter().find(|c| c.client_id == id)
    }
}

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/authorize", get(authorize_page).post(authorize_decision))
        .route("/access_token", post(access_token))
}

/// Under `/sim`: register integrations and set token lifetimes.
pub(crate) fn control_routes() -> Router<Shared> {
    Router::new()
        .route("/oauth/clients", post(register_client))
        .route("/oauth/lifetimes", put(set_lifetimes))
        .route("/oauth/stats", get(stats))
}

type Params = HashMap<String, String>;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn page(t: &Tracking, status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} – Webex (simulated)</title></head><body><main><h1>{title}</h1>{body}<p>Tracking id: {}</p></main></body></html>",
        escape(&t.0)
    );
    with_tracking((status, Html(html)).into_response(), t)
}

/// The client and redirect URI of an authorize request, or the error page. Errors here
/// never redirect: the redirect URI is not trusted yet.
fn check_client(
    sim: &Shared,
    t: &Tracking,
    q: &Params,
) -> Result<(OAuthClientSeed, String), Response> {
    let oauth = lock(&sim.oauth);
    let bad = |why: &str| {
        page(
            t,
            StatusCode::BAD_REQUEST,
            "This sign-in request is not valid",
            &format!("<p>{}</p>", escape(why)),
        )
    };
    let Some(client) = q.get("client_id").and_then(|id| oauth.client(id)) else {
        return Err(bad("The client_id is not a registered integration."));
    };
    let redirect = match q.get("redirect_uri") {
        Some(r) if client.redirect_uris.contains(r) => r.clone(),
        Some(_) => {
            return Err(bad(
                "The redirect_uri does not exactly match one registered for this integration.",
            ))
        }
        None if client.redirect_uris.len() == 1 => client.redirect_uris[0].clone(),
        None => {
            return Err(bad(
                "Give a redirect_uri: this integration registers several.",
            ))
        }
    };
    Ok((client.clone(), redirect))
}

fn redirect_to(t: &Tracking, redirect_uri: &str, pairs: &[(&str, &str)]) -> Response {
    let mut url = match url::Url::parse(redirect_uri) {
        Ok(u) => u,
        Err(_) => return page(t, StatusCode::BAD_REQUEST, "Bad redirect", ""),
    };
    url.query_pairs_mut().extend_pairs(pairs);
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = url.as_str().parse() {
        r.headers_mut().insert(header::LOCATION, v);
    }
    with_tracking(r, t)
}

/// A problem with the request itself, sent back to the redirect URI (RFC 6749 §4.1.2.1).
fn request_problem(q: &Params) -> Option<(&'static str, &'static str)> {
    if q.get("response_type").map(String::as_str) != Some("code") {
        return Some((
            "unsupported_response_type",
            "Only response_type=code is supported.",
        ));
    }
    if q.get("scope").is_none_or(|s| s.trim().is_empty()) {
        return Some(("invalid_scope", "Give the scopes to grant."));
    }
    match (
        q.get("code_challenge"),
        q.get("code_challenge_method").map(String::as_str),
    ) {
        (None, _) => None,
        (Some(_), Some("S256") | Some("plain") | None) => None,
        (Some(_), Some(_)) => Some((
            "invalid_request",
            "code_challenge_method must be S256 or plain.",
        )),
    }
}

const CARRIED: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
];

async fn authorize_page(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    Query(q): Query<Params>,
) -> Response {
    let (client, redirect) = match check_client(&sim, &t, &q) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let state = q.get("state").map(String::as_str).unwrap_or("");
    if let Some((error, description)) = request_problem(&q) {
        return redirect_to(
            &t,
            &redirect,
            &[
                ("error", error),
                ("error_description", description),
                ("state", state),
            ],
        );
    }
    let signed_in = {
        let world = sim.world();
        world
            .person(&world.signed_in_person_id)
            .map(|p| p.email.clone())
            .unwrap_or_default()
    };
    let hidden: String = CARRIED
        .iter()
        .filter_map(|k| {
            q.get(*k).map(|v| {
                format!(
                    "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
                    escape(v)
                )
            })
        })
        .collect();
    let scopes: String = q
        .get("scope")
        .map(|s| {
            s.split_whitespace()
                .map(|s| format!("<li>{}</li>", escape(s)))
                .collect()
        })
        .unwrap_or_default();
    let body = format!(
        "<p>The integration <strong>{}</strong> asks to use your Webex account with these scopes:</p><ul>{scopes}</ul>\
         <form method=\"post\" action=\"/v1/authorize\">{hidden}\
         <label for=\"email\">Email of the person signing in</label> <input id=\"email\" name=\"email\" type=\"email\" value=\"{}\">\
         <button type=\"submit\" name=\"decision\" value=\"accept\">Accept</button>\
         <button type=\"submit\" name=\"decision\" value=\"decline\">Decline</button></form>",
        escape(&client.client_id),
        escape(&signed_in)
    );
    page(&t, StatusCode::OK, "Sign in to Webex", &body)
}

async fn authorize_decision(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    Form(f): Form<Params>,
) -> Response {
    let (client, redirect) = match check_client(&sim, &t, &f) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let state = f.get("state").cloned().unwrap_or_default();
    if let Some((error, description)) = request_problem(&f) {
        return redirect_to(
            &t,
            &redirect,
            &[
                ("error", error),
                ("error_description", description),
                ("state", &state),
            ],
        );
    }
    if f.get("decision").map(String::as_str) != Some("accept") {
        return redirect_to(
            &t,
            &redirect,
            &[
                ("error", "access_denied"),
                ("error_description", "The user declined."),
                ("state", &state),
            ],
        );
    }
    let now = sim.now();
    let person_id = {
        let world = sim.world();
        let email = f.get("email").map(|e| e.trim().to_lowercase());
        match email.and_then(|e| world.person_by_email(&e).map(|p| p.id.clone())) {
            Some(id) => id,
            None => {
                return page(
                    &t,
                    StatusCode::BAD_REQUEST,
                    "No such account",
                    "<p>No person of this tenant has that email. Go back and try again.</p>",
                )
            }
        }
    };
    let code = format!("sim-code-{}", uuid::Uuid::new_v4().simple());
    {
        let mut oauth = lock(&sim.oauth);
        oauth.stats.codes_issued += 1;
        oauth.codes.push(CodeRec {
            code: code.clone(),
            client_id: client.client_id.clone(),
            redirect_uri: redirect.clone(),
            challenge: f.get("code_challenge").map(|c| {
                (
                    c.clone(),
                    f.get("code_challenge_method")
                        .cloned()
                        .unwrap_or_else(|| "plain".into()),
                )
            }),
            person_id,
            scope: f.get("scope").cloned().unwrap_or_default(),
            expires_ms: now + CODE_LIFETIME_MS,
            gave: None,
        });
    }
    redirect_to(&t, &redirect, &[("code", &code), ("state", &state)])
}

/// An OAuth error answer of the token endpoint (RFC 6749 §5.2), with a tracking id.
fn token_error(sim: &Shared, t: &Tracking, status: StatusCode, error: &str, why: &str) -> Response {
    lock(&sim.oauth).stats.refused += 1;
    with_tracking(
        (
            status,
            Json(json!({ "error": error, "error_description": why, "trackingId": t.0 })),
        )
            .into_response(),
        t,
    )
}

/// client_id and client_secret from HTTP Basic or from the form.
fn client_credentials(headers: &HeaderMap, f: &Params) -> Option<(String, String)> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| {
            let (id, secret) = s.split_once(':')?;
            let decode = |x: &str| {
                url::form_urlencoded::parse(format!("x={x}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
            };
            Some((decode(id)?, decode(secret)?))
        });
    basic.or_else(|| Some((f.get("client_id")?.clone(), f.get("client_secret")?.clone())))
}

fn pkce_ok(challenge: &Option<(String, String)>, verifier: Option<&String>) -> bool {
    let Some((challenge, method)) = challenge else {
        return true;
    };
    let Some(verifier) = verifier else {
        return false;
    };
    let computed = if method == "S256" {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
    } else {
        verifier.clone()
    };
    webex_secret_eq(&computed, challenge)
}

fn webex_secret_eq(a: &str, b: &str) -> bool {
    webex::Secret::new(a).matches(b)
}

async fn access_token(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Form(f): Form<Params>,
) -> Response {
    let now = sim.now();
    let Some((client_id, secret)) = client_credentials(&headers, &f) else {
        return token_error(
            &sim,
            &t,
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Give client_id and client_secret.",
        );
    };
    let client_ok = lock(&sim.oauth)
        .client(&client_id)
        .is_some_and(|c| webex_secret_eq(&c.client_secret, &secret));
    if !client_ok {
        return token_error(
            &sim,
            &t,
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The client id or secret is not valid.",
        );
    }
    let grant = f.get("grant_type").map(String::as_str).unwrap_or("");
    let (person_id, scope) = match grant {
        "authorization_code" => {
            let mut oauth = lock(&sim.oauth);
            let code = f.get("code").cloned().unwrap_or_default();
            let Some(i) = oauth.codes.iter().position(|c| c.code == code) else {
                drop(oauth);
                return token_error(
                    &sim,
                    &t,
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The authorization code is not valid.",
                );
            };
            if let Some((access, refresh)) = oauth.codes[i].gave.clone() {
                // A replayed code: refuse it and revoke what it gave (RFC 6749 §4.1.2).
                oauth.refresh.retain(|r| r.token != refresh);
                drop(oauth);
                sim.world().revoke_token(&access);
                return token_error(
                    &sim,
                    &t,
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The authorization code was already used.",
                );
            }
            let rec = &oauth.codes[i];
            let problem = if rec.client_id != client_id {
                Some("The authorization code was given to another client.")
            } else if now >= rec.expires_ms {
                Some("The authorization code has expired.")
            } else if f.get("redirect_uri") != Some(&rec.redirect_uri) {
                Some("The redirect_uri is not the one of the authorize request.")
            } else if !pkce_ok(&rec.challenge, f.get("code_verifier")) {
                Some("The code_verifier does not match the code_challenge.")
            } else {
                None
            };
            if let Some(why) = problem {
                // A failed attempt uses the code up too.
                oauth.codes.remove(i);
                drop(oauth);
                return token_error(&sim, &t, StatusCode::BAD_REQUEST, "invalid_grant", why);
            }
            let granted = (rec.person_id.clone(), rec.scope.clone());
            oauth.stats.codes_exchanged += 1;
            granted
        }
        "refresh_token" => {
            let mut oauth = lock(&sim.oauth);
            let token = f.get("refresh_token").cloned().unwrap_or_default();
            let found = oauth
                .refresh
                .iter()
                .position(|r| webex_secret_eq(&r.token, &token) && r.client_id == client_id);
            let Some(i) = found else {
                drop(oauth);
                return token_error(
                    &sim,
                    &t,
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The refresh token is not valid.",
                );
            };
            let rec = oauth.refresh.remove(i);
            if now >= rec.expires_ms {
                drop(oauth);
                return token_error(
                    &sim,
                    &t,
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The refresh token has expired.",
                );
            }
            oauth.stats.refreshes += 1;
            (rec.person_id, rec.scope)
        }
        _ => {
            return token_error(
                &sim,
                &t,
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type must be authorization_code or refresh_token.",
            )
        }
    };
    let lifetimes = lock(&sim.oauth).lifetimes;
    let access = sim.world().issue_token_expiring(
        &person_id,
        now,
        Some(now + lifetimes.access_token_secs * 1000),
    );
    let refresh = format!("sim-refresh-{}", uuid::Uuid::new_v4().simple());
    {
        let mut oauth = lock(&sim.oauth);
        oauth.refresh.push(RefreshRec {
            token: refresh.clone(),
            client_id,
            person_id,
            scope: scope.clone(),
            expires_ms: now + lifetimes.refresh_token_secs * 1000,
        });
        if grant == "authorization_code" {
            let code = f.get("code").cloned().unwrap_or_default();
            if let Some(c) = oauth.codes.iter_mut().find(|c| c.code == code) {
                c.gave = Some((access.clone(), refresh.clone()));
            }
        }
    }
    let mut r = Json(json!({
        "access_token": access,
        "expires_in": lifetimes.access_token_secs,
        "refresh_token": refresh,
        "refresh_token_expires_in": lifetimes.refresh_token_secs,
        "token_type": "Bearer",
        "scope": scope,
    }))
    .into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    with_tracking(r, &t)
}

async fn register_client(State(sim): State<Shared>, Json(c): Json<OAuthClientSeed>) -> Response {
    lock(&sim.oauth).register(c);
    Json(json!({ "registered": true })).into_response()
}

async fn set_lifetimes(State(sim): State<Shared>, Json(l): Json<TokenLifetimes>) -> Response {
    lock(&sim.oauth).lifetimes = l;
    Json(l).into_response()
}

async fn stats(State(sim): State<Shared>) -> Response {
    Json(lock(&sim.oauth).stats.clone()).into_response()
}
