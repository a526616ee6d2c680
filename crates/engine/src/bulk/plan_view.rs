//! The plan as the person reads it, rebuilt from the journal: users grouped by
//! procedure or by what blocks them, with counts, examples, what they will receive and
//! the wizard that explains each blocker.

use crate::bulk::import::{EmailTrust, RowProblem};
use crate::bulk::journal::BLOCKER_ALREADY_PROVISIONED;
use crate::bulk::journal::{ItemStatus, JobItem, JobStatus};
use crate::bulk::plan::{ALREADY_PROVISIONED, PRECHECK_REFUSED, PROVISION_NEW_USER};
use crate::Engine;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

/// One group of the plan: users who go through the same procedure (or wait for the
/// same thing).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanGroup {
    /// The procedure id, or a blocker id for blocked groups.
    pub id: String,
    pub title: String,
    pub count: u32,
    /// True when these users are provisioned by the run.
    pub will_run: bool,
    /// What the users will receive, in plain words.
    pub receives: Option<String>,
    /// Who or what the users wait for once provisioned.
    pub waits_for: Option<String>,
    /// The wizard that explains what to do for a blocked group.
    pub wizard: Option<String>,
    /// Up to five user ids, as examples.
    pub examples: Vec<String>,
}

/// Something that keeps users from being provisioned, counted.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanBlocker {
    pub id: String,
    /// E.g. "needs the customer's approval first: 3 enterprises".
    pub message: String,
    pub users: u32,
    pub wizard: Option<String>,
}

/// A user provisioned first and alone: their email decides the enterprise's new org.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FirstUser {
    pub sp_enterprise_id: String,
    pub user_id: String,
    pub email: Option<String>,
}

/// The checked plan of a job, shown before anything is provisioned.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobPlan {
    pub job_id: String,
    pub file: String,
    pub status: JobStatus,
    pub email_trust: EmailTrust,
    /// Valid rows plus refused rows.
    pub rows_read: u32,
    /// Rows refused by the import, each naming its row and column.
    pub problems: Vec<RowProblem>,
    pub groups: Vec<PlanGroup>,
    pub blockers: Vec<PlanBlocker>,
    pub first_users: Vec<FirstUser>,
    /// Users the run will provision (the number on the confirmation page).
    pub to_provision: u32,
    pub blocked: u32,
}

/// What users of a procedure receive, and what they are waited for.
fn receives(procedure: &str, trust: EmailTrust) -> (Option<String>, Option<String>) {
    let s = |t: &str| Some(t.to_string());
    match (procedure, trust) {
        (PROVISION_NEW_USER, EmailTrust::Trusted) | ("provision-first-user", EmailTrust::Trusted) => (
            s("A welcome email from Webex to set up their account."),
            None,
        ),
        (PROVISION_NEW_USER, EmailTrust::Untrusted) | ("provision-first-user", EmailTrust::Untrusted) => (
            s("A request to enter and confirm their own email address."),
            s("The user enters and confirms their email address."),
        ),
        ("move-trusted-email", _) => (
            s("An email asking them to agree to move their existing Webex account."),
            s("The user agrees to the move in that email."),
        ),
        ("move-untrusted-email", _) => (
            s("A request to enter their email address, then an email asking them to agree to move their existing Webex account."),
            s("The user enters their email and agrees to the move."),
        ),
        _ => (None, None),
    }
}

fn group_title(engine: &Engine, id: &str) -> String {
    match id {
        PROVISION_NEW_USER => "New to Webex: provisioned".into(),
        ALREADY_PROVISIONED => "Already in Webex for BroadWorks: nothing to do".into(),
        PRECHECK_REFUSED => "Refused by the Webex check".into(),
        "attach_org" => "In a customer's Webex organization: blocked until it is attached".into(),
        "customer_approval" => "Needs the customer's approval first".into(),
        "waits_for_attach" => {
            "Their enterprise waits for a customer organization to be attached".into()
        }
        "no_provisioning_id" => "No provisioning id for their enterprise".into(),
        "precheck_failed" => "Could not be checked: no answer from Webex this app could use".into(),
        other => engine.procedure_title(other),
    }
}

