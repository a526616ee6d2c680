//! BroadWorks workspaces (`/broadworks/workspaces`): provisioned, updated and removed by
//! id. Webex has no API to list them.

use crate::model::{NewWorkspace, Workspace, WorkspaceUpdate};
use crate::transport::item_path;
use crate::{Client, Tracked, WebexError};
use reqwest::Method;

const WORKSPACES: &str = "/broadworks/workspaces";

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
        let path = item_path(WORKSPACES, workspace_id);
        self.write(Method::PUT, &path, Some(update)).await
    }

    /// Removes a workspace (by id: Webex cannot list them).
    pub async fn remove_workspace(&self, workspace_id: &str) -> Result<Tracked<()>, WebexError> {
        let path = item_path(WORKSPACES, workspace_id);
        self.write_empty(Method::DELETE, &path).await
    }
}
