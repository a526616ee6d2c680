//! What the end user does through `/sim`: reads the emails Webex sent, enters an email,
//! clicks Join Now or Activate Account, signs in to and deletes an old account, or
//! activates their own subscription.

use super::subscribers::ProvisionRequest;
use super::{iso, DueOutcome, EmailRec, Refusal, SubscriberRec, World};
use webex::model::{Package, SubscriberStatus};

impl World {
    /// Sends an email to an end user.
    pub fn send_email(&mut self, to: &str, kind: &str, subscriber_id: &str, now: u64) {
        let (subject, button) = match kind {
            "consentMove" => (
                "Your Webex account is moving to your service provider",
                "Activate Account",
            ),
            _ => ("Confirm your email address for Webex", "Join Now"),
        };
        let id = self.new_id("email");
        self.emails.push(EmailRec {
            id,
            to: to.to_lowercase(),
            kind: kind.into(),
            subject: subject.into(),
            button: button.into(),
            subscriber_id: subscriber_id.into(),
            sent: iso(now),
        });
    }

    /// Untrusted flow: the user enters an email on the activation page.
    pub fn enter_email(
        &mut self,
        sub_id: &str,
        email: &str,
        now: u64,
    ) -> Result<SubscriberRec, Refusal> {
        let email = email.trim().to_lowercase();
        if !email.contains('@') {
            return Err(Refusal::new(400, "That is not an email address."));
        }
        let Some(s) = self.subscriber_mut(sub_id) else {
            return Err(Refusal::no_subscriber());
        };
        if !matches!(
            s.status,
            SubscriberStatus::PendingEmailInput | SubscriberStatus::PendingEmailValidation
        ) {
            return Err(Refusal::new(
                409,
                "This subscriber is not waiting for an email.",
            ));
        }
        s.email = Some(email.clone());
        Self::set_status(s, SubscriberStatus::PendingEmailValidation, now);
        let s = s.clone();
        self.send_email(&email, "joinNow", sub_id, now);
        Ok(s)
    }

    /// The user clicks Join Now in the validation email.
    pub fn join_now(&mut self, sub_id: &str, now: u64) -> Result<SubscriberRec, Refusal> {
        self.subscriber_in(
            sub_id,
            SubscriberStatus::PendingEmailValidation,
            "This subscriber has no email to validate.",
        )?;
        self.require_email(sub_id, "joinNow")?;
        let caller = self.signed_in_person_id.clone();
        self.proceed_with_email(sub_id, &caller, now)?;
        self.subscriber(sub_id)
            .cloned()
            .ok_or_else(Refusal::no_subscriber)
    }

    fn require_email(&self, sub_id: &str, kind: &str) -> Result<(), Refusal> {
        if self
            .emails
            .iter()
            .any(|e| e.subscriber_id == sub_id && e.kind == kind)
        {
            Ok(())
        } else {
            Err(Refusal::new(
                409,
                format!("No {kind} email was sent for this subscriber."),
            ))
        }
    }

    /// The user clicks Activate Account in the consent email (consents to the move).
    pub fn activate_account(&mut self, sub_id: &str) -> Result<SubscriberRec, Refusal> {
        self.require_email(sub_id, "consentMove")?;
        let s = self.subscriber_in(
            sub_id,
            SubscriberStatus::PendingUserMigration,
            "This subscriber is not waiting for consent.",
        )?;
        s.consented = true;
        Ok(s.clone())
    }

    /// The user signs in to their existing Webex account.
    pub fn log_in(&mut self, email: &str) -> Result<(), Refusal> {
        let email = email.to_lowercase();
        let Some(p) = self.people.iter_mut().find(|p| p.email == email) else {
            return Err(Refusal::new(404, "No Webex account has this email."));
        };
        p.logged_in = true;
        Ok(())
    }

    /// The user deletes their old (consumer) account after consenting; the subscriber
    /// goes on to `provisioning` with the same email.
    pub fn delete_old_account(
        &mut self,
        email: &str,
        now: u64,
    ) -> Result<Vec<SubscriberRec>, Refusal> {
        let email = email.to_lowercase();
        let Some(account) = self.consumer_account(&email).cloned() else {
            return Err(Refusal::new(
                404,
                "No free or self-signup Webex account has this email.",
            ));
        };
        if !account.logged_in {
            return Err(Refusal::new(409, "Log in to the old account first."));
        }
        let waiting: Vec<String> = self
            .subscribers
            .iter()
            .filter(|s| {
                s.email.as_deref() == Some(email.as_str())
                    && s.status == SubscriberStatus::PendingUserMigration
            })
            .map(|s| s.id.clone())
            .collect();
        if waiting.is_empty()
            || !waiting
                .iter()
                .all(|id| self.subscriber(id).is_some_and(|s| s.consented))
        {
            return Err(Refusal::new(
                409,
                "Click Activate Account in the consent email first.",
            ));
        }
        self.people.retain(|p| p.id != account.id);
        for id in &waiting {
            self.schedule(id, DueOutcome::Provisioned, now);
        }
        Ok(waiting
            .iter()
            .filter_map(|id| self.subscriber(id).cloned())
            .collect())
    }

    /// Self-activation: the user enters an email on the activation portal.
    pub fn self_activate(
        &mut self,
        sp_enterprise_id: &str,
        user_id: &str,
        email: &str,
        provisioning_id: Option<&str>,
        now: u64,
    ) -> Result<SubscriberRec, Refusal> {
        let Some(user) = self
            .broadworks_users
            .iter()
            .find(|u| u.sp_enterprise_id == sp_enterprise_id && u.user_id == user_id)
            .cloned()
        else {
            return Err(Refusal::new(
                404,
                "No such BroadWorks user: self-activation needs an existing BroadWorks account.",
            ));
        };
        let provisioning_id = provisioning_id
            .map(str::to_string)
            .or_else(|| {
                self.enterprise(sp_enterprise_id)
                    .map(|e| e.provisioning_id.clone())
            })
            .or_else(|| self.templates.first().map(|t| t.provisioning_id.clone()))
            .ok_or_else(|| Refusal::new(400, "No template to activate with."))?;
        let caller = self.signed_in_person_id.clone();
        self.provision(
            ProvisionRequest {
                body: webex::model::NewSubscriber {
                    provisioning_id,
                    user_id: user.user_id,
                    sp_enterprise_id: user.sp_enterprise_id,
                    first_name: user.first_name,
                    last_name: user.last_name,
                    package: Package::Standard,
                    primary_phone_number: user.primary_phone_number,
                    mobile_phone_number: None,
                    extension: user.extension,
                    email: Some(email.into()),
                    language: None,
                    timezone: None,
                },
                self_activated: true,
            },
            &caller,
            now,
        )
    }
}
