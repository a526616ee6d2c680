//! One subscriber at a time: precheck, provision (again), status, following it, and
//! the consent email.

use super::form::{non_empty, validate};
use super::{
    ActionContext, EnterpriseChoice, FieldProblem, PrecheckView, ProvisionForm, RemovalKind,
    SubscriberView,
};
use crate::actions::ActionError;
use crate::evidence::{subscriber_label, Proof};
use crate::explain::{explain_error, Context, Explained};
use crate::{Actions, EngineError};
use webex::model::{NewSubscriber, Package, PrecheckRequest, Subscriber};
use webex::{Client, EnterpriseFilter, SubscriberFilter};

impl Actions<'_> {
    /// The enterprises the partner can see, to choose from in forms.
    pub async fn enterprises(
        self,
        ctx: &ActionContext,
    ) -> Result<Vec<EnterpriseChoice>, EngineError> {
        let (client, who) = self.signed_in().await?;
        let result = client.enterprises(&EnterpriseFilter::default()).await;
        self.record(
            ctx,
            who.as_deref(),
            &client,
            "list-enterprises",
            "",
            &result,
        )?;
        let list = result.map_err(|e| self.explained(&e, who.as_deref()))?;
        Ok(list
            .into_iter()
            .map(|e| EnterpriseChoice {
                sp_enterprise_id: e.sp_enterprise_id,
                org_id: e.org_id,
                provisioning_id: e.provisioning_id,
            })
            .collect())
    }

    /// Asks Webex whether provisioning this user is likely to work. A hint to confirm.
    pub async fn precheck(
        self,
        ctx: &ActionContext,
        form: &ProvisionForm,
    ) -> Result<PrecheckView, EngineError> {
        let email = non_empty(&form.email).ok_or_else(|| {
            EngineError::Action(ActionError::InvalidForm {
                problems: vec![FieldProblem {
                    field: "email".into(),
                    message: "Enter the user's email to check it".into(),
                }],
            })
        })?;
        let (client, who) = self.signed_in().await?;
        let request = PrecheckRequest {
            email: email.clone(),
            provisioning_id: non_empty(&form.provisioning_id),
            user_id: non_empty(&form.user_id),
            sp_enterprise_id: non_empty(&form.sp_enterprise_id),
            ..Default::default()
        };
        let result = client.precheck_subscriber(&request).await;
        self.record(
            ctx,
            who.as_deref(),
            &client,
            "precheck-user",
            &email,
            &result,
        )?;
        let view = match result.map(|t| t.value) {
            Ok(answer) => PrecheckView {
                ok: answer.info.iter().any(|i| i.info_code == Some(100)),
                findings: answer
                    .info
                    .iter()
                    .map(|i| match (i.info_code, i.description.as_deref()) {
                        (Some(100), _) => "Webex expects provisioning to work.".to_string(),
                        (_, Some(text)) if !text.trim().is_empty() => text.to_string(),
                        (Some(code), _) => format!("Webex note {code}"),
                        (None, _) => "Webex sent a note without a code or a text.".to_string(),
                    })
                    .collect(),
                problem: None,
            },
            Err(e) => PrecheckView {
                ok: false,
                findings: Vec::new(),
                problem: Some(explain_error(
                    &e,
                    &Context {
                        partner_admin_email: who.as_deref(),
                    },
                )),
            },
        };
        if view.ok {
            let detail = format!("Webex expects adding {email} to work");
            self.prove(ctx, Proof::Action, "precheck-user", &email, &detail)?;
        }
        Ok(view)
    }

    /// Provisions a subscriber after checking the form. Safe to repeat: an earlier
    /// attempt whose answer was lost is found, not created twice.
    pub async fn provision(
        self,
        ctx: &ActionContext,
        form: &ProvisionForm,
    ) -> Result<SubscriberView, EngineError> {
        let new = validate(form)
            .map_err(|problems| EngineError::Action(ActionError::InvalidForm { problems }))?;
        // A second click, or a second try after success, sends nothing: only an explicit
        // "Provision again" does.
        if let Some(session) = ctx.session_id.as_deref() {
            if !form.again && self.provisioned_in_session(session, &new.user_id)? {
                return Err(EngineError::Action(ActionError::AlreadySentHere {
                    user_id: new.user_id,
                }));
            }
        }
        let (client, who) = self.signed_in().await?;
        let subscriber = self
            .provision_audited(&client, ctx, who.as_deref(), &new)
            .await?;
        if let Some(session) = &ctx.session_id {
            self.remember(session, "subscriber", &subscriber.id, &subscriber.user_id)?;
        }
        self.accepted(ctx, &subscriber)?;
        Ok(SubscriberView::of(&subscriber, who.as_deref()))
    }

    /// Webex took a subscriber: that proves the provisioning step, and its first status
    /// the steps it leads to.
    fn accepted(&self, ctx: &ActionContext, s: &Subscriber) -> Result<(), EngineError> {
        self.board().board_seen(s)?;
        let detail = format!("Webex accepted {}", subscriber_label(s));
        self.prove(ctx, Proof::Action, "provision-subscriber", &s.id, &detail)?;
        self.sessions().note_status(s)
    }

    /// Where a subscriber stands now, explained.
    pub async fn subscriber_status(
        self,
        ctx: &ActionContext,
        id: &str,
    ) -> Result<SubscriberView, EngineError> {
        let (client, who) = self.signed_in().await?;
        let s = self
            .fetch_subscriber(&client, ctx, who.as_deref(), id)
            .await?;
        Ok(SubscriberView::of(&s, who.as_deref()))
    }

    /// Sends the consent-move email again (only for `pending_user_migration`).
    pub async fn resend_consent_email(
        self,
        ctx: &ActionContext,
        id: &str,
    ) -> Result<(), EngineError> {
        let (client, who) = self.signed_in().await?;
        let result = client.resend_consent_move_email(id).await;
        // Sent again by hand counts on the board too: not chased again within a day.
        let webex_now = client
            .recorder()
            .and_then(|r| r.last_server_date())
            .unwrap_or_else(std::time::SystemTime::now);
        if result.is_ok() {
            let at = webex_now
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as u64)
                .unwrap_or(0);
            self.with_store(|s| s.add_chase(id, at, None, "sent"))?;
        }
        self.record(
            ctx,
            who.as_deref(),
            &client,
            "resend-consent-email",
            id,
            &result,
        )?;
        result.map_err(|e| self.explained(&e, who.as_deref()))?;
        let detail = "Webex sent the email again".to_string();
        self.prove(ctx, Proof::Action, "resend-consent-email", id, &detail)
    }

    /// Finds a subscriber by enterprise and BroadWorks user id (e.g. a user who activated
    /// themselves) and follows it in the session, beside those this app provisioned.
    pub async fn follow_subscriber(
        self,
        ctx: &ActionContext,
        sp_enterprise_id: &str,
        user_id: &str,
    ) -> Result<SubscriberView, EngineError> {
        let mut problems = Vec::new();
        for (field, value, what) in [
            ("spEnterpriseId", sp_enterprise_id, "Enter the enterprise"),
            ("userId", user_id, "Enter the BroadWorks user id"),
        ] {
            if value.trim().is_empty() {
                problems.push(FieldProblem {
                    field: field.into(),
                    message: what.into(),
                });
            }
        }
        if !problems.is_empty() {
            return Err(EngineError::Action(ActionError::InvalidForm { problems }));
        }
        let (ent, user) = (sp_enterprise_id.trim(), user_id.trim());
        let (client, who) = self.signed_in().await?;
        let filter = SubscriberFilter {
            sp_enterprise_id: Some(ent.into()),
            user_id: Some(user.into()),
            max: Some(10),
            ..Default::default()
        };
        let found = self
            .find_subscribers(&client, ctx, who.as_deref(), &filter, user)
            .await?
            .into_iter()
            .find(|s| s.user_id == user && s.sp_enterprise_id == ent)
            .ok_or_else(|| {
                EngineError::Explained(Explained {
                    code: crate::error_code::ErrorCode::SubscriberNotFound,
                    message: format!("Webex has no user {user} in {ent}."),
                    hint: "Check the enterprise and the BroadWorks user id. A user who activates themselves appears once they have entered their email on the activation portal.".into(),
                    details: String::new(),
                })
            })?;
        self.follow_found(ctx, &found)?;
        Ok(SubscriberView::of(&found, who.as_deref()))
    }

    /// Finds the subscriber with this email (in any enterprise the partner can see) and
    /// follows it in the session. None when Webex has nobody with it; several is an
    /// error naming their enterprises.
    pub async fn subscriber_by_email(
        self,
        ctx: &ActionContext,
        email: &str,
    ) -> Result<Option<SubscriberView>, EngineError> {
        let email = email.trim();
        let (client, who) = self.signed_in().await?;
        let filter = SubscriberFilter {
            email: Some(email.into()),
            max: Some(10),
            ..Default::default()
        };
        let found: Vec<Subscriber> = self
            .find_subscribers(&client, ctx, who.as_deref(), &filter, email)
            .await?
            .into_iter()
            .filter(|s| {
                s.email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
            })
            .collect();
        match found.as_slice() {
            [] => Ok(None),
            [one] => {
                self.follow_found(ctx, one)?;
                Ok(Some(SubscriberView::of(one, who.as_deref())))
            }
            many => Err(EngineError::Action(ActionError::InvalidForm {
                problems: vec![FieldProblem {
                    field: "email".into(),
                    message: format!(
                        "{} users have the email {email} (in {}); give the subscriber id or the BroadWorks user id with its enterprise",
                        many.len(),
                        many.iter()
                            .map(|s| s.sp_enterprise_id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }],
            })),
        }
    }

    /// Removes a subscriber and provisions it again with the same details — the seeds'
    /// "retry provisioning" after the customer approved the partner (error 2017).
    pub async fn reprovision(
        self,
        ctx: &ActionContext,
        id: &str,
    ) -> Result<SubscriberView, EngineError> {
        let (client, who) = self.signed_in().await?;
        let old = self
            .fetch_subscriber(&client, ctx, who.as_deref(), id)
            .await?;
        let Some(provisioning_id) = old.provisioning_id.clone() else {
            return Err(EngineError::Action(ActionError::InvalidForm {
                problems: vec![FieldProblem {
                    field: "provisioningId".into(),
                    message: "Webex did not say which template this user came from; provision them again from the form".into(),
                }],
            }));
        };
        self.remove_one(&client, ctx, who.as_deref(), RemovalKind::Subscriber, id)
            .await?
            .map_err(|e| self.explained(&e, who.as_deref()))?;
        let new = NewSubscriber {
            provisioning_id,
            user_id: old.user_id.clone(),
            sp_enterprise_id: old.sp_enterprise_id.clone(),
            first_name: old.first_name.clone().unwrap_or_default(),
            last_name: old.last_name.clone().unwrap_or_default(),
            package: old.package.unwrap_or(Package::Standard),
            primary_phone_number: old.primary_phone_number.clone(),
            mobile_phone_number: old.mobile_phone_number.clone(),
            extension: old.extension.clone(),
            email: old.email.clone(),
            language: None,
            timezone: None,
        };
        let subscriber = self
            .provision_audited(&client, ctx, who.as_deref(), &new)
            .await?;
        if let Some(session) = &ctx.session_id {
            self.with_store(|s| s.replace_session_subscriber(session, id, &subscriber.id))?;
        }
        self.accepted(ctx, &subscriber)?;
        Ok(SubscriberView::of(&subscriber, who.as_deref()))
    }

    /// Lists subscribers to find one (audited as `find-subscriber`, naming `target`); a
    /// failure comes back explained.
    async fn find_subscribers(
        &self,
        client: &Client,
        ctx: &ActionContext,
        who: Option<&str>,
        filter: &SubscriberFilter,
        target: &str,
    ) -> Result<Vec<Subscriber>, EngineError> {
        let result = client.subscribers(filter).await;
        self.record(ctx, who, client, "find-subscriber", target, &result)?;
        result.map_err(|e| self.explained(&e, who))
    }

    /// A subscriber found in Webex: the session follows it, and its status proves the
    /// steps of every session that does.
    fn follow_found(&self, ctx: &ActionContext, s: &Subscriber) -> Result<(), EngineError> {
        if let Some(session) = &ctx.session_id {
            self.remember(session, "subscriber", &s.id, &s.user_id)?;
        }
        self.sessions().note_status(s)
    }

    /// `GET` one subscriber, audited; a failure comes back explained.
    async fn fetch_subscriber(
        &self,
        client: &Client,
        ctx: &ActionContext,
        who: Option<&str>,
        id: &str,
    ) -> Result<Subscriber, EngineError> {
        let result = client.subscriber(id).await;
        self.record(ctx, who, client, "watch-subscriber-status", id, &result)?;
        let s = result.map_err(|e| self.explained(&e, who))?;
        self.sessions().note_status(&s)?;
        Ok(s)
    }

    /// Provisions one subscriber (safe to repeat), audited; a failure comes back explained.
    async fn provision_audited(
        &self,
        client: &Client,
        ctx: &ActionContext,
        who: Option<&str>,
        new: &NewSubscriber,
    ) -> Result<Subscriber, EngineError> {
        let result = client.provision_subscriber_idempotent(new).await;
        self.record(
            ctx,
            who,
            client,
            "provision-subscriber",
            &new.user_id,
            &result,
        )?;
        result
            .map(|p| p.subscriber().clone())
            .map_err(|e| self.explained(&e, who))
    }

    /// Remembers something this app created for a session (a subscriber it provisioned).
    fn remember(
        &self,
        session: &str,
        kind: &str,
        id: &str,
        label: &str,
    ) -> Result<(), EngineError> {
        self.with_store(|s| s.add_session_object(session, kind, id, label))
    }

    /// True when this session already provisioned the user (by BroadWorks user id).
    fn provisioned_in_session(&self, session: &str, user_id: &str) -> Result<bool, EngineError> {
        self.with_store(|s| s.session_has_subscriber(session, user_id))
    }

    /// The subscribers this app provisioned in a session, newest last.
    pub fn session_subscribers(&self, session: &str) -> Result<Vec<String>, EngineError> {
        self.with_store(|s| s.session_subscribers(session))
    }
}
