//! What the wizards do through the Webex API: precheck, provision, watch a subscriber,
//! resend the consent email, detach (workspaces, subscribers, pending users), verify
//! Full Admin. Every call is written to the audit log; every failure is explained.

use crate::explain::{explain_error, explain_status, Context, Explained, StatusExplained};
use crate::{Engine, EngineError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use webex::model::{NewSubscriber, Package, PrecheckRequest, Subscriber, SubscriberStatus};
use webex::{Client, EnterpriseFilter, SubscriberFilter, WebexError};

/// Which wizard session an action belongs to (for the audit log).
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionContext {
    #[ts(optional)]
    #[serde(default)]
    pub session_id: Option<String>,
}

/// A Webex for BroadWorks enterprise the partner can provision into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnterpriseChoice {
    pub sp_enterprise_id: String,
    pub org_id: Option<String>,
    pub provisioning_id: Option<String>,
}

/// The fields of a new subscriber, as typed into the form.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProvisionForm {
    pub provisioning_id: String,
    pub sp_enterprise_id: String,
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub package: String,
    pub primary_phone_number: String,
    pub extension: String,
    pub language: String,
    pub timezone: String,
    /// With untrusted emails the user enters their own, so email may be empty.
    pub untrusted_email: bool,
    /// The person chose "Provision again" for a user this session already sent.
    #[serde(default)]
    pub again: bool,
}

/// A field of the form that needs fixing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// A subscriber and where it stands.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SubscriberView {
    pub id: String,
    pub user_id: String,
    pub sp_enterprise_id: String,
    pub name: String,
    pub email: Option<String>,
    pub state: StatusExplained,
}

/// What a precheck said, as hints the person confirms.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrecheckView {
    pub ok: bool,
    pub findings: Vec<String>,
    pub problem: Option<Explained>,
}

/// What detaching an enterprise would remove.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DetachTargets {
    pub sp_enterprise_id: String,
    /// Subscribers that are set up (or failed): removed in the second step.
    pub subscribers: Vec<SubscriberView>,
    /// Subscribers still pending (`pending_*`): removed in the third step.
    pub pending: Vec<SubscriberView>,
}

/// Which kind of thing to remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RemovalKind {
    Workspace,
    Subscriber,
}

/// How a removal went, item by item.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RemovalReport {
    pub removed: Vec<String>,
    pub failed: Vec<RemovalFailure>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RemovalFailure {
    pub id: String,
    pub problem: Explained,
}

/// The answer of a check that verifies a step, in plain words.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    pub ok: bool,
    pub text: String,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn package(s: &str) -> Option<Package> {
    match s.trim().to_ascii_lowercase().as_str() {
        "softphone" => Some(Package::Softphone),
        "basic" => Some(Package::Basic),
        "standard" => Some(Package::Standard),
        "premium" => Some(Package::Premium),
        _ => None,
    }
}

/// Checks the form before anything is sent; returns the subscriber to provision.
pub fn validate(form: &ProvisionForm) -> Result<NewSubscriber, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut need = |field: &str, value: &str, what: &str| {
        if value.trim().is_empty() {
            problems.push(FieldProblem {
                field: field.into(),
                message: format!("Enter {what}"),
            });
        }
    };
    need(
        "provisioningId",
        &form.provisioning_id,
        "the provisioning id of the onboarding template",
    );
    need("spEnterpriseId", &form.sp_enterprise_id, "the enterprise");
    need("userId", &form.user_id, "the BroadWorks user id");
    need("firstName", &form.first_name, "the first name");
    need("lastName", &form.last_name, "the last name");
    let package = package(&form.package);
    if package.is_none() {
        problems.push(FieldProblem {
            field: "package".into(),
            message: "Choose a package: softphone, basic, standard or premium".into(),
        });
    }
    let email = opt(&form.email);
    match &email {
        Some(e) if !crate::bulk::import::looks_like_email(e) => problems.push(FieldProblem {
            field: "email".into(),
            message: "Enter an email address like name@example.com".into(),
        }),
        None if !form.untrusted_email => problems.push(FieldProblem {
            field: "email".into(),
            message: "Enter the user's email: with trusted emails Webex needs it".into(),
        }),
        _ => {}
    }
    let phone = opt(&form.primary_phone_number);
    let extension = opt(&form.extension);
    if phone.is_none() && extension.is_none() {
        problems.push(FieldProblem {
            field: "primaryPhoneNumber".into(),
            message: "Enter a phone number or an extension".into(),
        });
    }
    if let Some(x) = &extension {
        if !x.chars().all(|c| c.is_ascii_digit()) {
            problems.push(FieldProblem {
                field: "extension".into(),
                message: "Enter the extension as digits only".into(),
            });
        }
    }
    match (problems.is_empty(), package) {
        (true, Some(package)) => Ok(NewSubscriber {
            provisioning_id: form.provisioning_id.trim().into(),
            user_id: form.user_id.trim().into(),
            sp_enterprise_id: form.sp_enterprise_id.trim().into(),
            first_name: form.first_name.trim().into(),
            last_name: form.last_name.trim().into(),
            package,
            primary_phone_number: phone,
            mobile_phone_number: None,
            extension,
            email,
            language: opt(&form.language),
            timezone: opt(&form.timezone),
        }),
        _ => Err(problems),
    }
}

