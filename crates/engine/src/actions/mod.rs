//! What the wizards do through the Webex API: precheck, provision, watch a subscriber,
//! resend the consent email, detach (workspaces, subscribers, pending users), verify
//! Full Admin. Every call is written to the audit log; every failure is explained.

mod checks;
mod detach;
pub(crate) mod form;
mod subscribers;

pub use form::validate;

use crate::explain::{explain_error, explain_status, Context, Explained, StatusExplained};
use crate::{Engine, EngineError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use webex::model::Subscriber;
use webex::{Client, WebexError};

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

impl SubscriberView {
    /// A subscriber as the person sees it: name, ids, and its status explained for
    /// `who` (the signed-in partner admin).
    pub(crate) fn of(s: &Subscriber, who: Option<&str>) -> SubscriberView {
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

impl Engine {
    /// The signed-in client (recording what it sends, for the audit log) and who it is.
    async fn signed_in(&self) -> Result<(Client, Option<String>), EngineError> {
        let client = self.signed_in_client().await?;
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
        let (wizard, rule, answers) = match ctx
            .session_id
            .as_deref()
            .map(|id| self.sessions().session(id))
        {
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
                // An answer that came back 2xx but could not be read failed the action
                // too: it is not recorded as "ok".
                let outcome = match result {
                    Err(e) if i == last && !call.succeeded() => failed(e),
                    Err(e @ WebexError::Decode(_)) if i == last => failed(e),
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

    /// Keeps what proves a step of the action's session (an action that worked, a
    /// check that passed); nothing without a session.
    fn prove(
        &self,
        ctx: &ActionContext,
        proof: crate::evidence::Proof,
        key: &str,
        subject: &str,
        detail: &str,
    ) -> Result<(), EngineError> {
        match ctx.session_id.as_deref() {
            Some(session) => self
                .sessions()
                .note_evidence(session, proof, key, subject, detail),
            None => Ok(()),
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
}

/// Why an action on one user was not sent.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("some fields need fixing: {}", problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; "))]
    InvalidForm { problems: Vec<FieldProblem> },
    #[error("{user_id} was already sent to Webex from this plan")]
    AlreadySentHere { user_id: String },
}

impl crate::error::Coded for ActionError {
    fn code_and_hint(&self) -> (crate::ErrorCode, &'static str) {
        use crate::ErrorCode;
        match self {
            ActionError::InvalidForm { .. } => {
                (ErrorCode::InvalidForm, "Fix the fields named, then try again.")
            }
            ActionError::AlreadySentHere { .. } => (
                ErrorCode::AlreadySentHere,
                "Follow the user's status in the next step. Choose \"Provision again\" only if you mean to send them once more.",
            ),
        }
    }
}
