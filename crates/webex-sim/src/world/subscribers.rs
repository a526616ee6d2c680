//! BroadWorks subscribers and their state machine: provisioning (with consent, email
//! validation or the customer's approval on the way), precheck, update, removal, and
//! the background work that finishes `provisioning` and `updating`.

use super::orgs::OrgOutcome;
use super::refusal::require_params;
use super::{
    DueOutcome, EnterpriseRec, Refusal, SubscriberRec, World, E_APPROVAL_REQUIRED,
    E_NULL_PARAMETER, FULL_ADMIN,
};
use webex::model::{SubscriberError, SubscriberStatus};

/// Precheck info codes. 100 is Webex's; the 91xx codes are the simulator's own.
pub const INFO_OK: i64 = 100;
/// Simulator's: an existing (consumer) Webex account uses the email.
pub const INFO_SIM_EXISTING_ACCOUNT: i64 = 9101;
/// Simulator's: the email belongs to a user of an existing customer org (attach).
pub const INFO_SIM_EXISTING_ORG: i64 = 9102;
/// Simulator's: attaching to that org needs the customer's approval.
pub const INFO_SIM_APPROVAL_NEEDED: i64 = 9103;
/// Simulator's: no org matches; a new customer org will be created.
pub const INFO_SIM_NEW_ORG: i64 = 9104;

/// What a new subscriber request carries (POST body or self-activation).
pub struct ProvisionRequest {
    pub body: webex::model::NewSubscriber,
    pub self_activated: bool,
}

impl World {
    /// Runs background work that is due at sim time `now`.
    pub fn tick(&mut self, now: u64) {
        self.clock_ms = self.clock_ms.max(now);
        let due: Vec<String> = self
            .subscribers
            .iter()
            .filter(|s| s.due_ms.is_some_and(|d| d <= now))
            .map(|s| s.id.clone())
            .collect();
        for id in due {
            self.complete(&id, now);
        }
    }

    pub(super) fn set_status(sub: &mut SubscriberRec, status: SubscriberStatus, now: u64) {
        if sub.status != status {
            sub.status = status;
            sub.last_status_change_ms = now;
        }
    }

    fn complete(&mut self, id: &str, now: u64) {
        let Some(sub) = self.subscriber(id).cloned() else {
            return;
        };
        let outcome = sub.due_outcome.unwrap_or(DueOutcome::Provisioned);
        let org_id = self
            .enterprise(&sub.sp_enterprise_id)
            .and_then(|e| e.org_id.clone());
        let mut person_id = sub.person_id.clone();
        if outcome == DueOutcome::Provisioned {
            let (Some(org_id), Some(email)) = (org_id, sub.email.clone()) else {
                return;
            };
            let existing = self
                .person_by_email(&email)
                .filter(|p| p.org_id == org_id)
                .map(|p| p.id.clone());
            let pid = match existing {
                Some(pid) => pid,
                None => self.add_person(&org_id, &email, &sub.first_name, &sub.last_name, now),
            };
            if sub.first_admin {
                if let Some(p) = self.people.iter_mut().find(|p| p.id == pid) {
                    if !p.roles.iter().any(|r| r == FULL_ADMIN) {
                        p.roles.push(FULL_ADMIN.into());
                    }
                }
            }
            person_id = Some(pid);
        }
        let Some(s) = self.subscriber_mut(id) else {
            return;
        };
        s.due_ms = None;
        s.due_outcome = None;
        match outcome {
            DueOutcome::Provisioned => {
                s.person_id = person_id;
                s.errors.clear();
                Self::set_status(s, SubscriberStatus::Provisioned, now);
            }
            DueOutcome::ApprovalRequired => {
                s.errors = vec![SubscriberError {
                    error_code: Some(E_APPROVAL_REQUIRED),
                    description: Some(
                        "The customer organization requires external administrator approval: the customer's administrator must add the partner administrator as an external Full Administrator before the enterprise can be attached.".into(),
                    ),
                }];
                Self::set_status(s, SubscriberStatus::Error, now);
            }
            DueOutcome::Updated => {
                if let Some(u) = s.pending_update.take() {
                    apply_update(s, u);
                }
                Self::set_status(s, SubscriberStatus::Provisioned, now);
            }
        }
    }

    pub(super) fn schedule(&mut self, id: &str, outcome: DueOutcome, now: u64) {
        let due = now + self.provisioning_ms;
        if let Some(s) = self.subscriber_mut(id) {
            s.due_ms = Some(due);
            s.due_outcome = Some(outcome);
            Self::set_status(s, SubscriberStatus::Provisioning, now);
        }
    }