impl Engine {
    /// The signed-in client (recording what it sends, for the audit log) and who it is.
    async fn signed_in(&self) -> Result<(Client, Option<String>), EngineError> {
        let client = self.client().await.ok_or(EngineError::NotSignedIn)?;
        let email = self.connection_status().await.email;
        Ok((client.recording().0, email))
    }

    /// Writes the calls a recording client sent to the audit log, one row each, with
    /// the method, path, status and tracking id the client reports and the session,
    /// wizard, rule and answers they served. A failure before anything was sent (a
    /// sign-in that could not be renewed) is one row without a method.
    fn record<T>(
        &self,
        ctx: &ActionContext,
        who: Option<&str>,
        client: &Client,
        action: &str,
        target: &str,
        result: &Result<T, WebexError>,
    ) -> Result<(), EngineError> {
        let (wizard, rule, answers) = match ctx.session_id.as_deref().map(|id| self.session(id)) {
            Some(Ok(s)) => (
                Some(s.wizard.id.clone()),
                s.decision.rule.clone(),
                serde_json::to_string(&s.decision.answers).ok(),
            ),
            _ => (None, None, None),
        };
        let failed = |e: &WebexError| {
            format!(
                "failed: {}",
                explain_error(
                    e,
                    &Context {
                        partner_admin_email: None
                    }
                )
                .code
            )
        };
        let sent = client.recorder().map(|r| r.take()).unwrap_or_default();
        let last = sent.len().saturating_sub(1);
        let mut rows: Vec<(Option<webex::SentCall>, String)> = sent
            .into_iter()
            .enumerate()
            .map(|(i, call)| {
                // The last request's failure is the action's: worded as explained.
                let outcome = match result {
                    Err(e) if i == last && !call.succeeded() => failed(e),
                    _ => crate::audit::call_outcome(&call),
                };
                (Some(call), outcome)
            })
            .collect();
        if rows.is_empty() {
            let outcome = match result {
                Ok(_) => "ok".to_string(),
                Err(e) => failed(e),
            };
            rows.push((None, outcome));
        }
        self.with_store(|s| {
            for (call, outcome) in &rows {
                s.append_call(&crate::store::CallRecord {
                    who: who.unwrap_or("unknown"),
                    session_id: ctx.session_id.as_deref(),
                    wizard: wizard.as_deref(),
                    rule: rule.as_deref(),
                    answers: answers.as_deref(),
                    action,
                    target,
                    method: call.as_ref().map(|c| c.method.as_str()).unwrap_or(""),
                    path: call.as_ref().map(|c| c.path.as_str()).unwrap_or(""),
                    http_status: call.as_ref().and_then(|c| c.status.map(i64::from)),
                    tracking_id: call.as_ref().map(|c| c.tracking_id.as_str()),
                    result: outcome,
                    job_id: None,
                })?;
            }
            Ok(())
        })
    }

    /// Audits the calls of a recording client made outside this module (look-ups).
    pub(crate) async fn audit_call<T>(
        &self,
        ctx: &ActionContext,
        client: &Client,
        action: &str,
        target: &str,
        result: &Result<T, WebexError>,
    ) -> Result<(), EngineError> {
        let who = self.connection_status().await.email;
        self.record(ctx, who.as_deref(), client, action, target, result)
    }

