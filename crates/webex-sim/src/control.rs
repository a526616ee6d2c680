//! The `/sim` control API: what the end user, the customer admin and the clock do, plus
//! faults, reset, saving state and a look at everything. Answers are plain JSON; errors
//! are `{"message": …}` with a 4xx status.

use crate::faults::Faults;
use crate::world::{Refusal, FULL_ADMIN};
use crate::{lock, Shared};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/state", get(state))
        .route("/state/save", post(save))
        .route("/reset", post(reset))
        .route("/clock", get(clock))
        .route("/clock/advance", post(advance))
        .route("/faults", get(faults).put(set_faults))
        .route("/stats", get(stats))
        .route("/tokens", post(token))
        .route("/tokens/revoke", post(revoke))
        .route("/end-user/emails", get(emails))
        .route("/end-user/enter-email", post(enter_email))
        .route("/end-user/join-now", post(join_now))
        .route("/end-user/activate-account", post(activate_account))
        .route("/end-user/log-in", post(log_in))
        .route("/end-user/delete-old-account", post(delete_old_account))
        .route("/end-user/self-activate", post(self_activate))
        .route(
            "/customer-admin/add-external-admin",
            post(add_external_admin),
        )
}

fn fail(r: Refusal) -> Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::BAD_REQUEST);
    (status, Json(json!({ "message": r.message }))).into_response()
}

fn answer(result: Result<Value, Refusal>) -> Response {
    match result {
        Ok(v) => Json(v).into_response(),
        Err(r) => fail(r),
    }
}

async fn state(State(sim): State<Shared>) -> Response {
    let now = sim.now();
    let mut world = sim.world();
    world.tick(now);
    let mut v = serde_json::to_value(&*world).unwrap_or(Value::Null);
    // The control API is for demos and tests; tokens are not shown even here.
    if let Some(obj) = v.as_object_mut() {
        obj.remove("tokens");
    }
    Json(v).into_response()
}

async fn save(State(sim): State<Shared>) -> Response {
    match sim.save() {
        Ok(path) => Json(json!({ "saved": path.display().to_string() })).into_response(),
        Err(e) => fail(Refusal::new(409, e.to_string())),
    }
}

async fn reset(State(sim): State<Shared>) -> Response {
    match sim.reset() {
        Ok(()) => Json(json!({ "reset": true })).into_response(),
        Err(e) => fail(Refusal::new(500, e.to_string())),
    }
}

fn clock_json(sim: &crate::Sim) -> Value {
    let now = sim.now();
    json!({ "now": crate::world::iso(now), "nowMs": now })
}

