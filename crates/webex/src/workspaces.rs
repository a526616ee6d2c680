//! BroadWorks workspaces (`/broadworks/workspaces`): provisioned, updated and removed by
//! id. Webex has no API to list them.

use crate::model::{NewWorkspace, Workspace, WorkspaceUpdate};
use crate::transport::item_path;
use crate::{Client, Tracked, WebexError};
use reqwest::Method;

const WORKSPACES: &str = "/broadworks/workspaces";

/// The spec's `workspaceId` is 1 to 256 characters.
const MAX_WORKSPACE_ID: usize = 256;

/// `/broadworks/workspaces/{id}`; an id the spec's path cannot hold is refused unsent.
fn workspace_path(workspace_id: &str) -> Result<String, WebexError> {
    if workspace_id.chars().count() > MAX_WORKSPACE_ID {
        return Err(WebexError::InvalidRequest(format!(
            "a workspace id is at most {MAX_WORKSPACE_ID} characters"
        )));
    }
    item_path(WORKSPACES, workspace_id)
}

impl Client {
    /// Provisions a workspace for an existing customer.
    pub async fn provision_workspace(
        &self,
        workspace: &NewWorkspace,
    ) -> Result<Tracked<Workspace>, WebexError> {
        self.write(Method::POST, WORKSPACES, Some(workspace)).await
    }

    /// Updates a workspace.
    pub async fn update_workspace(
        &self,
        workspace_id: &str,
        update: &WorkspaceUpdate,
    ) -> Result<Tracked<Workspace>, WebexError> {
        let path = workspace_path(workspace_id)?;
        self.write(Method::PUT, &path, Some(update)).await
    }

    /// Removes a workspace (by id: Webex cannot list them).
    pub async fn remove_workspace(&self, workspace_id: &str) -> Result<Tracked<()>, WebexError> {
        let path = workspace_path(workspace_id)?;
        self.write_empty(Method::DELETE, &path).await
    }
}
