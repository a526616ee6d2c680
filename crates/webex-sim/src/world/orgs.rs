//! Who administers which org, and how an enterprise gets its Webex org: attached to an
//! existing customer org (with or without the customer's approval) or a new one.

use super::{AdminRec, Org, PersonRec, Refusal, World, FULL_ADMIN, PROVISIONING_ADMIN};
use crate::scenario::OrgKind;

/// How the first subscriber's enterprise got its org.
pub(super) enum OrgOutcome {
    Existing,
    Attached,
    Created,
    ApprovalRequired,
}

impl World {
    /// Orgs the person administers: their own (if they hold an admin role) and those
    /// where they are a partner or external admin.
    pub fn administers(&self, person: &PersonRec, org_id: &str) -> bool {
        (person.org_id == org_id && !person.roles.is_empty())
            || self
                .org(org_id)
                .is_some_and(|o| o.admins.iter().any(|a| a.person_id == person.id))
    }

    /// Whether the person can see the org's people at all (own org always).
    pub fn sees_org(&self, person: &PersonRec, org_id: &str) -> bool {
        person.org_id == org_id || self.administers(person, org_id)
    }

    /// True for a partner admin (an admin of the partner org): only they use the
    /// BroadWorks APIs.
    pub fn is_partner_admin(&self, person: &PersonRec) -> bool {
        person.org_id == self.partner_org_id && !person.roles.is_empty()
    }

    /// Attaching to this org needs the customer's approval (≥100 users, or a verified
    /// or claimed domain).
    pub fn needs_approval(&self, org: &Org) -> bool {
        let users = self.people.iter().filter(|p| p.org_id == org.id).count();
        users >= 100 || !org.verified_domains.is_empty() || !org.claimed_domains.is_empty()
    }

    /// Customer org of an existing user with this email (not consumer, not partner).
    pub(super) fn customer_org_of(&self, email: &str) -> Option<&Org> {
        let person = self.person_by_email(email)?;
        self.org(&person.org_id)
            .filter(|o| o.kind == OrgKind::Customer)
    }

    /// The consumer (free / self-signup) account with this email.
    pub fn consumer_account(&self, email: &str) -> Option<&PersonRec> {
        self.person_by_email(email).filter(|p| {
            self.org(&p.org_id)
                .is_some_and(|o| o.kind == OrgKind::Consumer)
        })
    }

    fn org_has_enterprise(&self, org_id: &str) -> bool {
        self.enterprises
            .iter()
            .any(|e| e.org_id.as_deref() == Some(org_id))
    }

    pub(super) fn has_full_admin(&self, org: &Org, person_id: &str) -> bool {
        org.admins
            .iter()
            .any(|a| a.person_id == person_id && a.role == FULL_ADMIN)
    }

    /// Makes sure the enterprise has a Webex org, attaching or creating one the way
    /// Webex does for the first subscriber.
    pub(super) fn ensure_org(
        &mut self,
        sp_enterprise_id: &str,
        email: &str,
        caller_id: &str,
        now: u64,
    ) -> Result<OrgOutcome, Refusal> {
        let Some(ent) = self.enterprise(sp_enterprise_id).cloned() else {
            return Err(Refusal::new(404, "Unknown enterprise."));
        };
        if ent.org_id.is_some() {
            return Ok(OrgOutcome::Existing);
        }
        if let Some(org) = self.customer_org_of(email).cloned() {
            if self.org_has_enterprise(&org.id) {
                return Err(Refusal::new(
                    409,
                    "The organization of this email is already associated with another enterprise.",
                ));
            }
            if self.needs_approval(&org) && !self.has_full_admin(&org, caller_id) {
                return Ok(OrgOutcome::ApprovalRequired);
            }
            let active = org.licenses.iter().any(|l| l.status == "active");
            let role = if active {
                PROVISIONING_ADMIN
            } else {
                FULL_ADMIN
            };
            if let Some(o) = self.org_mut(&org.id) {
                if !o.admins.iter().any(|a| a.person_id == caller_id) {
                    o.admins.push(AdminRec {
                        person_id: caller_id.into(),
                        role: role.into(),
                    });
                }
            }
            self.set_enterprise_org(sp_enterprise_id, &org.id);
            return Ok(OrgOutcome::Attached);
        }
        let org_id = self.new_id("org");
        self.orgs.push(Org {
            id: org_id.clone(),
            display_name: ent.customer_name.clone(),
            kind: OrgKind::Customer,
            created_ms: now,
            verified_domains: Vec::new(),
            claimed_domains: Vec::new(),
            licenses: Vec::new(),
            admins: vec![AdminRec {
                person_id: caller_id.into(),
                role: FULL_ADMIN.into(),
            }],
        });
        self.set_enterprise_org(sp_enterprise_id, &org_id);
        Ok(OrgOutcome::Created)
    }

    fn set_enterprise_org(&mut self, sp_enterprise_id: &str, org_id: &str) {
        if let Some(e) = self
            .enterprises
            .iter_mut()
            .find(|e| e.sp_enterprise_id == sp_enterprise_id)
        {
            e.org_id = Some(org_id.into());
        }
    }
}
