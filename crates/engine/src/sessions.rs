//! Wizard sessions: the answers a person gave, the outcome, and their progress through
//! the procedure, saved in SQLite so any session can be resumed after a restart.

use crate::store::sessions::SessionRecord;
use crate::{EngineError, Sessions};
use decide::{evaluate, Answers, Decision, Wizard};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Progress on one step of a session's procedure: done or not, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepProgress {
    pub step_id: String,
    pub done: bool,
    pub note: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
    /// True when the person ticked or unticked the step by hand (this wins over
    /// evidence seen before the mark).
    #[serde(default)]
    pub manual: bool,
    /// What shows the step done, when something does.
    #[serde(default)]
    pub evidence: Option<StepEvidence>,
}

/// Why a step shows done without a tick by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepEvidence {
    /// In words: "Webex reports Ada Lovelace set up in Webex for BroadWorks".
    pub why: String,
    /// When it happened (Webex's time where Webex said it), RFC 3339.
    pub at: String,
    /// When this app saw it (RFC 3339).
    pub seen_at: String,
}

/// Everything the UI needs to show a session: the wizard, the answers, what they
/// decide, and the progress on each step.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub id: String,
    pub wizard: Wizard,
    pub decision: Decision,
    pub progress: Vec<StepProgress>,
    /// Who does each step, worded for this wizard's reader, by actor id.
    pub actors: BTreeMap<String, String>,
    /// Answers found in the tenant: input id → where ("Found in your Webex: …").
    pub answer_sources: BTreeMap<String, String>,
    pub created_at: String,
    pub updated_at: String,
}

/// Actor ids → how this wizard's reader is told who acts.
pub fn actor_labels(wizard: &Wizard) -> BTreeMap<String, String> {
    decide::Actor::ALL
        .iter()
        .map(|a| (a.id().to_string(), a.label_for(wizard.reader).to_string()))
        .collect()
}

/// A line of the "Recent" list on the start page.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    pub id: String,
    pub wizard_id: String,
    pub wizard_title: String,
    pub outcome_title: Option<String>,
    pub steps_done: u32,
    pub steps_total: u32,
    pub updated_at: String,
}

impl Sessions<'_> {
    /// Starts a new session of a wizard.
    pub fn start_session(&self, wizard_id: &str) -> Result<SessionView, EngineError> {
        self.wizard(wizard_id)?;
        let id = uuid::Uuid::new_v4().to_string();
        self.with_store(|s| s.insert_session(&id, wizard_id))?;
        self.session(&id)
    }

    fn row(&self, id: &str) -> Result<SessionRecord, EngineError> {
        self.with_store(|s| s.session(id))?
            .ok_or_else(|| EngineError::Session(SessionError::UnknownSession { id: id.into() }))
    }

    /// A saved session, evaluated against the current tables.
    pub fn session(&self, id: &str) -> Result<SessionView, EngineError> {
        let row = self.row(id)?;
        let wizard = self.wizard(&row.wizard)?;
        let answers: Answers = serde_json::from_str(&row.answers).map_err(|e| {
            EngineError::Session(SessionError::Corrupt {
                id: id.into(),
                source: e,
            })
        })?;
        // Answers that a newer version of the tables no longer knows are left out, not fatal.
        let known: Answers = answers
            .into_iter()
            .filter(|(k, v)| wizard.input(k).is_some_and(|i| i.answer(v).is_some()))
            .collect();
        let decision = evaluate(wizard, &known)?;
        let marks = self.with_store(|s| s.step_progress(id))?;
        let evidence = self.with_store(|s| s.evidence(id))?;
        let progress = match &decision.procedure {
            Some(p) => crate::evidence::derive(&p.steps, marks, &evidence),
            None => marks,
        };
        let answer_sources = self.with_store(|s| s.answer_sources(id))?;
        // A source counts only while the answer is still the one that was found.
        let answer_sources = answer_sources
            .into_iter()
            .filter(|(input, value, _)| decision.answers.get(input) == Some(value))
            .map(|(input, _, source)| (input, source))
            .collect();
        Ok(SessionView {
            id: id.into(),
            actors: actor_labels(wizard),
            answer_sources,
            wizard: wizard.clone(),
            decision,
            progress,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }

    /// Records an answer. Answers that it makes irrelevant are dropped, so a changed
    /// answer asks any newly needed question again.
    pub fn answer(&self, id: &str, input: &str, value: &str) -> Result<SessionView, EngineError> {
        self.answer_with_source(id, input, value, None)
    }

    /// Records an answer; `source` says it was found in the tenant (and where).
    pub fn answer_with_source(
        &self,
        id: &str,
        input: &str,
        value: &str,
        source: Option<&str>,
    ) -> Result<SessionView, EngineError> {
        let row = self.row(id)?;
        let wizard = self.wizard(&row.wizard)?;
        let mut answers: Answers = serde_json::from_str(&row.answers).unwrap_or_default();
        answers.retain(|k, v| wizard.input(k).is_some_and(|i| i.answer(v).is_some()));
        answers.insert(input.into(), value.into());
        let decision = evaluate(wizard, &answers)?;
        let kept = serde_json::to_string(&decision.answers).map_err(|e| {
            EngineError::Session(SessionError::Corrupt {
                id: id.into(),
                source: e,
            })
        })?;
        self.with_store(|s| {
            s.save_answers(
                id,
                &kept,
                decision.outcome.as_deref(),
                (input, value, source),
            )
        })?;
        self.session(id)
    }

    /// Marks a step done or not, with an optional note.
    pub fn set_step(
        &self,
        id: &str,
        step_id: &str,
        done: bool,
        note: &str,
    ) -> Result<SessionView, EngineError> {
        let view = self.session(id)?;
        let known = view
            .decision
            .procedure
            .as_ref()
            .is_some_and(|p| p.steps.iter().any(|s| s.id == step_id));
        if !known {
            return Err(EngineError::Session(SessionError::UnknownStep {
                session: id.into(),
                step: step_id.into(),
            }));
        }
        self.with_store(|s| s.save_step(id, step_id, done, note))?;
        self.session(id)
    }

    /// Deletes a session and its progress.
    pub fn delete_session(&self, id: &str) -> Result<(), EngineError> {
        if !self.with_store(|s| s.delete_session(id))? {
            return Err(EngineError::Session(SessionError::UnknownSession {
                id: id.into(),
            }));
        }
        Ok(())
    }

    /// Sessions, most recently changed first.
    pub fn recent_sessions(&self, limit: u32) -> Result<Vec<SessionSummary>, EngineError> {
        let ids = self.with_store(|s| s.recent_session_ids(limit))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let Ok(view) = self.session(&id) else {
                continue; // a session of a wizard that no longer exists is skipped, not fatal
            };
            let steps: BTreeMap<&str, bool> = view
                .progress
                .iter()
                .map(|p| (p.step_id.as_str(), p.done))
                .collect();
            let (done, total) = match &view.decision.procedure {
                Some(p) => (
                    p.steps
                        .iter()
                        .filter(|s| steps.get(s.id.as_str()) == Some(&true))
                        .count(),
                    p.steps.len(),
                ),
                None => (0, 0),
            };
            out.push(SessionSummary {
                id: view.id,
                wizard_id: view.wizard.id.clone(),
                wizard_title: view.wizard.title.clone(),
                outcome_title: view.decision.procedure.as_ref().map(|p| p.title.clone()),
                steps_done: done as u32,
                steps_total: total as u32,
                updated_at: view.updated_at,
            });
        }
        Ok(out)
    }
}