    fn view(&self, s: &Subscriber, who: Option<&str>) -> SubscriberView {
        let name = [s.first_name.as_deref(), s.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        SubscriberView {
            id: s.id.clone(),
            user_id: s.user_id.clone(),
            sp_enterprise_id: s.sp_enterprise_id.clone(),
            name,
            email: s.email.clone(),
            state: explain_status(
                s,
                &Context {
                    partner_admin_email: who,
                },
            ),
        }
    }

    fn explained(&self, e: &WebexError, who: Option<&str>) -> EngineError {
        EngineError::Explained(explain_error(
            e,
            &Context {
                partner_admin_email: who,
            },
        ))
    }

    /// The enterprises the partner can see, to choose from in forms.
    pub async fn enterprises(
        &self,
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
        &self,
        ctx: &ActionContext,
        form: &ProvisionForm,
    ) -> Result<PrecheckView, EngineError> {
        let email = opt(&form.email).ok_or_else(|| EngineError::InvalidForm {
            problems: vec![FieldProblem {
                field: "email".into(),
                message: "Enter the user's email to check it".into(),
            }],
        })?;
        let (client, who) = self.signed_in().await?;
        let request = PrecheckRequest {
            email: email.clone(),
            provisioning_id: opt(&form.provisioning_id),
            user_id: opt(&form.user_id),
            sp_enterprise_id: opt(&form.sp_enterprise_id),
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
        Ok(match result.map(|t| t.value) {
            Ok(answer) => PrecheckView {
                ok: answer.info.iter().any(|i| i.info_code == 100),
                findings: answer
                    .info
                    .iter()
                    .map(|i| match i.info_code {
                        100 => "Webex expects provisioning to work.".to_string(),
                        _ => i
                            .description
                            .clone()
                            .unwrap_or_else(|| format!("Webex note {}", i.info_code)),
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
        })
    }

    /// Provisions a subscriber after checking the form. Safe to repeat: an earlier
    /// attempt whose answer was lost is found, not created twice.
    pub async fn provision(
        &self,
        ctx: &ActionContext,
        form: &ProvisionForm,
    ) -> Result<SubscriberView, EngineError> {
        let new = validate(form).map_err(|problems| EngineError::InvalidForm { problems })?;
        // A second click, or a second try after success, sends nothing: only an explicit
        // "Provision again" does.
        if let Some(session) = ctx.session_id.as_deref() {
            if !form.again && self.provisioned_in_session(session, &new.user_id)? {
                return Err(EngineError::AlreadySentHere {
                    user_id: new.user_id,
                });
            }
        }
        let (client, who) = self.signed_in().await?;
        let subscriber = self
            .provision_audited(&client, ctx, who.as_deref(), &new)
            .await?;
        if let Some(session) = &ctx.session_id {
            self.remember(session, "subscriber", &subscriber.id, &subscriber.user_id)?;
        }
        Ok(self.view(&subscriber, who.as_deref()))
    }

    /// Where a subscriber stands now, explained.
    pub async fn subscriber_status(
        &self,
        ctx: &ActionContext,
        id: &str,
    ) -> Result<SubscriberView, EngineError> {
        let (client, who) = self.signed_in().await?;
        let s = self
            .fetch_subscriber(&client, ctx, who.as_deref(), id)
            .await?;
        Ok(self.view(&s, who.as_deref()))
    }

    /// Sends the consent-move email again (only for `pending_user_migration`).
    pub async fn resend_consent_email(
        &self,
        ctx: &ActionContext,
        id: &str,
    ) -> Result<(), EngineError> {
        let (client, who) = self.signed_in().await?;
        let result = client.resend_consent_move_email(id).await;
        self.record(
            ctx,
            who.as_deref(),
            &client,
            "resend-consent-email",
            id,
            &result,
        )?;
        result
            .map(|_| ())
            .map_err(|e| self.explained(&e, who.as_deref()))
    }

    /// What detaching an enterprise removes: its subscribers, and its pending users.
    pub async fn detach_targets(
        &self,
        ctx: &ActionContext,
        sp_enterprise_id: &str,
    ) -> Result<DetachTargets, EngineError> {
        let (client, who) = self.signed_in().await?;
        let filter = SubscriberFilter {
            sp_enterprise_id: Some(sp_enterprise_id.into()),
            max: Some(100),
            ..Default::default()
        };
        let result = client.subscribers(&filter).await;
        self.record(
            ctx,
            who.as_deref(),
            &client,
            "list-subscribers",
            sp_enterprise_id,
            &result,
        )?;
        let all = result.map_err(|e| self.explained(&e, who.as_deref()))?;
        let pending_status = |s: &Subscriber| {
            matches!(
                s.status,
                SubscriberStatus::PendingEmailInput
                    | SubscriberStatus::PendingEmailValidation
                    | SubscriberStatus::PendingUserMigration
            )
        };
        let (pending, set_up): (Vec<_>, Vec<_>) = all.iter().partition(|s| pending_status(s));
        Ok(DetachTargets {
            sp_enterprise_id: sp_enterprise_id.into(),
            subscribers: set_up
                .into_iter()
                .map(|s| self.view(s, who.as_deref()))
                .collect(),
            pending: pending
                .into_iter()
                .map(|s| self.view(s, who.as_deref()))
                .collect(),
        })
    }

    /// Removes workspaces or subscribers by id, one by one; each result is reported.
    pub async fn remove(
        &self,
        ctx: &ActionContext,
        kind: RemovalKind,
        ids: &[String],
    ) -> Result<RemovalReport, EngineError> {
        let (client, who) = self.signed_in().await?;
        let mut report = RemovalReport {
            removed: Vec::new(),
            failed: Vec::new(),
        };
        for id in ids.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
            let result = self
                .remove_one(&client, ctx, who.as_deref(), kind, id)
                .await?;
            match result {
                Ok(_) => report.removed.push(id.to_string()),
                Err(e) => report.failed.push(RemovalFailure {
                    id: id.to_string(),
                    problem: explain_error(
                        &e,
                        &Context {
                            partner_admin_email: who.as_deref(),
                        },
                    ),
                }),
            }
        }
        Ok(report)
    }

    /// Whether the signed-in partner admin now holds Full Administrator in the org.
    pub async fn verify_full_admin(
        &self,
        ctx: &ActionContext,
        org_id: &str,
    ) -> Result<CheckResult, EngineError> {
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
        let full_admin = match &result {
            Ok(admins) => admins.iter().any(|a| {
                a.emails.iter().any(|e| e.eq_ignore_ascii_case(&me))
                    && a.role_in_customer_org.as_deref() == Some("id_full_admin")
            }),
            Err(e) if matches!(e.status(), Some(403 | 404)) => false,
            Err(e) => return Err(self.explained(e, who.as_deref())),
        };
        let text = if full_admin {
            "Done: you are a Full Administrator of this customer's organization.".to_string()
        } else {
            format!(
                "Not yet: {} is not a Full Administrator of this organization. The customer's administrator must add this email as an external administrator with Full Administrator rights.",
                if me.is_empty() { "your account" } else { me.as_str() }
            )
        };
        Ok(CheckResult {
            ok: full_admin,
            text,
        })
    }

    /// Whether an enterprise is now attached to a Webex organization.
    pub async fn verify_org_attached(
        &self,
        ctx: &ActionContext,
        sp_enterprise_id: &str,
    ) -> Result<CheckResult, EngineError> {
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

    /// Finds a subscriber by enterprise and BroadWorks user id (e.g. a user who activated
    /// themselves) and follows it in the session, beside those this app provisioned.
    pub async fn follow_subscriber(
        &self,
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
            return Err(EngineError::InvalidForm { problems });
        }
        let (ent, user) = (sp_enterprise_id.trim(), user_id.trim());
        let (client, who) = self.signed_in().await?;
        let filter = SubscriberFilter {
            sp_enterprise_id: Some(ent.into()),
            user_id: Some(user.into()),
            max: Some(10),
            ..Default::default()
        };
        let result = client.subscribers(&filter).await;
        self.record(
            ctx,
            who.as_deref(),
            &client,
            "find-subscriber",
            user,
            &result,
        )?;
        let found = result
            .map_err(|e| self.explained(&e, who.as_deref()))?
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
        if let Some(session) = &ctx.session_id {
            self.remember(session, "subscriber", &found.id, &found.user_id)?;
        }
        Ok(self.view(&found, who.as_deref()))
    }

    /// Removes a subscriber and provisions it again with the same details — the seeds'
    /// "retry provisioning" after the customer approved the partner (error 2017).
    pub async fn reprovision(
        &self,
        ctx: &ActionContext,
        id: &str,
    ) -> Result<SubscriberView, EngineError> {
        let (client, who) = self.signed_in().await?;
        let old = self
            .fetch_subscriber(&client, ctx, who.as_deref(), id)
            .await?;
        let Some(provisioning_id) = old.provisioning_id.clone() else {
            return Err(EngineError::InvalidForm {
                problems: vec![FieldProblem {
                    field: "provisioningId".into(),
                    message: "Webex did not say which template this user came from; provision them again from the form".into(),
                }],
            });
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
        Ok(self.view(&subscriber, who.as_deref()))
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
        result.map_err(|e| self.explained(&e, who))
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

    /// Removes one workspace or subscriber, audited. The outer error is the audit log's;
    /// the inner one is Webex's, left to the caller (a report line, or an error).
    async fn remove_one(
        &self,
        client: &Client,
        ctx: &ActionContext,
        who: Option<&str>,
        kind: RemovalKind,
        id: &str,
    ) -> Result<Result<(), WebexError>, EngineError> {
        let (result, action) = match kind {
            RemovalKind::Workspace => (client.remove_workspace(id).await, "remove-workspaces"),
            RemovalKind::Subscriber => (client.remove_subscriber(id).await, "remove-subscribers"),
        };
        self.record(ctx, who, client, action, id, &result)?;
        Ok(result.map(|_| ()))
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
