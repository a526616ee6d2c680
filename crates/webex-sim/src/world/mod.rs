//! The tenant's state and its rules: orgs, people, enterprises, subscribers and their
//! state machine, workspaces, the end user's mailbox. Pure data and functions; the HTTP
//! layers (`api`, `control`) call into it under one lock.

mod clock;
mod customer_admin;
mod end_user;
mod orgs;
mod records;
mod refusal;
mod seed;
mod subscribers;
mod tokens;
mod workspaces;

pub use clock::{iso, parse_time, real_now_ms};
pub use records::*;
pub use refusal::*;
pub use subscribers::{
    ProvisionRequest, INFO_OK, INFO_SIM_APPROVAL_NEEDED, INFO_SIM_EXISTING_ACCOUNT,
    INFO_SIM_EXISTING_ORG, INFO_SIM_NEW_ORG,
};

use webex::model::SubscriberStatus;

/// Role ids. Webex's real ids are opaque; the app reads role names from `GET /roles`.
pub const FULL_ADMIN: &str = "id_full_admin";
/// Provisioning Administrator: what a partner gets on an automatic attach.
pub const PROVISIONING_ADMIN: &str = "id_provisioning_admin";

/// The roles `GET /roles` lists.
pub const ROLES: [(&str, &str); 5] = [
    (FULL_ADMIN, "Full Administrator"),
    ("id_user_admin", "User Administrator"),
    ("id_readonly_admin", "Read-only Administrator"),
    ("id_device_admin", "Device Administrator"),
    (PROVISIONING_ADMIN, "Provisioning Administrator"),
];

impl World {
    /// A fresh id with a readable prefix.
    pub fn new_id(&mut self, kind: &str) -> String {
        let n = self.next_id;
        self.next_id += 1;
        format!("sim-{kind}-{n:05}")
    }

    fn customer_name(&self, sp_enterprise_id: &str) -> String {
        self.broadworks_names
            .iter()
            .find(|(id, _)| id == sp_enterprise_id)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| {
                sp_enterprise_id
                    .rsplit('+')
                    .next()
                    .unwrap_or(sp_enterprise_id)
                    .to_string()
            })
    }

    /// The person the demo token signs in as, as `GET /people/me` shows them, and their
    /// org's name: known from the world alone, before any server runs.
    pub fn signed_in(&self) -> Option<(webex::model::Person, String)> {
        let me = self.person(&self.signed_in_person_id)?;
        let org = self.org(&me.org_id)?;
        Some((me.to_model(true), org.display_name.clone()))
    }

    pub fn org(&self, id: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.id == id)
    }

    pub fn org_mut(&mut self, id: &str) -> Option<&mut Org> {
        self.orgs.iter_mut().find(|o| o.id == id)
    }

    pub fn person(&self, id: &str) -> Option<&PersonRec> {
        self.people.iter().find(|p| p.id == id)
    }

    pub fn person_by_email(&self, email: &str) -> Option<&PersonRec> {
        let email = email.to_lowercase();
        self.people.iter().find(|p| p.email == email)
    }

    pub fn enterprise(&self, sp_enterprise_id: &str) -> Option<&EnterpriseRec> {
        self.enterprises
            .iter()
            .find(|e| e.sp_enterprise_id == sp_enterprise_id)
    }

    pub fn subscriber(&self, id: &str) -> Option<&SubscriberRec> {
        self.subscribers.iter().find(|s| s.id == id)
    }

    pub fn subscriber_mut(&mut self, id: &str) -> Option<&mut SubscriberRec> {
        self.subscribers.iter_mut().find(|s| s.id == id)
    }

    fn add_person(
        &mut self,
        org_id: &str,
        email: &str,
        first: &str,
        last: &str,
        now: u64,
    ) -> String {
        let id = self.new_id("person");
        self.people.push(PersonRec {
            id: id.clone(),
            org_id: org_id.into(),
            email: email.to_lowercase(),
            first_name: first.into(),
            last_name: last.into(),
            roles: Vec::new(),
            licenses: Vec::new(),
            created_ms: now,
            logged_in: false,
        });
        id
    }

    /// The onboarding template a `provisioningId` names (400 when none).
    pub fn template(&self, provisioning_id: &str) -> Result<&Template, Refusal> {
        self.templates
            .iter()
            .find(|t| t.provisioning_id == provisioning_id)
            .ok_or_else(Refusal::unknown_template)
    }

    /// True when this BroadWorks user of this enterprise is a subscriber already.
    pub fn has_subscriber(&self, sp_enterprise_id: &str, user_id: &str) -> bool {
        self.subscribers
            .iter()
            .any(|s| s.sp_enterprise_id == sp_enterprise_id && s.user_id == user_id)
    }

    /// The subscriber, when it is in `status`: 404 when there is none, 409 saying `why`
    /// when it is in another status.
    pub fn subscriber_in(
        &mut self,
        id: &str,
        status: SubscriberStatus,
        why: &str,
    ) -> Result<&mut SubscriberRec, Refusal> {
        let s = self.subscriber_mut(id).ok_or_else(Refusal::no_subscriber)?;
        if s.status != status {
            return Err(Refusal::new(409, why));
        }
        Ok(s)
    }
}
