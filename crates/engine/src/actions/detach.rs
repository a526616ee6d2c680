//! Detaching an enterprise: what it would remove, and removing it item by item.

use super::{
    ActionContext, DetachTargets, RemovalFailure, RemovalKind, RemovalReport, SubscriberView,
};
use crate::evidence::Proof;
use crate::explain::{explain_error, Context};
use crate::{Actions, EngineError};
use webex::model::{Subscriber, SubscriberStatus};
use webex::{Client, EnterpriseFilter, SubscriberFilter, WebexError};

impl Actions<'_> {
    /// What detaching an enterprise removes: its subscribers, and its pending users.
    pub async fn detach_targets(
        self,
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
        // Nothing of a kind left in Webex is what the detach steps that remove it lead to
        // — for an enterprise Webex knows: a mistyped one lists nothing too.
        if ctx.session_id.is_some() && (set_up.is_empty() || pending.is_empty()) {
            let filter = EnterpriseFilter {
                sp_enterprise_id: Some(sp_enterprise_id.into()),
                ..EnterpriseFilter::default()
            };
            let result = client.enterprises(&filter).await;
            self.record(
                ctx,
                who.as_deref(),
                &client,
                "list-enterprises",
                sp_enterprise_id,
                &result,
            )?;
            // The client keeps only the enterprise asked for: listed means known.
            let known = result.is_ok_and(|found| !found.is_empty());
            for (listed, action, what) in [
                (&set_up, "remove-subscribers", "subscribers"),
                (&pending, "remove-pending-subscribers", "pending users"),
            ] {
                if known && listed.is_empty() {
                    let detail = format!("Webex lists no {what} for {sp_enterprise_id}");
                    self.prove(ctx, Proof::Action, action, sp_enterprise_id, &detail)?;
                }
            }
        }
        Ok(DetachTargets {
            sp_enterprise_id: sp_enterprise_id.into(),
            subscribers: set_up
                .into_iter()
                .map(|s| SubscriberView::of(s, who.as_deref()))
                .collect(),
            pending: pending
                .into_iter()
                .map(|s| SubscriberView::of(s, who.as_deref()))
                .collect(),
        })
    }

    /// Removes workspaces or subscribers by id, one by one; each result is reported.
    pub async fn remove(
        self,
        ctx: &ActionContext,
        kind: RemovalKind,
        ids: &[String],
    ) -> Result<RemovalReport, EngineError> {
        let (client, who) = self.signed_in().await?;
        let mut report = RemovalReport {
            removed: Vec::new(),
            failed: Vec::new(),
        };
        let ids: Vec<&str> = ids
            .iter()
            .map(|i| i.trim())
            .filter(|i| !i.is_empty())
            .collect();
        for &id in &ids {
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
        // Webex cannot list workspaces: removing every one the person named, with none
        // refused, is the evidence the workspace step has. (Subscribers are proven by
        // the list being empty: see `detach_targets`.)
        if kind == RemovalKind::Workspace && report.failed.is_empty() && !ids.is_empty() {
            let detail = format!(
                "Removed the {} you listed ({}); Webex cannot list workspaces, so check that none is left",
                if ids.len() == 1 { "workspace".to_string() } else { format!("{} workspaces", ids.len()) },
                ids.join(", ")
            );
            self.prove(
                ctx,
                Proof::Action,
                "remove-workspaces",
                &ids.join(","),
                &detail,
            )?;
        }
        Ok(report)
    }

    /// Removes one workspace or subscriber, audited. The outer error is the audit log's;
    /// the inner one is Webex's, left to the caller (a report line, or an error).
    pub(super) async fn remove_one(
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
        if result.is_ok() && kind == RemovalKind::Subscriber {
            self.with_store(|s| s.forget_board_subscriber(id))?;
        }
        Ok(result.map(|_| ()))
    }
}