    /// The subscriber has a confirmed email: on to consent, provisioning or error 2017.
    pub(super) fn proceed_with_email(
        &mut self,
        sub_id: &str,
        caller_id: &str,
        now: u64,
    ) -> Result<(), Refusal> {
        let Some(sub) = self.subscriber(sub_id).cloned() else {
            return Err(Refusal::no_subscriber());
        };
        let Some(email) = sub.email.clone() else {
            return Err(Refusal::new(400, "The subscriber has no email yet."));
        };
        match self.ensure_org(&sub.sp_enterprise_id, &email, caller_id, now)? {
            OrgOutcome::ApprovalRequired => {
                self.schedule(sub_id, DueOutcome::ApprovalRequired, now);
                return Ok(());
            }
            OrgOutcome::Created => {
                if let Some(s) = self.subscriber_mut(sub_id) {
                    s.first_admin = true;
                }
            }
            OrgOutcome::Existing | OrgOutcome::Attached => {}
        }
        if self.consumer_account(&email).is_some() && !sub.consented {
            if let Some(s) = self.subscriber_mut(sub_id) {
                Self::set_status(s, SubscriberStatus::PendingUserMigration, now);
            }
            self.send_email(&email, "consentMove", sub_id, now);
            return Ok(());
        }
        self.schedule(sub_id, DueOutcome::Provisioned, now);
        Ok(())
    }

    /// `POST /broadworks/subscribers` (and self-activation).
    pub fn provision(
        &mut self,
        new: ProvisionRequest,
        caller_id: &str,
        now: u64,
    ) -> Result<SubscriberRec, Refusal> {
        let b = new.body;
        require_params(
            &[
                ("provisioningId", &b.provisioning_id),
                ("userId", &b.user_id),
                ("spEnterpriseId", &b.sp_enterprise_id),
                ("firstName", &b.first_name),
                ("lastName", &b.last_name),
            ],
            Some(256),
        )?;
        let template = self.template(&b.provisioning_id)?.clone();
        if b.primary_phone_number.is_none() && b.extension.is_none() {
            return Err(Refusal::coded(
                400,
                E_NULL_PARAMETER,
                "A subscriber needs a primaryPhoneNumber or an extension.",
            ));
        }
        if self.has_subscriber(&b.sp_enterprise_id, &b.user_id) {
            return Err(Refusal::already_associated("user"));
        }
        let email_used = (template.trusted_emails || new.self_activated)
            .then(|| b.email.clone().map(|e| e.trim().to_lowercase()))
            .flatten()
            .filter(|e| !e.is_empty());
        if template.trusted_emails && email_used.is_none() {
            return Err(Refusal::coded(
                400,
                E_NULL_PARAMETER,
                "Mandatory parameter 'email' is missing: this template uses trusted emails.",
            ));
        }
        if let Some(e) = &email_used {
            if !e.contains('@') {
                return Err(Refusal::new(400, "Invalid parameter 'email'."));
            }
        }
        if self.enterprise(&b.sp_enterprise_id).is_none() {
            let id = self.new_id("enterprise");
            let customer_name = self.customer_name(&b.sp_enterprise_id);
            self.enterprises.push(EnterpriseRec {
                id,
                sp_enterprise_id: b.sp_enterprise_id.clone(),
                org_id: None,
                provisioning_id: b.provisioning_id.clone(),
                customer_name,
            });
        }
        let id = self.new_id("sub");
        self.subscribers.push(SubscriberRec {
            id: id.clone(),
            person_id: None,
            user_id: b.user_id.clone(),
            sp_enterprise_id: b.sp_enterprise_id.clone(),
            first_name: b.first_name.clone(),
            last_name: b.last_name.clone(),
            email: email_used.clone(),
            primary_phone_number: b.primary_phone_number.clone(),
            mobile_phone_number: b.mobile_phone_number.clone(),
            extension: b.extension.clone(),
            package: b.package,
            status: SubscriberStatus::PendingEmailInput,
            errors: Vec::new(),
            created_ms: now,
            last_status_change_ms: now,
            provisioning_id: b.provisioning_id.clone(),
            self_activated: new.self_activated,
            due_ms: None,
            due_outcome: None,
            pending_update: None,
            consented: false,
            first_admin: false,
        });
        self.counters.subscribers_created += 1;
        if new.self_activated {
            if let Some(sub) = self.subscriber_mut(&id) {
                Self::set_status(sub, SubscriberStatus::PendingEmailValidation, now);
            }
            if let Some(email) = &email_used {
                self.send_email(email, "joinNow", &id, now);
            }
        } else if email_used.is_some() {
            if let Err(refusal) = self.proceed_with_email(&id, caller_id, now) {
                self.subscribers.retain(|s| s.id != id);
                self.counters.subscribers_created -= 1;
                return Err(refusal);
            }
        }
        self.subscriber(&id)
            .cloned()
            .ok_or_else(|| Refusal::new(500, "The subscriber vanished."))
    }

