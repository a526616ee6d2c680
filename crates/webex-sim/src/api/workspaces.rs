//! `/broadworks/workspaces`: provision, update and remove by id (no listing, as in Webex).

use super::{Body, PartnerAdmin};
use crate::world::Refusal;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Json;
use webex::model::{NewWorkspace, Workspace, WorkspaceUpdate};

pub(super) async fn provision(
    caller: PartnerAdmin,
    Body(new): Body<NewWorkspace>,
) -> Result<Json<Workspace>, Refusal> {
    let workspace = caller.world().provision_workspace(new, caller.now)?;
    Ok(Json(workspace.to_model()))
}

pub(super) async fn update(
    Path(id): Path<String>,
    caller: PartnerAdmin,
    Body(update): Body<WorkspaceUpdate>,
) -> Result<Json<Workspace>, Refusal> {
    let workspace = caller.world().update_workspace(&id, update)?;
    Ok(Json(workspace.to_model()))
}

pub(super) async fn remove(
    Path(id): Path<String>,
    caller: PartnerAdmin,
) -> Result<StatusCode, Refusal> {
    caller.world().remove_workspace(&id)?;
    Ok(StatusCode::NO_CONTENT)
}
