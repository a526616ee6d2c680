//! `/broadworks/enterprises`: the enterprises that have a Webex org.

use super::list::ListRequest;
use super::PartnerAdmin;
use crate::world::{EnterpriseRec, Refusal};
use axum::response::Response;
use webex::model::{DirectorySync, DirectorySyncStatus, Enterprise};

fn enterprise_model(e: &EnterpriseRec) -> Enterprise {
    Enterprise {
        id: e.id.clone(),
        org_id: e.org_id.clone(),
        sp_enterprise_id: e.sp_enterprise_id.clone(),
        provisioning_id: Some(e.provisioning_id.clone()),
        broadworks_directory_sync: Some(DirectorySync {
            enable_dir_sync: Some(false),
            directory_sync_status: Some(DirectorySyncStatus {
                sync_status: Some("NOT_SYNCED".into()),
                last_sync_start_time: None,
                last_sync_end_time: None,
            }),
        }),
    }
}

pub(super) async fn enterprises(
    list: ListRequest,
    caller: PartnerAdmin,
) -> Result<Response, Refusal> {
    let world = caller.world();
    let size = list.page_size(100, 1000)?;
    let found: Vec<_> = world
        .enterprises
        .iter()
        .filter(|e| e.org_id.is_some())
        .filter(|e| {
            list.get("spEnterpriseId")
                .is_none_or(|v| &e.sp_enterprise_id == v)
        })
        .filter(|e| {
            list.get("startsWith")
                .is_none_or(|v| e.sp_enterprise_id.starts_with(v.as_str()))
        })
        .map(enterprise_model)
        .collect();
    Ok(list.page("/broadworks/enterprises", found, size))
}