fn blocker_wizard(id: &str) -> Option<String> {
    match id {
        "attach_org" | "waits_for_attach" => Some("attach-org".into()),
        "customer_approval" => Some("grant-full-admin".into()),
        _ => None,
    }
}

pub(crate) fn build_plan(
    engine: &Engine,
    summary: crate::bulk::JobSummary,
    items: &[JobItem],
    problems: Vec<RowProblem>,
) -> JobPlan {
    // Group key: the blocker for blocked users, else the procedure.
    let mut groups: Vec<PlanGroup> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut blocked_enterprises: BTreeMap<String, std::collections::BTreeSet<String>> =
        BTreeMap::new();
    for item in items {
        let blocked_by = item.blocker.clone().filter(|b| {
            b != BLOCKER_ALREADY_PROVISIONED && b != "first_user_failed" && b != "cancelled"
        });
        let key = blocked_by.clone().unwrap_or_else(|| item.procedure.clone());
        if let Some(b) = &blocked_by {
            blocked_enterprises
                .entry(b.clone())
                .or_default()
                .insert(item.row.sp_enterprise_id.clone());
        }
        let i = *index.entry(key.clone()).or_insert_with(|| {
            let will_run = blocked_by.is_none()
                && item.procedure != ALREADY_PROVISIONED
                && item.procedure != PRECHECK_REFUSED;
            let (receives, waits_for) = if will_run {
                receives(&item.procedure, summary.email_trust)
            } else {
                (None, None)
            };
            groups.push(PlanGroup {
                title: group_title(engine, &key),
                wizard: blocked_by.as_deref().and_then(blocker_wizard),
                id: key.clone(),
                count: 0,
                will_run,
                receives,
                waits_for,
                examples: Vec::new(),
            });
            groups.len() - 1
        });
        let g = &mut groups[i];
        g.count += 1;
        if g.examples.len() < 5 {
            g.examples.push(item.row.user_id.clone());
        }
    }
    groups.sort_by_key(|g| (!g.will_run, std::cmp::Reverse(g.count)));
    let blockers: Vec<PlanBlocker> = blocked_enterprises
        .iter()
        .map(|(id, ents)| {
            let users = items
                .iter()
                .filter(|i| i.blocker.as_deref() == Some(id.as_str()))
                .count() as u32;
            let n = ents.len();
            let ents_text = if n == 1 {
                "1 enterprise".to_string()
            } else {
                format!("{n} enterprises")
            };
            let message = match id.as_str() {
                "customer_approval" => format!("needs the customer's approval first: {ents_text}"),
                "attach_org" | "waits_for_attach" => {
                    format!("needs the customer's organization attached first: {ents_text}")
                }
                "no_provisioning_id" => {
                    format!("needs a provisioning id (give --provisioning-id): {ents_text}")
                }
                // The user count goes with every blocker where it is shown.
                "precheck_failed" => "could not be checked, run the plan again".to_string(),
                other => format!("{other}: {ents_text}"),
            };
            PlanBlocker {
                wizard: blocker_wizard(id),
                id: id.clone(),
                message,
                users,
            }
        })
        .collect();
    let first_users = items
        .iter()
        .filter(|i| i.first_in_enterprise && i.blocker.is_none())
        .map(|i| FirstUser {
            sp_enterprise_id: i.row.sp_enterprise_id.clone(),
            user_id: i.row.user_id.clone(),
            email: i.row.email.clone(),
        })
        .collect();
    let to_provision = items
        .iter()
        .filter(|i| {
            matches!(
                i.status,
                ItemStatus::Pending | ItemStatus::InFlight | ItemStatus::FailedRetryable
            )
        })
        .count() as u32;
    let blocked = items
        .iter()
        .filter(|i| {
            i.blocker
                .as_deref()
                .is_some_and(|b| b != BLOCKER_ALREADY_PROVISIONED && b != "cancelled")
        })
        .count() as u32;
    JobPlan {
        job_id: summary.id,
        file: summary.file,
        status: summary.status,
        email_trust: summary.email_trust,
        rows_read: items.len() as u32 + problems.len() as u32,
        problems,
        groups,
        blockers,
        first_users,
        to_provision,
        blocked,
    }
}
