//! The `/v1` API, shaped like Webex's (see the OpenAPI files in `shared/reference/openapi`).
//! Nothing here that the real API lacks: there is, for one, no workspace listing.
// Handlers return early with a finished answer; boxing it would only add noise.
#![allow(clippy::result_large_err)]

use crate::world::{PersonRec, Refusal, World, ROLES};
use crate::{refuse, with_tracking, Shared, Tracking};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Extension, Json, Router};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use webex::model::SubscriberStatus;

type Params = Query<HashMap<String, String>>;

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/people/me", get(people_me))
        .route("/people", get(people))
        .route("/people/{id}", get(person))
        .route("/roles", get(roles))
        .route("/roles/{id}", get(role))
        .route("/organizations", get(organizations))
        .route("/organizations/{id}", get(organization))
        .route("/licenses", get(licenses))
        .route(
            "/partner/organizations/{id}/partnerAdmins",
            get(partner_admins),
        )
        .route("/broadworks/enterprises", get(enterprises))
        .route(
            "/broadworks/subscribers",
            get(subscribers).post(provision_subscriber),
        )
        .route("/broadworks/subscribers/validate", post(precheck))
        .route(
            "/broadworks/subscribers/{id}",
            get(subscriber)
                .put(update_subscriber)
                .delete(remove_subscriber),
        )
        .route("/subscribers/{id}/emails/consentMove", post(consent_move))
        .route("/broadworks/workspaces", post(provision_workspace))
        .route(
            "/broadworks/workspaces/{id}",
            put(update_workspace).delete(remove_workspace),
        )
}

fn ok<T: Serialize>(t: &Tracking, body: T) -> Response {
    with_tracking(Json(body).into_response(), t)
}

fn no_content(t: &Tracking) -> Response {
    with_tracking(StatusCode::NO_CONTENT.into_response(), t)
}

fn body<T: DeserializeOwned>(t: &Tracking, bytes: &Bytes) -> Result<T, Response> {
    serde_json::from_slice(bytes).map_err(|e| {
        let message = e.to_string();
        let refusal = match message
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next())
        {
            Some(field) => Refusal::coded(
                400,
                crate::world::E_NULL_PARAMETER,
                format!("Mandatory parameter '{field}' is missing."),
            ),
            None => Refusal::new(400, format!("The request body is not valid: {message}")),
        };
        refuse(t, refusal)
    })
}

fn forbidden(t: &Tracking) -> Response {
    refuse(
        t,
        Refusal::new(
            403,
            "The request is understood, but it has been refused or access is not allowed.",
        ),
    )
}

fn not_found(t: &Tracking) -> Response {
    refuse(
        t,
        Refusal::new(404, "The requested resource could not be found."),
    )
}

/// `max`: default, at most `cap`; anything else is a 400 like Webex's.
fn page_size(
    t: &Tracking,
    q: &HashMap<String, String>,
    default: usize,
    cap: usize,
) -> Result<usize, Response> {
    match q.get("max").map(|s| s.as_str()) {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=cap).contains(&n) => Ok(n),
            _ => Err(refuse(
                t,
                Refusal::new(400, format!("Invalid max: use a number from 1 to {cap}.")),
            )),
        },
    }
}

/// One page of `items` with a `Link: <…>; rel="next"` when more follow. The next link
/// repeats the filters and, when the request gave no `max`, carries `max=null` as
/// Webex's links sometimes do.
fn page<T: Serialize>(
    t: &Tracking,
    headers: &HeaderMap,
    path: &str,
    q: &HashMap<String, String>,
    items: Vec<T>,
    size: usize,
) -> Response {
    let start: usize = q.get("cursor").and_then(|c| c.parse().ok()).unwrap_or(0);
    let total = items.len();
    let chunk: Vec<T> = items.into_iter().skip(start).take(size).collect();
    let mut response = ok(t, json!({ "items": chunk }));
    if start + size < total {
        let host = headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        let mut pairs: Vec<(String, String)> = q
            .iter()
            .filter(|(k, _)| k.as_str() != "cursor" && k.as_str() != "max")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        pairs.sort();
        pairs.push((
            "max".into(),
            q.get("max").cloned().unwrap_or_else(|| "null".into()),
        ));
        pairs.push(("cursor".into(), (start + size).to_string()));
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let link = format!("<http://{host}/v1{path}?{query}>; rel=\"next\"");
        if let Ok(v) = HeaderValue::from_str(&link) {
            response.headers_mut().insert("link", v);
        }
    }
    response
}

