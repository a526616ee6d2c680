//! Checks that verify a step: the partner is a Full Administrator of an organization,
//! an organization is attached to an enterprise.

use super::form::required;
use super::{ActionContext, CheckResult};
use crate::evidence::Proof;
use crate::{Actions, EngineError};
use webex::EnterpriseFilter;

impl Actions<'_> {
    /// Whether the signed-in partner admin now holds Full Administrator in the org.
    pub async fn verify_full_admin(
        self,
        ctx: &ActionContext,
        org_id: &str,
    ) -> Result<CheckResult, EngineError> {
        let org_id = required("target", org_id, "the customer's Webex organization id")?;
        let (client, who) = self.signed_in().await?;
        let result = client.partner_admins(org_id).await;
        self.record(
            ctx,
            who.as_deref(),
            &client,
            "verify-full-admin",
            org_id,
            &result,
        )?;
        let me = who.clone().unwrap_or_default();
        let me = if me.is_empty() {
            "your account"
        } else {
            me.as_str()
        };
        let must_add = format!("The customer's administrator must add {me} as an external administrator with Full Administrator rights.");
        let (full_admin, text) = match &result {
            Ok(admins) => {
                let yes = admins.iter().any(|a| {
                    a.emails.iter().any(|e| e.eq_ignore_ascii_case(me))
                        && a.role_in_customer_org.as_deref() == Some("id_full_admin")
                });
                let text = if yes {
                    "Done: you are a Full Administrator of this customer's organization.".to_string()
                } else {
                    format!("Not yet: {me} is not a Full Administrator of this organization. {must_add}")
                };
                (yes, text)
            }
            // Webex shows a partner only the organizations it manages.
            Err(e) if matches!(e.status(), Some(403 | 404)) => (
                false,
                format!("The organization {org_id} was not found among those you manage — check the id. If it is right, you are not an administrator of it yet. {must_add}"),
            ),
            Err(e) => return Err(self.explained(e, who.as_deref())),
        };
        if full_admin {
            let detail = format!("You are a Full Administrator of the organization {org_id}");
            self.prove(ctx, Proof::Check, "verify-full-admin", org_id, &detail)?;
        }
        Ok(CheckResult {
            ok: full_admin,
            text,
        })
    }

    /// Whether an enterprise is now attached to a Webex organization.
    pub async fn verify_org_attached(
        self,
        ctx: &ActionContext,
        sp_enterprise_id: &str,
    ) -> Result<CheckResult, EngineError> {
        let sp_enterprise_id =
            required("target", sp_enterprise_id, "the BroadWorks enterprise id")?;
        let (client, who) = self.signed_in().await?;
        let filter = EnterpriseFilter {
            sp_enterprise_id: Some(sp_enterprise_id.into()),
            ..Default::default()
        };
        let result = client.enterprises(&filter).await;
        self.record(
            ctx,
            who.as_deref(),
            &client,
            "verify-org-attached",
            sp_enterprise_id,
            &result,
        )?;
        let list = result.map_err(|e| self.explained(&e, who.as_deref()))?;
        let org = list
            .iter()
            .find(|e| e.sp_enterprise_id == sp_enterprise_id)
            .and_then(|e| e.org_id.clone());
        if let Some(org) = &org {
            let detail =
                format!("Webex shows {sp_enterprise_id} attached to the organization {org}");
            self.prove(
                ctx,
                Proof::Check,
                "verify-org-attached",
                sp_enterprise_id,
                &detail,
            )?;
        }
        Ok(match org {
            Some(org) => CheckResult {
                ok: true,
                text: format!("Done: {sp_enterprise_id} is attached to the Webex organization {org}."),
            },
            None => CheckResult {
                ok: false,
                text: format!("Not yet: {sp_enterprise_id} has no Webex organization. It gets one when its first user is provisioned."),
            },
        })
    }
}
