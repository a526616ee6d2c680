//! The `/v1` API, shaped like Webex's (see the OpenAPI files in `shared/reference/openapi`).
//! Nothing here that the real API lacks: there is, for one, no workspace listing.
//!
//! Every handler is its logic only: [`Caller`] and [`PartnerAdmin`] check the bearer
//! token (401) and who may call (403), [`Body`] reads the JSON body as Webex does (400),
//! and a [`Refusal`] returned with `?` is worded as Webex's error by the `/v1` gate.

mod enterprises;
mod list;
mod organizations;
mod people;
mod subscribers;
mod workspaces;

use crate::sim::Shared;
use crate::world::{PersonRec, Refusal, World, E_NULL_PARAMETER};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use serde::de::DeserializeOwned;
use std::sync::MutexGuard;

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/people/me", get(people::me))
        .route("/people", get(people::people))
        .route("/people/{id}", get(people::person))
        .route("/roles", get(people::roles))
        .route("/roles/{id}", get(people::role))
        .route("/organizations", get(organizations::organizations))
        .route("/organizations/{id}", get(organizations::organization))
        .route("/licenses", get(organizations::licenses))
        .route(
            "/partner/organizations/{id}/partnerAdmins",
            get(organizations::partner_admins),
        )
        .route("/broadworks/enterprises", get(enterprises::enterprises))
        .route(
            "/broadworks/subscribers",
            get(subscribers::subscribers).post(subscribers::provision),
        )
        .route(
            "/broadworks/subscribers/validate",
            post(subscribers::precheck),
        )
        .route(
            "/broadworks/subscribers/{id}",
            get(subscribers::subscriber)
                .put(subscribers::update)
                .delete(subscribers::remove),
        )
        .route(
            "/subscribers/{id}/emails/consentMove",
            post(subscribers::consent_move),
        )
        .route("/broadworks/workspaces", post(workspaces::provision))
        .route(
            "/broadworks/workspaces/{id}",
            put(workspaces::update).delete(workspaces::remove),
        )
}

/// Webex's 403.
pub(crate) fn forbidden() -> Refusal {
    Refusal::new(
        403,
        "The request is understood, but it has been refused or access is not allowed.",
    )
}

/// Webex's 404.
pub(crate) fn not_found() -> Refusal {
    Refusal::new(404, "The requested resource could not be found.")
}

/// The signed-in person a `/v1` request comes from: its bearer token is known and has
/// not expired (401 otherwise). Background work due by `now` is done first.
pub(crate) struct Caller {
    sim: Shared,
    pub(crate) me: PersonRec,
    /// Sim time of the request.
    pub(crate) now: u64,
}

impl Caller {
    /// The tenant, for this request's work.
    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        self.sim.world()
    }

    /// Checks the token; with `partner_only`, also that the caller is a partner admin.
    fn admit(parts: &Parts, sim: &Shared, partner_only: bool) -> Result<Caller, Refusal> {
        let now = sim.now();
        let ttl_ms = sim.token_ttl_ms();
        let token = parts
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        let world = sim.world_at(now);
        let me = world
            .token_person(token, now, ttl_ms)
            .map_err(|message| Refusal::new(401, message))?
            .clone();
        if partner_only && !world.is_partner_admin(&me) {
            return Err(forbidden());
        }
        drop(world);
        Ok(Caller {
            sim: sim.clone(),
            me,
            now,
        })
    }
}

impl FromRequestParts<Shared> for Caller {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, sim: &Shared) -> Result<Self, Refusal> {
        Caller::admit(parts, sim, false)
    }
}

/// A caller who is a partner admin: the BroadWorks APIs answer no one else (403).
pub(crate) struct PartnerAdmin(pub(crate) Caller);

impl FromRequestParts<Shared> for PartnerAdmin {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, sim: &Shared) -> Result<Self, Refusal> {
        Caller::admit(parts, sim, true).map(PartnerAdmin)
    }
}

impl std::ops::Deref for PartnerAdmin {
    type Target = Caller;

    fn deref(&self) -> &Caller {
        &self.0
    }
}

/// A JSON body, refused as Webex refuses one: 400, with error 1001 when a mandatory
/// field is missing.
pub(crate) struct Body<T>(pub(crate) T);

impl<T: DeserializeOwned> FromRequest<Shared> for Body<T> {
    type Rejection = Response;

    async fn from_request(req: Request, sim: &Shared) -> Result<Self, Response> {
        let bytes = Bytes::from_request(req, sim)
            .await
            .map_err(IntoResponse::into_response)?;
        serde_json::from_slice(&bytes)
            .map(Body)
            .map_err(|e| body_refusal(&e.to_string()).into_response())
    }
}

fn body_refusal(message: &str) -> Refusal {
    match message
        .strip_prefix("missing field `")
        .and_then(|m| m.split('`').next())
    {
        Some(field) => Refusal::coded(
            400,
            E_NULL_PARAMETER,
            format!("Mandatory parameter '{field}' is missing."),
        ),
        None => Refusal::new(400, format!("The request body is not valid: {message}")),
    }
}