async fn clock(State(sim): State<Shared>) -> Response {
    Json(clock_json(&sim)).into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Advance {
    seconds: f64,
}

async fn advance(State(sim): State<Shared>, Json(a): Json<Advance>) -> Response {
    if !(a.seconds.is_finite() && a.seconds >= 0.0) {
        return fail(Refusal::new(400, "seconds must be a number ≥ 0"));
    }
    lock(&sim.clock).advanced_ms += (a.seconds * 1000.0) as u64;
    let now = sim.now();
    sim.world().tick(now);
    Json(clock_json(&sim)).into_response()
}

async fn faults(State(sim): State<Shared>) -> Response {
    Json(lock(&sim.faults).faults.clone()).into_response()
}

async fn set_faults(State(sim): State<Shared>, Json(f): Json<Faults>) -> Response {
    let shares_ok = [f.server_error_share, f.drop_after_effect_share]
        .iter()
        .all(|s| (0.0..=1.0).contains(s));
    if !shares_ok {
        return fail(Refusal::new(400, "shares go from 0 to 1"));
    }
    lock(&sim.faults).faults = f.clone();
    Json(f).into_response()
}

async fn stats(State(sim): State<Shared>) -> Response {
    let faults = lock(&sim.faults).stats.clone();
    let counters = sim.world().counters.clone();
    Json(json!({ "faults": faults, "counters": counters })).into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ForEmail {
    email: String,
}

/// A demo token for any person of the tenant (e.g. a customer admin).
async fn token(State(sim): State<Shared>, Json(b): Json<ForEmail>) -> Response {
    let now = sim.now();
    let mut world = sim.world();
    let Some(id) = world.person_by_email(&b.email).map(|p| p.id.clone()) else {
        return fail(Refusal::new(404, "No person has this email."));
    };
    let token = world.issue_token(&id, now);
    Json(json!({ "accessToken": token, "tokenType": "Bearer" })).into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RevokeToken {
    access_token: String,
}

/// Revokes a token, as an administrator signing the app out in Control Hub would:
/// every later call with it gets 401.
async fn revoke(State(sim): State<Shared>, Json(b): Json<RevokeToken>) -> Response {
    sim.world().revoke_token(&b.access_token);
    Json(json!({ "revoked": true })).into_response()
}

/// The end user opens their mailbox.
async fn emails(State(sim): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Response {
    let Some(to) = q.get("to").map(|t| t.to_lowercase()) else {
        return fail(Refusal::new(400, "Give ?to=EMAIL"));
    };
    let world = sim.world();
    let list: Vec<_> = world
        .emails
        .iter()
        .filter(|e| e.to == to)
        .cloned()
        .collect();
    Json(json!({ "items": list })).into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubscriberAction {
    subscriber_id: String,
    #[serde(default)]
    email: Option<String>,
}

async fn enter_email(State(sim): State<Shared>, Json(b): Json<SubscriberAction>) -> Response {
    let now = sim.now();
    let mut world = sim.world();
    world.tick(now);
    let Some(email) = b.email else {
        return fail(Refusal::new(400, "Give the email the user enters."));
    };
    answer(
        world
            .enter_email(&b.subscriber_id, &email, now)
            .map(|s| json!(s.to_model())),
    )
}

async fn join_now(State(sim): State<Shared>, Json(b): Json<SubscriberAction>) -> Response {
    let now = sim.now();
    let mut world = sim.world();
    world.tick(now);
    answer(
        world
            .join_now(&b.subscriber_id, now)
            .map(|s| json!(s.to_model())),
    )
}

async fn activate_account(State(sim): State<Shared>, Json(b): Json<SubscriberAction>) -> Response {
    let mut world = sim.world();
    answer(
        world
            .activate_account(&b.subscriber_id)
            .map(|s| json!(s.to_model())),
    )
}

async fn log_in(State(sim): State<Shared>, Json(b): Json<ForEmail>) -> Response {
    let mut world = sim.world();
    answer(world.log_in(&b.email).map(|()| json!({ "loggedIn": true })))
}

async fn delete_old_account(State(sim): State<Shared>, Json(b): Json<ForEmail>) -> Response {
    let now = sim.now();
    let mut world = sim.world();
    world.tick(now);
    answer(world.delete_old_account(&b.email, now).map(|subs| {
        let items: Vec<_> = subs.iter().map(|s| s.to_model()).collect();
        json!({ "items": items })
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SelfActivate {
    sp_enterprise_id: String,
    user_id: String,
    email: String,
    #[serde(default)]
    provisioning_id: Option<String>,
}

async fn self_activate(State(sim): State<Shared>, Json(b): Json<SelfActivate>) -> Response {
    let now = sim.now();
    let mut world = sim.world();
    world.tick(now);
    answer(
        world
            .self_activate(
                &b.sp_enterprise_id,
                &b.user_id,
                &b.email,
                b.provisioning_id.as_deref(),
                now,
            )
            .map(|s| json!(s.to_model())),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExternalAdmin {
    org_id: String,
    email: String,
    #[serde(default)]
    role: Option<String>,
}

async fn add_external_admin(State(sim): State<Shared>, Json(b): Json<ExternalAdmin>) -> Response {
    let mut world = sim.world();
    let role = b.role.unwrap_or_else(|| FULL_ADMIN.to_string());
    answer(
        world
            .add_external_admin(&b.org_id, &b.email, &role)
            .map(|()| json!({ "added": true })),
    )
}
