//! `/people` and `/roles`.

use super::list::{items, ListRequest};
use super::{forbidden, not_found, Caller};
use crate::world::{PersonRec, Refusal, World, ROLES};
use axum::extract::Path;
use axum::response::Response;
use axum::Json;
use webex::model::{Person, Role};

pub(super) async fn me(caller: Caller) -> Json<Person> {
    Json(caller.me.to_model(true))
}

pub(super) async fn people(list: ListRequest, caller: Caller) -> Result<Response, Refusal> {
    let (world, me) = (caller.world(), &caller.me);
    let size = list.page_size(100, 1000)?;
    if let Some(org) = list.get("orgId") {
        if !world.sees_org(me, org) {
            return Err(forbidden());
        }
    }
    let email = list.get("email").map(|e| e.to_lowercase());
    let ids: Option<Vec<&str>> = list.get("id").map(|s| s.split(',').collect());
    let name = list.get("displayName").map(|n| n.to_lowercase());
    let visible = |p: &&PersonRec| match list.get("orgId") {
        Some(org) => &p.org_id == org,
        // By email, Webex looks in the caller's org and the orgs it administers.
        None if email.is_some() || ids.is_some() => world.sees_org(me, &p.org_id),
        None => p.org_id == me.org_id,
    };
    let found: Vec<_> = world
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
    Ok(list.page("/people", found, size))
}

pub(super) async fn person(
    Path(id): Path<String>,
    caller: Caller,
) -> Result<Json<Person>, Refusal> {
    let (world, me) = (caller.world(), &caller.me);
    match world.person(&id) {
        Some(p) if p.id == me.id || world.administers(me, &p.org_id) => Ok(Json(p.to_model(true))),
        _ => Err(not_found()),
    }
}

/// The roles answer administrators only (of their own org, or as a partner or
/// external admin of another).
fn admin_only(caller: &Caller) -> Result<(), Refusal> {
    let world: &World = &caller.world();
    let me = &caller.me;
    let is_admin = !me.roles.is_empty()
        || world
            .orgs
            .iter()
            .any(|o| o.admins.iter().any(|a| a.person_id == me.id));
    if is_admin {
        Ok(())
    } else {
        Err(forbidden())
    }
}

fn role_model((id, name): &(&str, &str)) -> Role {
    Role {
        id: id.to_string(),
        name: name.to_string(),
    }
}

pub(super) async fn roles(caller: Caller) -> Result<Json<serde_json::Value>, Refusal> {
    admin_only(&caller)?;
    Ok(items(ROLES.iter().map(role_model).collect()))
}

pub(super) async fn role(Path(id): Path<String>, caller: Caller) -> Result<Json<Role>, Refusal> {
    admin_only(&caller)?;
    match ROLES.iter().find(|(rid, _)| *rid == id) {
        Some(role) => Ok(Json(role_model(role))),
        None => Err(not_found()),
    }
}
