//! `/organizations`, `/licenses` and `/partner/organizations/{id}/partnerAdmins`.

use super::list::items;
use super::list::ListRequest;
use super::{forbidden, not_found, Caller};
use crate::world::{iso, Org, Refusal};
use axum::extract::Path;
use axum::Json;
use serde_json::Value;
use webex::model::{License, Organization, PartnerAdminUser};

fn org_model(o: &Org) -> Organization {
    Organization {
        id: o.id.clone(),
        display_name: Some(o.display_name.clone()),
        created: Some(iso(o.created_ms)),
    }
}

pub(super) async fn organizations(caller: Caller) -> Json<Value> {
    let (world, me) = (caller.world(), &caller.me);
    items(
        world
            .orgs
            .iter()
            .filter(|o| o.id == me.org_id || world.administers(me, &o.id))
            .map(org_model)
            .collect(),
    )
}

pub(super) async fn organization(
    Path(id): Path<String>,
    caller: Caller,
) -> Result<Json<Organization>, Refusal> {
    let (world, me) = (caller.world(), &caller.me);
    match world.org(&id) {
        Some(o) if o.id == me.org_id || world.administers(me, &o.id) => Ok(Json(org_model(o))),
        _ => Err(forbidden()),
    }
}

pub(super) async fn licenses(list: ListRequest, caller: Caller) -> Result<Json<Value>, Refusal> {
    let (world, me) = (caller.world(), &caller.me);
    let org_id = list
        .get("orgId")
        .cloned()
        .unwrap_or_else(|| me.org_id.clone());
    let Some(org) = world
        .org(&org_id)
        .filter(|_| world.administers(me, &org_id))
    else {
        return Err(forbidden());
    };
    Ok(items(
        org.licenses
            .iter()
            .map(|l| License {
                id: l.id.clone(),
                name: Some(l.name.clone()),
                total_units: Some(l.total_units as f64),
                consumed_units: Some(l.consumed_units as f64),
                consumed_by_users: Some(l.consumed_units as f64),
                consumed_by_workspaces: Some(0.0),
                subscription_id: Some(format!("sim-subscription-{}", org.id)),
            })
            .collect(),
    ))
}

pub(super) async fn partner_admins(
    Path(org_id): Path<String>,
    caller: Caller,
) -> Result<Json<Value>, Refusal> {
    let (world, me) = (caller.world(), &caller.me);
    if !world.is_partner_admin(me) || !world.administers(me, &org_id) {
        return Err(forbidden());
    }
    let org = world.org(&org_id).ok_or_else(not_found)?;
    Ok(items(
        org.admins
            .iter()
            .filter_map(|a| {
                let p = world.person(&a.person_id)?;
                (p.org_id == world.partner_org_id).then(|| PartnerAdminUser {
                    id: p.id.clone(),
                    display_name: Some(format!("{} {}", p.first_name, p.last_name)),
                    first_name: Some(p.first_name.clone()),
                    last_name: Some(p.last_name.clone()),
                    emails: vec![p.email.clone()],
                    role_in_customer_org: Some(a.role.clone()),
                })
            })
            .collect(),
    ))
}
