//! Verifying one wizard: its names (inputs, answers, rules, outcomes, steps, actions),
//! then, exhaustively over every combination of answers, gaps, overlaps and rules
//! that never decide anything alone.

use super::sources::check_source;
use super::{Problem, SourceTexts, MAX_COMBINATIONS};
use crate::evaluate::{completions, matching_rules, Answers};
use crate::model::{InputRole, Step, Wizard};
use std::collections::BTreeSet;

fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

fn check_condition(
    file: &str,
    place: &str,
    wizard: &Wizard,
    when: &crate::model::Condition,
    role: InputRole,
    out: &mut Vec<Problem>,
) -> bool {
    let mut ok = true;
    for (input_id, values) in when {
        let Some(input) = wizard.input(input_id) else {
            out.push(Problem::UnknownInput {
                file: file.into(),
                place: place.into(),
                input: input_id.clone(),
                allowed: wizard.inputs.iter().map(|i| i.id.clone()).collect(),
            });
            ok = false;
            continue;
        };
        if input.role != role {
            out.push(Problem::WrongRole {
                file: file.into(),
                place: place.into(),
                input: input_id.clone(),
                role: input.role,
            });
            ok = false;
        }
        for value in values.as_slice() {
            if input.answer(value).is_none() {
                out.push(Problem::UnknownValue {
                    file: file.into(),
                    place: place.into(),
                    input: input_id.clone(),
                    value: value.clone(),
                    allowed: input.values().map(str::to_string).collect(),
                });
                ok = false;
            }
        }
    }
    ok
}

fn check_unique<'a>(
    file: &str,
    kind: &'static str,
    ids: impl Iterator<Item = &'a str>,
    out: &mut Vec<Problem>,
) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            out.push(Problem::DuplicateId {
                file: file.into(),
                kind,
                id: id.into(),
            });
        }
    }
}

/// Verifies one wizard. With `texts`, also checks every cited source.
pub fn verify_wizard(
    file: &str,
    wizard: &Wizard,
    actions: &BTreeSet<&str>,
    texts: Option<&SourceTexts>,
) -> Vec<Problem> {
    let mut out = Vec::new();
    check_names(file, wizard, actions, &mut out);
    let names_ok = check_rules(file, wizard, &mut out);
    let used_by_steps = check_procedures(file, wizard, actions, texts, &mut out);
    check_unused_inputs(file, wizard, &used_by_steps, &mut out);
    if names_ok {
        // Only when every name is right: otherwise they would just repeat those errors.
        check_every_combination(file, wizard, &mut out);
    }
    out
}

/// The file name, unique ids, and each input's answers and look-up action.
fn check_names(file: &str, wizard: &Wizard, actions: &BTreeSet<&str>, out: &mut Vec<Problem>) {
    if file.strip_suffix(".toml") != Some(wizard.id.as_str()) {
        out.push(Problem::FileName {
            file: file.into(),
            id: wizard.id.clone(),
        });
    }
    check_unique(
        file,
        "input",
        wizard.inputs.iter().map(|i| i.id.as_str()),
        out,
    );
    check_unique(
        file,
        "rule",
        wizard.rules.iter().map(|r| r.id.as_str()),
        out,
    );
    check_unique(
        file,
        "outcome",
        wizard.outcomes.iter().map(|o| o.id.as_str()),
        out,
    );
    for input in &wizard.inputs {
        if let Some(lookup) = &input.lookup {
            if !actions.contains(lookup.as_str()) {
                out.push(Problem::UnknownAction {
                    file: file.into(),
                    place: format!("input '{}' (lookup)", input.id),
                    action: lookup.clone(),
                });
            }
        }
        if input.answers.is_empty() {
            out.push(Problem::NoAnswers {
                file: file.into(),
                input: input.id.clone(),
            });
        }
        check_unique(file, "answer", input.values(), out);
    }
}

/// Each rule's condition, outcome and reason. `true` when every name it uses is known.
fn check_rules(file: &str, wizard: &Wizard, out: &mut Vec<Problem>) -> bool {
    let mut names_ok = true;
    for rule in &wizard.rules {
        let place = format!("rule '{}'", rule.id);
        names_ok &= check_condition(file, &place, wizard, &rule.when, InputRole::Decides, out);
        match wizard.outcome(&rule.outcome) {
            None => {
                out.push(Problem::UnknownOutcome {
                    file: file.into(),
                    rule: rule.id.clone(),
                    outcome: rule.outcome.clone(),
                });
                names_ok = false;
            }
            Some(outcome) => {
                let template = rule.reason.as_deref().unwrap_or(&outcome.reason);
                for p in placeholders(template) {
                    if !rule.when.contains_key(p) {
                        out.push(Problem::ReasonPlaceholder {
                            file: file.into(),
                            rule: rule.id.clone(),
                            placeholder: p.into(),
                        });
                    }
                }
            }
        }
    }
    names_ok
}

