//! What the customer's administrator does through `/sim`: adds a partner administrator
//! as an external administrator of the customer org (as in Control Hub).

use super::{AdminRec, Refusal, World, ROLES};
use crate::scenario::OrgKind;

impl World {
    /// The customer admin adds a partner admin as an external administrator (Control Hub).
    pub fn add_external_admin(
        &mut self,
        org_id: &str,
        email: &str,
        role: &str,
    ) -> Result<(), Refusal> {
        let Some(person) = self.person_by_email(email).cloned() else {
            return Err(Refusal::new(404, "No Webex user has this email."));
        };
        let Some(org) = self.org(org_id) else {
            return Err(Refusal::new(404, "No such organization."));
        };
        if org.kind != OrgKind::Customer {
            return Err(Refusal::new(
                400,
                "Only a customer organization has external administrators.",
            ));
        }
        if person.org_id == org_id {
            return Err(Refusal::new(
                400,
                "That person belongs to this organization: they are not external.",
            ));
        }
        if self
            .org(&person.org_id)
            .is_some_and(|o| o.kind == OrgKind::Consumer)
        {
            return Err(Refusal::new(
                400,
                "Users of a consumer organization cannot be external administrators.",
            ));
        }
        if !ROLES.iter().any(|(id, _)| *id == role) {
            return Err(Refusal::new(400, "Unknown role."));
        }
        let Some(org) = self.org_mut(org_id) else {
            return Err(Refusal::new(404, "No such organization."));
        };
        org.admins.retain(|a| a.person_id != person.id);
        org.admins.push(AdminRec {
            person_id: person.id,
            role: role.into(),
        });
        Ok(())
    }
}