// ----- people, roles, organizations, licenses, partner admins -----

async fn people_me(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
) -> Response {
    match sim.begin(&headers, &t) {
        Ok((_, me, _)) => ok(&t, me.to_model(true)),
        Err(r) => r,
    }
}

async fn people(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Query(q): Params,
) -> Response {
    let (world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let size = match page_size(&t, &q, 100, 1000) {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Some(org) = q.get("orgId") {
        if !world.sees_org(&me, org) {
            return forbidden(&t);
        }
    }
    let email = q.get("email").map(|e| e.to_lowercase());
    let ids: Option<Vec<&str>> = q.get("id").map(|s| s.split(',').collect());
    let name = q.get("displayName").map(|n| n.to_lowercase());
    let visible = |p: &&PersonRec| match q.get("orgId") {
        Some(org) => &p.org_id == org,
        // By email, Webex looks in the caller's org and the orgs it administers.
        None if email.is_some() || ids.is_some() => world.sees_org(&me, &p.org_id),
        None => p.org_id == me.org_id,
    };
    let items: Vec<_> = world
        .people
        .iter()
        .filter(visible)
        .filter(|p| email.as_ref().is_none_or(|e| &p.email == e))
        .filter(|p| ids.as_ref().is_none_or(|ids| ids.contains(&p.id.as_str())))
        .filter(|p| {
            name.as_ref().is_none_or(|n| {
                format!("{} {}", p.first_name, p.last_name)
                    .to_lowercase()
                    .starts_with(n)
            })
        })
        .map(|p| p.to_model(false))
        .collect();
    page(&t, &headers, "/people", &q, items, size)
}

async fn person(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match world.person(&id) {
        Some(p) if p.id == me.id || world.administers(&me, &p.org_id) => ok(&t, p.to_model(true)),
        _ => not_found(&t),
    }
}

fn is_admin(world: &World, me: &PersonRec) -> bool {
    !me.roles.is_empty()
        || world
            .orgs
            .iter()
            .any(|o| o.admins.iter().any(|a| a.person_id == me.id))
}

async fn roles(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
) -> Response {
    let (world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !is_admin(&world, &me) {
        return forbidden(&t);
    }
    let items: Vec<_> = ROLES
        .iter()
        .map(|(id, name)| webex::model::Role {
            id: id.to_string(),
            name: name.to_string(),
        })
        .collect();
    ok(&t, json!({ "items": items }))
}

async fn role(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !is_admin(&world, &me) {
        return forbidden(&t);
    }
    match ROLES.iter().find(|(rid, _)| *rid == id) {
        Some((id, name)) => ok(
            &t,
            webex::model::Role {
                id: id.to_string(),
                name: name.to_string(),
            },
        ),
        None => not_found(&t),
    }
}

fn org_model(o: &crate::world::Org) -> webex::model::Organization {
    webex::model::Organization {
        id: o.id.clone(),
        display_name: Some(o.display_name.clone()),
        created: Some(crate::world::iso(o.created_ms)),
    }
}

async fn organizations(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
) -> Response {
    let (world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let items: Vec<_> = world
        .orgs
        .iter()
        .filter(|o| o.id == me.org_id || world.administers(&me, &o.id))
        .map(org_model)
        .collect();
    ok(&t, json!({ "items": items }))
}

async fn organization(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match world.org(&id) {
        Some(o) if o.id == me.org_id || world.administers(&me, &o.id) => ok(&t, org_model(o)),
        _ => forbidden(&t),
    }
}

async fn licenses(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Query(q): Params,
) -> Response {
    let (world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let org_id = q.get("orgId").cloned().unwrap_or_else(|| me.org_id.clone());
    let Some(org) = world
        .org(&org_id)
        .filter(|_| world.administers(&me, &org_id))
    else {
        return forbidden(&t);
    };
    let items: Vec<_> = org
        .licenses
        .iter()
        .map(|l| webex::model::License {
            id: l.id.clone(),
            name: Some(l.name.clone()),
            total_units: Some(l.total_units as f64),
            consumed_units: Some(l.consumed_units as f64),
            consumed_by_users: Some(l.consumed_units as f64),
            consumed_by_workspaces: Some(0.0),
            subscription_id: Some(format!("sim-subscription-{}", org.id)),
        })
        .collect();
    ok(&t, json!({ "items": items }))
}

async fn partner_admins(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Path(org_id): Path<String>,
) -> Response {
    let (world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !world.is_partner_admin(&me) || !world.administers(&me, &org_id) {
        return forbidden(&t);
    }
    let Some(org) = world.org(&org_id) else {
        return not_found(&t);
    };
    let items: Vec<_> = org
        .admins
        .iter()
        .filter_map(|a| {
            let p = world.person(&a.person_id)?;
            (p.org_id == world.partner_org_id).then(|| webex::model::PartnerAdminUser {
                id: p.id.clone(),
                display_name: Some(format!("{} {}", p.first_name, p.last_name)),
                first_name: Some(p.first_name.clone()),
                last_name: Some(p.last_name.clone()),
                emails: vec![p.email.clone()],
                role_in_customer_org: Some(a.role.clone()),
            })
        })
        .collect();
    ok(&t, json!({ "items": items }))
}

// ----- BroadWorks -----

/// The BroadWorks APIs answer partner admins only.
fn partner_only(world: &World, me: &PersonRec, t: &Tracking) -> Result<(), Response> {
    if world.is_partner_admin(me) {
        Ok(())
    } else {
        Err(forbidden(t))
    }
}

async fn enterprises(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Query(q): Params,
) -> Response {
    let (world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = partner_only(&world, &me, &t) {
        return r;
    }
    let size = match page_size(&t, &q, 100, 1000) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let items: Vec<_> = world
        .enterprises
        .iter()
        .filter(|e| e.org_id.is_some())
        .filter(|e| {
            q.get("spEnterpriseId")
                .is_none_or(|v| &e.sp_enterprise_id == v)
        })
        .filter(|e| {
            q.get("startsWith")
                .is_none_or(|v| e.sp_enterprise_id.starts_with(v.as_str()))
        })
        .map(|e| webex::model::Enterprise {
            id: e.id.clone(),
            org_id: e.org_id.clone(),
            sp_enterprise_id: e.sp_enterprise_id.clone(),
            provisioning_id: Some(e.provisioning_id.clone()),
            broadworks_directory_sync: Some(webex::model::DirectorySync {
                enable_dir_sync: Some(false),
                directory_sync_status: Some(webex::model::DirectorySyncStatus {
                    sync_status: Some("NOT_SYNCED".into()),
                    last_sync_start_time: None,
                    last_sync_end_time: None,
                }),
            }),
        })
        .collect();
    page(&t, &headers, "/broadworks/enterprises", &q, items, size)
}

async fn subscribers(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Query(q): Params,
) -> Response {
    let (world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = partner_only(&world, &me, &t) {
        return r;
    }
    let size = match page_size(&t, &q, 50, 100) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let mut statuses = Vec::new();
    if let Some(list) = q.get("status") {
        for s in list.split(',') {
            match SubscriberStatus::parse(s.trim()) {
                Some(st) => statuses.push(st),
                None => return refuse(&t, Refusal::new(400, format!("Invalid status '{s}'."))),
            }
        }
    }
    let time = |key: &str| -> Result<Option<u64>, Response> {
        match q.get(key) {
            None => Ok(None),
            Some(v) => crate::world::parse_time(v).map(Some).ok_or_else(|| {
                refuse(
                    &t,
                    Refusal::new(
                        400,
                        format!("Invalid {key}: use epoch milliseconds or ISO 8601."),
                    ),
                )
            }),
        }
    };
    let (changed_after, created_after) = match (time("lastStatusChange"), time("after")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let self_activated = match q.get("selfActivated").map(|s| s.as_str()) {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => {
            return refuse(
                &t,
                Refusal::new(400, "Invalid selfActivated: use true or false."),
            )
        }
    };
    let eq = |key: &str, value: Option<&str>| q.get(key).is_none_or(|v| Some(v.as_str()) == value);
    let items: Vec<_> = world
        .subscribers
        .iter()
        .filter(|s| eq("userId", Some(&s.user_id)))
        .filter(|s| eq("spEnterpriseId", Some(&s.sp_enterprise_id)))
        .filter(|s| eq("provisioningId", Some(&s.provisioning_id)))
        .filter(|s| {
            q.get("email")
                .is_none_or(|v| s.email.as_deref() == Some(v.to_lowercase().as_str()))
        })
        .filter(|s| {
            q.get("personId").is_none_or(|v| {
                s.status == SubscriberStatus::Provisioned
                    && s.person_id.as_deref() == Some(v.as_str())
            })
        })
        .filter(|s| statuses.is_empty() || statuses.contains(&s.status))
        .filter(|s| changed_after.is_none_or(|t| s.last_status_change_ms >= t))
        .filter(|s| created_after.is_none_or(|t| s.created_ms > t))
        .filter(|s| self_activated.is_none_or(|b| s.self_activated == b))
        .map(|s| s.to_model())
        .collect();
    page(&t, &headers, "/broadworks/subscribers", &q, items, size)
}

async fn subscriber(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = partner_only(&world, &me, &t) {
        return r;
    }
    match world.subscriber(&id) {
        Some(s) => ok(&t, s.to_model()),
        None => not_found(&t),
    }
}

async fn provision_subscriber(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let (mut world, me, now) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = partner_only(&world, &me, &t) {
        return r;
    }
    let new: webex::model::NewSubscriber = match body(&t, &bytes) {
        Ok(b) => b,
        Err(r) => return r,
    };
    match world.provision(
        crate::world::ProvisionRequest {
            body: new,
            self_activated: false,
        },
        &me.id,
        now,
    ) {
        Ok(s) => ok(&t, s.to_model()),
        Err(refusal) => refuse(&t, refusal),
    }
}

async fn precheck(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let (world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = partner_only(&world, &me, &t) {
        return r;
    }
    let req: webex::model::PrecheckRequest = match body(&t, &bytes) {
        Ok(b) => b,
        Err(r) => return r,
    };
    match world.precheck(&req, &me.id) {
        Ok(info) => {
            let info: Vec<_> = info
                .into_iter()
                .map(|(code, description)| json!({ "infoCode": code, "description": description }))
                .collect();
            ok(&t, json!({ "message": "success", "info": info }))
        }
        Err(refusal) => refuse(&t, refusal),
    }
}

async fn update_subscriber(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let (mut world, me, now) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = partner_only(&world, &me, &t) {
        return r;
    }
    let update: webex::model::SubscriberUpdate = match body(&t, &bytes) {
        Ok(b) => b,
        Err(r) => return r,
    };
    match world.update(&id, update, now) {
        Ok(s) => ok(&t, s.to_model()),
        Err(refusal) => refuse(&t, refusal),
    }
}

async fn remove_subscriber(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (mut world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = partner_only(&world, &me, &t) {
        return r;
    }
    match world.remove(&id) {
        Ok(()) => no_content(&t),
        Err(refusal) => refuse(&t, refusal),
    }
}

async fn consent_move(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (mut world, me, now) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = partner_only(&world, &me, &t) {
        return r;
    }
    match world.resend_consent(&id, now) {
        Ok(()) => no_content(&t),
        Err(refusal) => refuse(&t, refusal),
    }
}

async fn provision_workspace(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let (mut world, me, now) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = partner_only(&world, &me, &t) {
        return r;
    }
    let new: webex::model::NewWorkspace = match body(&t, &bytes) {
        Ok(b) => b,
        Err(r) => return r,
    };
    match world.provision_workspace(new, now) {
        Ok(w) => ok(&t, w.to_model()),
        Err(refusal) => refuse(&t, refusal),
    }
}

async fn update_workspace(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let (mut world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = partner_only(&world, &me, &t) {
        return r;
    }
    let update: webex::model::WorkspaceUpdate = match body(&t, &bytes) {
        Ok(b) => b,
        Err(r) => return r,
    };
    match world.update_workspace(&id, update) {
        Ok(w) => ok(&t, w.to_model()),
        Err(refusal) => refuse(&t, refusal),
    }
}

async fn remove_workspace(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let (mut world, me, _) = match sim.begin(&headers, &t) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = partner_only(&world, &me, &t) {
        return r;
    }
    match world.remove_workspace(&id) {
        Ok(()) => no_content(&t),
        Err(refusal) => refuse(&t, refusal),
    }
}