/// Each outcome's procedure: its steps, their conditions, actions and sources. Returns
/// the inputs the steps' conditions use.
fn check_procedures<'w>(
    file: &str,
    wizard: &'w Wizard,
    actions: &BTreeSet<&str>,
    texts: Option<&SourceTexts>,
    out: &mut Vec<Problem>,
) -> BTreeSet<&'w str> {
    let mut used_by_steps = BTreeSet::new();
    for outcome in &wizard.outcomes {
        check_unique(
            file,
            "step",
            outcome.steps.iter().map(|s| s.id.as_str()),
            out,
        );
        if outcome.steps.is_empty() {
            out.push(Problem::NoProcedure {
                file: file.into(),
                outcome: outcome.id.clone(),
            });
        }
        if !wizard.rules.iter().any(|r| r.outcome == outcome.id) {
            out.push(Problem::OutcomeNeverChosen {
                file: file.into(),
                outcome: outcome.id.clone(),
            });
        }
        for step in &outcome.steps {
            let place = format!("outcome '{}', step '{}'", outcome.id, step.id);
            check_condition(file, &place, wizard, &step.when, InputRole::Steps, out);
            used_by_steps.extend(step.when.keys().map(String::as_str));
            for action in step.action.iter().chain(step.check.iter()) {
                if !actions.contains(action.as_str()) {
                    out.push(Problem::UnknownAction {
                        file: file.into(),
                        place: place.clone(),
                        action: action.clone(),
                    });
                }
            }
            for status in &step.evidence {
                if !crate::SUBSCRIBER_STATUSES.contains(&status.as_str()) {
                    out.push(Problem::UnknownStatus {
                        file: file.into(),
                        place: place.clone(),
                        status: status.clone(),
                    });
                }
            }
            if let Some(texts) = texts {
                check_step_sources(file, &place, step, texts, out);
            }
        }
    }
    used_by_steps
}

/// The sources of a step, of its notes and of its warnings.
fn check_step_sources(
    file: &str,
    place: &str,
    step: &Step,
    texts: &SourceTexts,
    out: &mut Vec<Problem>,
) {
    check_source(file, place, &step.source, texts, out);
    for (n, note) in step.notes.iter().enumerate() {
        if let Some(source) = &note.source {
            let place = format!("{place}, note {}", n + 1);
            check_source(file, &place, source, texts, out);
        }
    }
    for (n, warning) in step.warnings.iter().enumerate() {
        let place = format!("{place}, warning {}", n + 1);
        check_source(file, &place, &warning.source, texts, out);
    }
}

/// Inputs that decide nothing, or change no step.
fn check_unused_inputs(
    file: &str,
    wizard: &Wizard,
    used_by_steps: &BTreeSet<&str>,
    out: &mut Vec<Problem>,
) {
    for input in &wizard.inputs {
        let used = match input.role {
            InputRole::Decides => wizard.rules.iter().any(|r| r.when.contains_key(&input.id)),
            InputRole::Steps => used_by_steps.contains(input.id.as_str()),
        };
        if !used {
            out.push(Problem::UnusedInput {
                file: file.into(),
                input: input.id.clone(),
                role: input.role,
            });
        }
    }
}

/// Every combination of the deciding answers: exactly one rule must match each, and
/// every rule must be the only match of at least one.
fn check_every_combination(file: &str, wizard: &Wizard, out: &mut Vec<Problem>) {
    let count = wizard
        .inputs
        .iter()
        .map(|i| i.answers.len().max(1))
        .product::<usize>();
    if count > MAX_COMBINATIONS {
        out.push(Problem::TooManyCombinations {
            file: file.into(),
            count,
        });
        return;
    }
    let decides: Vec<_> = wizard
        .inputs
        .iter()
        .filter(|i| i.role == InputRole::Decides)
        .cloned()
        .collect();
    let mut sole_winner = BTreeSet::new();
    for answers in completions(&decides, &Answers::new()) {
        let rules = matching_rules(wizard, &answers);
        match rules.as_slice() {
            [] => out.push(Problem::Gap {
                file: file.into(),
                answers,
            }),
            [one] => {
                sole_winner.insert(one.id.as_str());
            }
            many => out.push(Problem::Overlap {
                file: file.into(),
                rules: many.iter().map(|r| r.id.clone()).collect(),
                answers,
            }),
        }
    }
    for rule in &wizard.rules {
        if !sole_winner.contains(rule.id.as_str()) {
            out.push(Problem::UnreachableRule {
                file: file.into(),
                rule: rule.id.clone(),
            });
        }
    }
}
