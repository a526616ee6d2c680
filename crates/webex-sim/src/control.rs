//! The `/sim` control API: what the end user, the customer admin and the clock do, plus
//! faults, reset, saving state and a look at everything. Answers are plain JSON; errors
//! are `{"message": …}` with a 4xx status.

use crate::answers::PlainRefusal;
use crate::faults::Faults;
use crate::sim::Sim;
use crate::sim::{lock, Shared};
use crate::world::{Refusal, FULL_ADMIN};
use axum::extract::{Query, State};
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

/// What a control handler answers: JSON, or `{"message": …}` with a 4xx status.
type Answer = Result<Json<Value>, PlainRefusal>;

fn refused(status: u16, message: impl Into<String>) -> PlainRefusal {
    PlainRefusal(Refusal::new(status, message))
}

async fn state(State(sim): State<Shared>) -> Json<Value> {
    let world = sim.world_at(sim.now());
    let mut v = serde_json::to_value(&*world).unwrap_or(Value::Null);
    // The control API is for demos and tests; tokens are not shown even here.
    if let Some(obj) = v.as_object_mut() {
        obj.remove("tokens");
    }
    Json(v)
}

async fn save(State(sim): State<Shared>) -> Answer {
    let path = sim.save().map_err(|e| refused(409, e.to_string()))?;
    Ok(Json(json!({ "saved": path.display().to_string() })))
}

async fn reset(State(sim): State<Shared>) -> Answer {
    sim.reset().map_err(|e| refused(500, e.to_string()))?;
    Ok(Json(json!({ "reset": true })))
}

fn clock_json(sim: &Sim) -> Json<Value> {
    let now = sim.now();
    Json(json!({ "now": crate::world::iso(now), "nowMs": now }))
}

async fn clock(State(sim): State<Shared>) -> Json<Value> {
    clock_json(&sim)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Advance {
    seconds: f64,
}

async fn advance(State(sim): State<Shared>, Json(a): Json<Advance>) -> Answer {
    if !(a.seconds.is_finite() && a.seconds >= 0.0) {
        return Err(refused(400, "seconds must be a number ≥ 0"));
    }
    lock(&sim.clock).advanced_ms += (a.seconds * 1000.0) as u64;
    drop(sim.world_at(sim.now()));
    Ok(clock_json(&sim))
}

async fn faults(State(sim): State<Shared>) -> Json<Faults> {
    Json(lock(&sim.faults).faults.clone())
}

async fn set_faults(
    State(sim): State<Shared>,
    Json(f): Json<Faults>,
) -> Result<Json<Faults>, PlainRefusal> {
    let shares_ok = [f.server_error_share, f.drop_after_effect_share]
        .iter()
        .all(|s| (0.0..=1.0).contains(s));
    if !shares_ok {
        return Err(refused(400, "shares go from 0 to 1"));
    }
    lock(&sim.faults).faults = f.clone();
    Ok(Json(f))
}

async fn stats(State(sim): State<Shared>) -> Json<Value> {
    let faults = lock(&sim.faults).stats.clone();
    let counters = sim.world().counters.clone();
    Json(json!({ "faults": faults, "counters": counters }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ForEmail {
    email: String,
}

/// A demo token for any person of the tenant (e.g. a customer admin).
async fn token(State(sim): State<Shared>, Json(b): Json<ForEmail>) -> Answer {
    let now = sim.now();
    let mut world = sim.world();
    let Some(id) = world.person_by_email(&b.email).map(|p| p.id.clone()) else {
        return Err(refused(404, "No person has this email."));
    };
    let token = world.issue_token(&id, now);
    Ok(Json(json!({ "accessToken": token, "tokenType": "Bearer" })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RevokeToken {
    access_token: String,
}

/// Revokes a token, as an administrator signing the app out in Control Hub would:
/// every later call with it gets 401.
async fn revoke(State(sim): State<Shared>, Json(b): Json<RevokeToken>) -> Json<Value> {
    sim.world().revoke_token(&b.access_token);
    Json(json!({ "revoked": true }))
}

/// The end user opens their mailbox.
async fn emails(State(sim): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Answer {
    let Some(to) = q.get("to").map(|t| t.to_lowercase()) else {
        return Err(refused(400, "Give ?to=EMAIL"));
    };
    let world = sim.world();
    let list: Vec<_> = world
        .emails
        .iter()
        .filter(|e| e.to == to)
        .cloned()
        .collect();
    Ok(Json(json!({ "items": list })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubscriberAction {
    subscriber_id: String,
    #[serde(default)]
    email: Option<String>,
}

async fn enter_email(State(sim): State<Shared>, Json(b): Json<SubscriberAction>) -> Answer {
    let now = sim.now();
    let mut world = sim.world_at(now);
    let Some(email) = b.email else {
        return Err(refused(400, "Give the email the user enters."));
    };
    let s = world.enter_email(&b.subscriber_id, &email, now)?;
    Ok(Json(json!(s.to_model())))
}

async fn join_now(State(sim): State<Shared>, Json(b): Json<SubscriberAction>) -> Answer {
    let now = sim.now();
    let s = sim.world_at(now).join_now(&b.subscriber_id, now)?;
    Ok(Json(json!(s.to_model())))
}

async fn activate_account(State(sim): State<Shared>, Json(b): Json<SubscriberAction>) -> Answer {
    let s = sim.world().activate_account(&b.subscriber_id)?;
    Ok(Json(json!(s.to_model())))
}

async fn log_in(State(sim): State<Shared>, Json(b): Json<ForEmail>) -> Answer {
    sim.world().log_in(&b.email)?;
    Ok(Json(json!({ "loggedIn": true })))
}

async fn delete_old_account(State(sim): State<Shared>, Json(b): Json<ForEmail>) -> Answer {
    let now = sim.now();
    let subs = sim.world_at(now).delete_old_account(&b.email, now)?;
    let items: Vec<_> = subs.iter().map(|s| s.to_model()).collect();
    Ok(Json(json!({ "items": items })))
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

async fn self_activate(State(sim): State<Shared>, Json(b): Json<SelfActivate>) -> Answer {
    let now = sim.now();
    let s = sim.world_at(now).self_activate(
        &b.sp_enterprise_id,
        &b.user_id,
        &b.email,
        b.provisioning_id.as_deref(),
        now,
    )?;
    Ok(Json(json!(s.to_model())))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExternalAdmin {
    org_id: String,
    email: String,
    #[serde(default)]
    role: Option<String>,
}

async fn add_external_admin(State(sim): State<Shared>, Json(b): Json<ExternalAdmin>) -> Answer {
    let role = b.role.unwrap_or_else(|| FULL_ADMIN.to_string());
    sim.world().add_external_admin(&b.org_id, &b.email, &role)?;
    Ok(Json(json!({ "added": true })))
}
