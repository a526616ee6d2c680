//! Evaluating a wizard on answers given so far: the outcome as soon as it is decided,
//! the matched rule and its reason, and the questions that still matter.

use crate::model::{Condition, Input, Outcome, Rule, Step, Wizard};
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// Answers by input id.
pub type Answers = BTreeMap<String, String>;

/// What the wizard knows after the answers so far.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub wizard: String,
    /// The outcome id, once every possible remaining answer leads to the same one.
    pub outcome: Option<String>,
    /// The matched rule, once it is certain.
    pub rule: Option<String>,
    /// Why this procedure, in plain words, naming the deciding answers.
    pub reason: Option<String>,
    /// Inputs that still matter, in the order they should be asked.
    pub pending: Vec<String>,
    /// The procedure to follow, once decided: only the steps shown for these answers.
    pub procedure: Option<Procedure>,
    /// The answers used, restricted to inputs that matter for the result.
    pub answers: BTreeMap<String, String>,
}

/// The chosen outcome's procedure.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Procedure {
    pub title: String,
    pub steps: Vec<Step>,
}

/// An answer that names an unknown input or value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("wizard '{wizard}' has no question '{input}'. Allowed: {}", allowed.join(", "))]
    UnknownInput {
        wizard: String,
        input: String,
        allowed: Vec<String>,
    },
    #[error("'{value}' is not an answer to '{input}'. Allowed: {}", allowed.join(", "))]
    UnknownValue {
        input: String,
        value: String,
        allowed: Vec<String>,
    },
}

/// True when every condition holds for these answers (all inputs answered).
pub fn matches(when: &Condition, answers: &Answers) -> bool {
    when.iter().all(|(input, values)| {
        answers
            .get(input)
            .is_some_and(|answer| values.contains(answer))
    })
}

/// Every full assignment of answers that extends `given`, in input order.
pub(crate) fn completions(inputs: &[Input], given: &Answers) -> Vec<Answers> {
    let mut all = vec![given.clone()];
    for input in inputs {
        if given.contains_key(&input.id) {
            continue;
        }
        let mut next = Vec::with_capacity(all.len() * input.answers.len());
        for partial in &all {
            for value in input.values() {
                let mut a = partial.clone();
                a.insert(input.id.clone(), value.to_string());
                next.push(a);
            }
        }
        all = next;
    }
    all
}

/// The rules matching a full assignment.
pub(crate) fn matching_rules<'a>(wizard: &'a Wizard, answers: &Answers) -> Vec<&'a Rule> {
    wizard
        .rules
        .iter()
        .filter(|r| matches(&r.when, answers))
        .collect()
}

/// What a person sees for a full assignment: the rule and the steps shown.
fn signature(wizard: &Wizard, answers: &Answers) -> (Option<String>, Vec<String>) {
    let rules = matching_rules(wizard, answers);
    let rule = (rules.len() == 1).then(|| rules[0]);
    let steps = rule
        .and_then(|r| wizard.outcome(&r.outcome))
        .map(|o| visible_steps(o, answers).map(|s| s.id.clone()).collect())
        .unwrap_or_default();
    (rule.map(|r| r.id.clone()), steps)
}

fn visible_steps<'a>(outcome: &'a Outcome, answers: &'a Answers) -> impl Iterator<Item = &'a Step> {
    outcome
        .steps
        .iter()
        .filter(move |s| matches(&s.when, answers))
}

/// Renders a reason template: `{input}` becomes the phrase of the answer given.
pub fn render_reason(wizard: &Wizard, template: &str, answers: &Answers) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        let phrase = wizard
            .input(name)
            .and_then(|i| answers.get(name).and_then(|v| i.answer(v)))
            .map(|a| a.phrase.as_str());
        match phrase {
            Some(p) => out.push_str(p),
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Checks answers against the wizard's inputs and answer values.
pub fn check_answers(wizard: &Wizard, answers: &Answers) -> Result<(), AnswerError> {
    for (input_id, value) in answers {
        let Some(input) = wizard.input(input_id) else {
            return Err(AnswerError::UnknownInput {
                wizard: wizard.id.clone(),
                input: input_id.clone(),
                allowed: wizard.inputs.iter().map(|i| i.id.clone()).collect(),
            });
        };
        if input.answer(value).is_none() {
            return Err(AnswerError::UnknownValue {
                input: input_id.clone(),
                value: value.clone(),
                allowed: input.values().map(str::to_string).collect(),
            });
        }
    }
    Ok(())
}

/// Evaluates a wizard on partial answers.
///
/// The outcome is given as soon as every way of answering the remaining questions leads
/// to it; `pending` holds only the questions whose answer can still change the rule
/// (and so the outcome or its reason) or the steps shown.
pub fn evaluate(wizard: &Wizard, answers: &Answers) -> Result<Decision, AnswerError> {
    check_answers(wizard, answers)?;
    let all = completions(&wizard.inputs, answers);

    let outcomes: Vec<Option<String>> = all
        .iter()
        .map(|a| {
            let rules = matching_rules(wizard, a);
            (rules.len() == 1).then(|| rules[0].outcome.clone())
        })
        .collect();
    let outcome = match outcomes.first() {
        Some(Some(first)) if outcomes.iter().all(|o| o.as_ref() == Some(first)) => {
            Some(first.clone())
        }
        _ => None,
    };

    let signatures: Vec<_> = all.iter().map(|a| signature(wizard, a)).collect();
    let rule_id = match signatures.first() {
        Some((Some(first), _)) if signatures.iter().all(|s| s.0.as_ref() == Some(first)) => {
            Some(first.clone())
        }
        _ => None,
    };

    // An input matters when changing only its answer changes what is shown.
    let matters = |input: &Input| {
        all.iter().zip(&signatures).any(|(a, sig)| {
            input.values().any(|v| {
                let mut other = a.clone();
                other.insert(input.id.clone(), v.to_string());
                &signature(wizard, &other) != sig
            })
        })
    };
    let pending: Vec<String> = wizard
        .inputs
        .iter()
        .filter(|i| !answers.contains_key(&i.id) && matters(i))
        .map(|i| i.id.clone())
        .collect();

    let outcome_def = outcome.as_deref().and_then(|id| wizard.outcome(id));
    let rule = rule_id.as_deref().and_then(|id| wizard.rule(id));
    let reason = rule.and_then(|r| {
        let template = r
            .reason
            .as_deref()
            .or(outcome_def.map(|o| o.reason.as_str()))?;
        Some(render_reason(wizard, template, answers))
    });
    let procedure = outcome_def.map(|o| Procedure {
        title: o.title.clone(),
        steps: o
            .steps
            .iter()
            .filter(|s| matches(&s.when, answers))
            .cloned()
            .collect(),
    });

    // Answers that no longer matter (an earlier answer made them irrelevant) are dropped.
    let relevant: BTreeMap<String, String> = wizard
        .inputs
        .iter()
        .filter_map(|i| answers.get(&i.id).map(|v| (i, v)))
        .filter(|(i, _)| matters(i))
        .map(|(i, v)| (i.id.clone(), v.clone()))
        .collect();

    Ok(Decision {
        wizard: wizard.id.clone(),
        outcome,
        rule: rule_id,
        reason,
        pending,
        procedure,
        answers: relevant,
    })
}
