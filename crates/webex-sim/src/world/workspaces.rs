//! BroadWorks workspaces: provisioned for an enterprise that has an org, updated and
//! removed by id (Webex cannot list them).

use super::refusal::require_params;
use super::{Refusal, WorkspaceRec, World};

impl World {
    /// `POST /broadworks/workspaces`.
    pub fn provision_workspace(
        &mut self,
        w: webex::model::NewWorkspace,
        now: u64,
    ) -> Result<WorkspaceRec, Refusal> {
        require_params(
            &[
                ("provisioningId", &w.provisioning_id),
                ("userId", &w.user_id),
                ("spEnterpriseId", &w.sp_enterprise_id),
                ("displayName", &w.display_name),
            ],
            None,
        )?;
        self.template(&w.provisioning_id)?;
        if self
            .enterprise(&w.sp_enterprise_id)
            .is_none_or(|e| e.org_id.is_none())
        {
            return Err(Refusal::new(
                404,
                "The enterprise has no Webex organization yet: provision a subscriber first.",
            ));
        }
        if self
            .workspaces
            .iter()
            .any(|x| x.sp_enterprise_id == w.sp_enterprise_id && x.user_id == w.user_id)
        {
            return Err(Refusal::already_associated("workspace"));
        }
        let rec = WorkspaceRec {
            id: self.new_id("ws"),
            provisioning_id: w.provisioning_id,
            user_id: w.user_id,
            sp_enterprise_id: w.sp_enterprise_id,
            display_name: w.display_name,
            primary_phone_number: w.primary_phone_number,
            extension: w.extension,
            created_ms: now,
        };
        self.workspaces.push(rec.clone());
        Ok(rec)
    }

    /// `PUT /broadworks/workspaces/{id}`.
    pub fn update_workspace(
        &mut self,
        id: &str,
        u: webex::model::WorkspaceUpdate,
    ) -> Result<WorkspaceRec, Refusal> {
        let Some(w) = self.workspaces.iter_mut().find(|w| w.id == id) else {
            return Err(Refusal::new(404, "Workspace not found."));
        };
        if let Some(v) = u.user_id {
            w.user_id = v;
        }
        if let Some(v) = u.primary_phone_number {
            w.primary_phone_number = (!v.is_empty()).then_some(v);
        }
        if let Some(v) = u.extension {
            w.extension = (!v.is_empty()).then_some(v);
        }
        Ok(w.clone())
    }

    /// `DELETE /broadworks/workspaces/{id}`.
    pub fn remove_workspace(&mut self, id: &str) -> Result<(), Refusal> {
        let before = self.workspaces.len();
        self.workspaces.retain(|w| w.id != id);
        if before == self.workspaces.len() {
            return Err(Refusal::new(404, "Workspace not found."));
        }
        Ok(())
    }
}