/// The time now, as printed on plans: `2026-11-23 06:41 UTC`.
pub fn now_for_people() -> String {
    let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    // 2026-11-23T06:41:41Z → 2026-11-23 06:41 UTC
    format!("{} {} UTC", &stamp[..10], &stamp[11..16])
}

impl Sessions<'_> {
    /// A session's plan as HTML or Markdown.
    pub fn plan(&self, id: &str, format: crate::plan::PlanFormat) -> Result<String, EngineError> {
        let view = self.session(id)?;
        Ok(crate::plan::render_with_sources(
            &view.wizard,
            &view.decision,
            &view.progress,
            &view.answer_sources,
            format,
            &now_for_people(),
        ))
    }

    /// Saves a session's plan as a self-contained HTML file in `folder` (the user's
    /// Downloads folder when not given) and returns its path.
    pub fn export_plan(
        &self,
        id: &str,
        folder: Option<&std::path::Path>,
    ) -> Result<String, EngineError> {
        let view = self.session(id)?;
        let html = self.plan(id, crate::plan::PlanFormat::Html)?;
        let folder = self.save_folder(folder);
        let export_error = |path: &std::path::Path, e: std::io::Error| {
            EngineError::Session(SessionError::Export {
                path: path.display().to_string(),
                source: e,
            })
        };
        std::fs::create_dir_all(&folder).map_err(|e| export_error(&folder, e))?;
        let date = &now_for_people()[..10];
        let short = &view.id[..8.min(view.id.len())];
        let path = folder.join(format!("webex-plan-{}-{date}-{short}.html", view.wizard.id));
        std::fs::write(&path, html).map_err(|e| export_error(&path, e))?;
        Ok(path.display().to_string())
    }
}

/// Why a wizard session cannot be used as asked.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("there is no wizard '{id}'. Wizards: {}", allowed.join(", "))]
    UnknownWizard { id: String, allowed: Vec<String> },
    #[error(transparent)]
    Answer(decide::AnswerError),
    #[error("there is no saved session '{id}'")]
    UnknownSession { id: String },
    #[error("the saved session '{id}' cannot be read: {source}")]
    Corrupt {
        id: String,
        source: serde_json::Error,
    },
    #[error("the procedure of session '{session}' has no step '{step}'")]
    UnknownStep { session: String, step: String },
    #[error("cannot write {path}: {source}")]
    Export {
        path: String,
        source: std::io::Error,
    },
    #[error("the question '{input}' cannot be looked up in Webex")]
    NoLookup { input: String },
}

impl crate::error::Coded for SessionError {
    fn code_and_hint(&self) -> (crate::ErrorCode, &'static str) {
        use crate::ErrorCode;
        match self {
            SessionError::UnknownWizard { .. } => {
                (ErrorCode::UnknownWizard, "Use one of the wizards listed.")
            }
            SessionError::Answer(decide::AnswerError::UnknownInput { .. }) => {
                (ErrorCode::UnknownInput, "Use one of the questions listed.")
            }
            SessionError::Answer(decide::AnswerError::UnknownValue { .. }) => {
                (ErrorCode::UnknownAnswer, "Use one of the answers listed.")
            }
            SessionError::UnknownSession { .. } => (
                ErrorCode::UnknownSession,
                "It may have been deleted. Start again from the start page.",
            ),
            SessionError::Corrupt { .. } => (
                ErrorCode::CorruptSession,
                "Delete this session and start again.",
            ),
            SessionError::UnknownStep { .. } => (
                ErrorCode::UnknownStep,
                "Reload the session: its procedure has changed.",
            ),
            SessionError::Export { .. } => (
                ErrorCode::ExportFailed,
                "Choose another folder, or free some disk space, then try again.",
            ),
            SessionError::NoLookup { .. } => (ErrorCode::NoLookup, "Answer the question yourself."),
        }
    }
}