    /// `POST /broadworks/subscribers/validate`.
    pub fn precheck(
        &self,
        req: &webex::model::PrecheckRequest,
        caller_id: &str,
    ) -> Result<Vec<(i64, String)>, Refusal> {
        let email = req.email.trim().to_lowercase();
        if email.is_empty() {
            return Err(Refusal::coded(
                400,
                E_NULL_PARAMETER,
                "Mandatory parameter 'email' is missing.",
            ));
        }
        if !email.contains('@') {
            return Err(Refusal::new(400, "Invalid parameter 'email'."));
        }
        if let Some(p) = &req.provisioning_id {
            self.template(p)?;
        }
        if let (Some(ent), Some(user)) = (&req.sp_enterprise_id, &req.user_id) {
            if self.has_subscriber(ent, user) {
                return Err(Refusal::already_associated("user"));
            }
        }
        let mut info = vec![(
            INFO_OK,
            "Provisioning preCheck validation successful.".to_string(),
        )];
        if self.consumer_account(&email).is_some() {
            info.push((INFO_SIM_EXISTING_ACCOUNT, "[simulator] An existing Webex account uses this email: the user will be asked to consent to the move.".into()));
        }
        let ent_has_org = req
            .sp_enterprise_id
            .as_deref()
            .and_then(|e| self.enterprise(e))
            .is_some_and(|e| e.org_id.is_some());
        if !ent_has_org {
            match self.customer_org_of(&email) {
                Some(org) => {
                    info.push((INFO_SIM_EXISTING_ORG, "[simulator] This email belongs to a user of an existing customer organization: the enterprise will be attached to it.".into()));
                    if self.needs_approval(org) && !self.has_full_admin(org, caller_id) {
                        info.push((INFO_SIM_APPROVAL_NEEDED, "[simulator] Attaching to that organization needs the customer's approval: the partner administrator must first be added as an external Full Administrator.".into()));
                    }
                }
                None if req.sp_enterprise_id.is_some() => {
                    info.push((INFO_SIM_NEW_ORG, "[simulator] No organization matches this email: a new customer organization will be created.".into()));
                }
                None => {}
            }
        }
        Ok(info)
    }

    /// `PUT /broadworks/subscribers/{id}`: the answer shows the old values, `updating`.
    pub fn update(
        &mut self,
        id: &str,
        update: webex::model::SubscriberUpdate,
        now: u64,
    ) -> Result<SubscriberRec, Refusal> {
        let due = now + self.provisioning_ms;
        let s = self.subscriber_in(
            id,
            SubscriberStatus::Provisioned,
            "Only a provisioned subscriber can be updated.",
        )?;
        let clears_phone = update.primary_phone_number.as_deref() == Some("");
        let clears_ext = update.extension.as_deref() == Some("");
        let phone_left = !clears_phone
            && (update.primary_phone_number.is_some() || s.primary_phone_number.is_some());
        let ext_left = !clears_ext && (update.extension.is_some() || s.extension.is_some());
        if !phone_left && !ext_left {
            return Err(Refusal::new(
                400,
                "A subscriber must keep a primaryPhoneNumber or an extension.",
            ));
        }
        s.pending_update = Some(update);
        s.due_ms = Some(due);
        s.due_outcome = Some(DueOutcome::Updated);
        Self::set_status(s, SubscriberStatus::Updating, now);
        Ok(s.clone())
    }

    /// `DELETE /broadworks/subscribers/{id}`: removes the mapping (the Webex user stays).
    pub fn remove(&mut self, id: &str) -> Result<(), Refusal> {
        let before = self.subscribers.len();
        self.subscribers.retain(|s| s.id != id);
        if self.subscribers.len() == before {
            return Err(Refusal::no_subscriber());
        }
        self.emails.retain(|e| e.subscriber_id != id);
        Ok(())
    }

    /// `POST /subscribers/{id}/emails/consentMove`.
    pub fn resend_consent(&mut self, id: &str, now: u64) -> Result<(), Refusal> {
        let s = self.subscriber_in(
            id,
            SubscriberStatus::PendingUserMigration,
            "The subscriber is not waiting for the user's consent (status must be pending_user_migration).",
        )?;
        let Some(email) = s.email.clone() else {
            return Err(Refusal::new(409, "The subscriber has no email."));
        };
        self.send_email(&email, "consentMove", id, now);
        Ok(())
    }
}

fn apply_update(s: &mut SubscriberRec, u: webex::model::SubscriberUpdate) {
    let keep = |v: String| (!v.is_empty()).then_some(v);
    if let Some(v) = u.user_id {
        s.user_id = v;
    }
    if let Some(v) = u.first_name {
        s.first_name = v;
    }
    if let Some(v) = u.last_name {
        s.last_name = v;
    }
    if let Some(v) = u.primary_phone_number {
        s.primary_phone_number = keep(v);
    }
    if let Some(v) = u.mobile_phone_number {
        s.mobile_phone_number = keep(v);
    }
    if let Some(v) = u.extension {
        s.extension = keep(v);
    }
    if let Some(v) = u.package {
        s.package = v;
    }
}
