//! OAuth endpoints shaped like Webex's, so sign-in is tested end to end:
//! `GET /v1/authorize` shows a consent page, its `POST` redirects to the registered
//! `redirect_uri` with `code` and `state`; `POST /v1/access_token` takes
//! `authorization_code` (with PKCE S256 or plain verification) and `refresh_token`.
//!
//! Choices where the public record is silent (the app must not rely on them): codes
//! last 10 sim minutes and work once (a replayed code also revokes what it gave);
//! each refresh gives a new refresh token and retires the old one; the consent page
//! asks only for an email of the tenant, with no password.

mod authorize;
mod token;

use crate::scenario::OAuthClientSeed;
use crate::sim::{lock, Shared};
use axum::extract::State;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;

/// How long an authorization code can be exchanged, in sim milliseconds.
const CODE_LIFETIME_MS: u64 = 10 * 60 * 1000;

/// The parameters of an authorize or token request (query or form).
type Params = HashMap<String, String>;

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
/// An authorization code given to a client, until it is exchanged or expires.
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
/// A refresh token, until it is used (each refresh gives a new one) or expires.
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
        .route("/authorize", get(authorize::page).post(authorize::decision))
        .route("/access_token", post(token::access_token))
}

/// Under `/sim`: register integrations and set token lifetimes.
pub(crate) fn control_routes() -> Router<Shared> {
    Router::new()
        .route("/oauth/clients", post(register_client))
        .route("/oauth/lifetimes", put(set_lifetimes))
        .route("/oauth/stats", get(stats))
}

async fn register_client(State(sim): State<Shared>, Json(c): Json<OAuthClientSeed>) -> Json<Value> {
    lock(&sim.oauth).register(c);
    Json(json!({ "registered": true }))
}

async fn set_lifetimes(
    State(sim): State<Shared>,
    Json(l): Json<TokenLifetimes>,
) -> Json<TokenLifetimes> {
    lock(&sim.oauth).lifetimes = l;
    Json(l)
}

async fn stats(State(sim): State<Shared>) -> Json<OAuthStats> {
    Json(lock(&sim.oauth).stats.clone())
}
