//! A session's task list from evidence: a step is done when the action on it worked,
//! its check passed, or Webex reports a status the step leads to (the table's
//! `evidence`). Steps that happen by themselves inside Webex are done when a later
//! step is proven. A tick or untick by hand wins over evidence seen before it.

use crate::sessions::{StepEvidence, StepProgress};
use crate::store::evidence::EvidenceRecord;
use crate::{EngineError, Sessions};
use decide::{Step, StepKind};
use std::collections::BTreeMap;
use webex::model::{Subscriber, SubscriberStatus};

/// What kind of thing proves a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Proof {
    /// The action with this id worked.
    Action,
    /// The check with this id passed.
    Check,
    /// Webex reported this status.
    Status,
}

impl Proof {
    fn as_str(self) -> &'static str {
        match self {
            Proof::Action => "action",
            Proof::Check => "check",
            Proof::Status => "status",
        }
    }
}

/// A status in the words of a step's evidence: "Webex reports jdoe {words}".
pub fn status_words(status: SubscriberStatus) -> &'static str {
    match status {
        SubscriberStatus::PendingEmailInput => "waiting for the user to enter their email",
        SubscriberStatus::PendingEmailValidation => "waiting for the user to confirm their email",
        SubscriberStatus::PendingUserMigration => "waiting for the user to agree to the move",
        SubscriberStatus::Provisioning => "being set up",
        SubscriberStatus::Provisioned => "set up in Webex for BroadWorks",
        SubscriberStatus::Updating => "being updated",
        SubscriberStatus::Error => "failed",
        SubscriberStatus::Unknown => "in a status this app does not know",
    }
}

/// Who a subscriber is, in a sentence: the name, else the email, else the user id.
pub fn subscriber_label(s: &Subscriber) -> String {
    let name = [s.first_name.as_deref(), s.last_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !name.is_empty() {
        name
    } else {
        s.email.clone().unwrap_or_else(|| s.user_id.clone())
    }
}

fn now_rfc3339() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}

/// The direct proof of each step: an action that worked (the n-th step with the same
/// action needs the n-th success), a check that passed, a status it leads to.
fn direct_proofs<'a>(
    steps: &[Step],
    evidence: &'a [EvidenceRecord],
) -> Vec<Option<&'a EvidenceRecord>> {
    let mut nth_action: BTreeMap<&str, usize> = BTreeMap::new();
    steps
        .iter()
        .map(|step| {
            let by_action = step.action.as_deref().and_then(|a| {
                let n = nth_action.entry(a).or_default();
                let found = evidence
                    .iter()
                    .filter(|e| e.kind == "action" && e.key == a)
                    .nth(*n);
                *n += 1;
                found
            });
            by_action
                .or_else(|| {
                    let c = step.check.as_deref()?;
                    evidence.iter().find(|e| e.kind == "check" && e.key == c)
                })
                .or_else(|| {
                    evidence
                        .iter()
                        .find(|e| e.kind == "status" && step.evidence.contains(&e.key))
                })
        })
        .collect()
}

/// The state of every step that is done or marked: evidence first, then automatic steps
/// proven by a later step, then marks by hand where they are newer than the evidence.
pub(crate) fn derive(
    steps: &[Step],
    marks: Vec<StepProgress>,
    evidence: &[EvidenceRecord],
) -> Vec<StepProgress> {
    let direct = direct_proofs(steps, evidence);
    let mut proofs: Vec<Option<StepEvidence>> = vec![None; steps.len()];
    let mut later: Option<&EvidenceRecord> = None;
    for (i, step) in steps.iter().enumerate().rev() {
        if let Some(e) = direct[i] {
            proofs[i] = Some(StepEvidence {
                why: e.detail.clone(),
                at: e.at.clone(),
                seen_at: e.seen_at.clone(),
            });
            later = later.or(Some(e));
        } else if step.kind == StepKind::Automatic {
            if let Some(e) = later {
                proofs[i] = Some(StepEvidence {
                    why: format!(
                        "A later step shows this happened: {}",
                        lowercase_first(&e.detail)
                    ),
                    at: e.at.clone(),
                    seen_at: e.seen_at.clone(),
                });
            }
        }
    }
    let mut marks: BTreeMap<String, StepProgress> =
        marks.into_iter().map(|m| (m.step_id.clone(), m)).collect();
    steps
        .iter()
        .zip(proofs)
        .filter_map(|(step, proof)| {
            let mark = marks.remove(&step.id);
            match (mark, proof) {
                (Some(m), Some(p)) if m.updated_at >= p.seen_at => Some(StepProgress {
                    evidence: Some(p),
                    ..m
                }),
                (Some(m), Some(p)) => Some(StepProgress {
                    done: true,
                    manual: false,
                    updated_at: p.at.clone(),
                    evidence: Some(p),
                    ..m
                }),
                (Some(m), None) => Some(m),
                (None, Some(p)) => Some(StepProgress {
                    step_id: step.id.clone(),
                    done: true,
                    note: String::new(),
                    updated_at: p.at.clone(),
                    manual: false,
                    evidence: Some(p),
                }),
                (None, None) => None,
            }
        })
        .collect()
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Sessions<'_> {
    /// Keeps an observation that may prove a step of `session` (an action that worked,
    /// a check that passed). `at` defaults to now.
    pub(crate) fn note_evidence(
        &self,
        session: &str,
        proof: Proof,
        key: &str,
        subject: &str,
        detail: &str,
    ) -> Result<(), EngineError> {
        let at = now_rfc3339();
        self.with_store(|s| s.add_evidence(session, (proof.as_str(), key, subject, detail, &at)))?;
        Ok(())
    }

    /// Keeps what Webex reports of a subscriber for every session that follows it: the
    /// status proves the steps it leads to, from when Webex says it changed.
    pub(crate) fn note_status(&self, s: &Subscriber) -> Result<(), EngineError> {
        let sessions = self.with_store(|st| st.sessions_of_subscriber(&s.id))?;
        if sessions.is_empty() {
            return Ok(());
        }
        let detail = format!(
            "Webex reports {} {}",
            subscriber_label(s),
            status_words(s.status)
        );
        let at = s
            .last_status_change
            .as_deref()
            .and_then(|t| humantime::parse_rfc3339_weak(t).ok())
            .map(|t| humantime::format_rfc3339_millis(t).to_string())
            .unwrap_or_else(now_rfc3339);
        self.with_store(|st| {
            for session in &sessions {
                let e = (
                    Proof::Status.as_str(),
                    s.status.as_str(),
                    s.id.as_str(),
                    detail.as_str(),
                    at.as_str(),
                );
                st.add_evidence(session, e)?;
            }
            Ok(())
        })
    }
}
