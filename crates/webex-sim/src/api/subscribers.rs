//! `/broadworks/subscribers` (list, one, provision, precheck, update, remove) and the
//! consent email (`/subscribers/{id}/emails/consentMove`).

use super::list::ListRequest;
use super::{not_found, Body, PartnerAdmin};
use crate::world::{parse_time, ProvisionRequest, Refusal};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde_json::{json, Value};
use webex::model::{
    NewSubscriber, PrecheckRequest, Subscriber, SubscriberStatus, SubscriberUpdate,
};

/// The filters of a subscriber list that need reading: each refused with a 400 when
/// it is not valid.
struct Filters {
    statuses: Vec<SubscriberStatus>,
    changed_after: Option<u64>,
    created_after: Option<u64>,
    self_activated: Option<bool>,
}

impl Filters {
    fn read(list: &ListRequest) -> Result<Filters, Refusal> {
        let mut statuses = Vec::new();
        if let Some(given) = list.get("status") {
            for s in given.split(',') {
                match SubscriberStatus::parse(s.trim()) {
                    Some(st) => statuses.push(st),
                    None => return Err(Refusal::new(400, format!("Invalid status '{s}'."))),
                }
            }
        }
        let time = |key: &str| -> Result<Option<u64>, Refusal> {
            match list.get(key) {
                None => Ok(None),
                Some(v) => parse_time(v).map(Some).ok_or_else(|| {
                    Refusal::new(
                        400,
                        format!("Invalid {key}: use epoch milliseconds or ISO 8601."),
                    )
                }),
            }
        };
        let (changed_after, created_after) = (time("lastStatusChange")?, time("after")?);
        let self_activated = match list.get("selfActivated").map(|s| s.as_str()) {
            None => None,
            Some("true") => Some(true),
            Some("false") => Some(false),
            Some(_) => {
                return Err(Refusal::new(
                    400,
                    "Invalid selfActivated: use true or false.",
                ))
            }
        };
        Ok(Filters {
            statuses,
            changed_after,
            created_after,
            self_activated,
        })
    }
}

pub(super) async fn subscribers(
    list: ListRequest,
    caller: PartnerAdmin,
) -> Result<Response, Refusal> {
    let world = caller.world();
    let size = list.page_size(50, 100)?;
    let f = Filters::read(&list)?;
    let eq =
        |key: &str, value: Option<&str>| list.get(key).is_none_or(|v| Some(v.as_str()) == value);
    let found: Vec<_> = world
        .subscribers
        .iter()
        .filter(|s| eq("userId", Some(&s.user_id)))
        .filter(|s| eq("spEnterpriseId", Some(&s.sp_enterprise_id)))
        .filter(|s| eq("provisioningId", Some(&s.provisioning_id)))
        .filter(|s| {
            list.get("email")
                .is_none_or(|v| s.email.as_deref() == Some(v.to_lowercase().as_str()))
        })
        .filter(|s| {
            list.get("personId").is_none_or(|v| {
                s.status == SubscriberStatus::Provisioned
                    && s.person_id.as_deref() == Some(v.as_str())
            })
        })
        .filter(|s| f.statuses.is_empty() || f.statuses.contains(&s.status))
        .filter(|s| f.changed_after.is_none_or(|t| s.last_status_change_ms >= t))
        .filter(|s| f.created_after.is_none_or(|t| s.created_ms > t))
        .filter(|s| f.self_activated.is_none_or(|b| s.self_activated == b))
        .map(|s| s.to_model())
        .collect();
    Ok(list.page("/broadworks/subscribers", found, size))
}

pub(super) async fn subscriber(
    Path(id): Path<String>,
    caller: PartnerAdmin,
) -> Result<Json<Subscriber>, Refusal> {
    let world = caller.world();
    let found = world.subscriber(&id).ok_or_else(not_found)?;
    Ok(Json(found.to_model()))
}

pub(super) async fn provision(
    caller: PartnerAdmin,
    Body(new): Body<NewSubscriber>,
) -> Result<Json<Subscriber>, Refusal> {
    let request = ProvisionRequest {
        body: new,
        self_activated: false,
    };
    let created = caller
        .world()
        .provision(request, &caller.me.id, caller.now)?;
    Ok(Json(created.to_model()))
}

pub(super) async fn precheck(
    caller: PartnerAdmin,
    Body(request): Body<PrecheckRequest>,
) -> Result<Json<Value>, Refusal> {
    let info = caller.world().precheck(&request, &caller.me.id)?;
    let info: Vec<_> = info
        .into_iter()
        .map(|(code, description)| json!({ "infoCode": code, "description": description }))
        .collect();
    Ok(Json(json!({ "message": "success", "info": info })))
}

pub(super) async fn update(
    Path(id): Path<String>,
    caller: PartnerAdmin,
    Body(update): Body<SubscriberUpdate>,
) -> Result<Json<Subscriber>, Refusal> {
    let updated = caller.world().update(&id, update, caller.now)?;
    Ok(Json(updated.to_model()))
}

pub(super) async fn remove(
    Path(id): Path<String>,
    caller: PartnerAdmin,
) -> Result<StatusCode, Refusal> {
    caller.world().remove(&id)?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn consent_move(
    Path(id): Path<String>,
    caller: PartnerAdmin,
) -> Result<StatusCode, Refusal> {
    caller.world().resend_consent(&id, caller.now)?;
    Ok(StatusCode::NO_CONTENT)
}
