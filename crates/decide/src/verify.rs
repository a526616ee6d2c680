//! Static verification of the tables, exhaustive over the answer domains: gaps, overlaps,
//! unreachable rules, unused inputs, unknown names, missing procedures and actions, and
//! (given the seed texts) that every quoted source fragment is really there.

use crate::catalog::Catalog;
use crate::evaluate::{completions, matching_rules, Answers};
use crate::model::{InputRole, Source, Wizard};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

/// Combinations above this are refused rather than enumerated.
pub const MAX_COMBINATIONS: usize = 100_000;
/// A seed line with at least this many words must be quoted somewhere (or excepted).
const MIN_WORDS_TO_COVER: usize = 4;

/// One thing wrong with the tables. `Display` names the file, rule and answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    FileName {
        file: String,
        id: String,
    },
    DuplicateId {
        file: String,
        kind: &'static str,
        id: String,
    },
    NoAnswers {
        file: String,
        input: String,
    },
    UnknownInput {
        file: String,
        place: String,
        input: String,
        allowed: Vec<String>,
    },
    UnknownValue {
        file: String,
        place: String,
        input: String,
        value: String,
        allowed: Vec<String>,
    },
    WrongRole {
        file: String,
        place: String,
        input: String,
        role: InputRole,
    },
    UnknownOutcome {
        file: String,
        rule: String,
        outcome: String,
    },
    Gap {
        file: String,
        answers: Answers,
    },
    Overlap {
        file: String,
        rules: Vec<String>,
        answers: Answers,
    },
    UnreachableRule {
        file: String,
        rule: String,
    },
    UnusedInput {
        file: String,
        input: String,
        role: InputRole,
    },
    NoProcedure {
        file: String,
        outcome: String,
    },
    OutcomeNeverChosen {
        file: String,
        outcome: String,
    },
    UnknownAction {
        file: String,
        place: String,
        action: String,
    },
    ReasonPlaceholder {
        file: String,
        rule: String,
        placeholder: String,
    },
    StartUnknownWizard {
        wizard: String,
    },
    WizardNotOnStart {
        file: String,
        wizard: String,
    },
    TooManyCombinations {
        file: String,
        count: usize,
    },
    UnknownSeed {
        file: String,
        place: String,
        seed: String,
    },
    SectionNotFound {
        file: String,
        place: String,
        document: String,
        section: String,
    },
    QuoteNotFound {
        file: String,
        place: String,
        document: String,
        section: String,
        quote: String,
    },
    UncoveredSeedLine {
        seed: String,
        line: String,
    },
}

fn list(answers: &Answers) -> String {
    answers
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        match self {
            FileName { file, id } => write!(f, "{file}: the wizard id is '{id}' but the file name says otherwise; name the file {id}.toml"),
            DuplicateId { file, kind, id } => write!(f, "{file}: two {kind}s share the id '{id}'; give each its own id"),
            NoAnswers { file, input } => write!(f, "{file}: input '{input}' has no answers; add at least two"),
            UnknownInput { file, place, input, allowed } => write!(f, "{file}: {place} names an unknown input '{input}'; inputs are: {}", allowed.join(", ")),
            UnknownValue { file, place, input, value, allowed } => write!(f, "{file}: {place} uses '{value}', which is not an answer of '{input}'; answers are: {}", allowed.join(", ")),
            WrongRole { file, place, input, role } => match role {
                InputRole::Steps => write!(f, "{file}: {place} uses '{input}', an input that only changes steps; rules may use only inputs with role = \"decides\""),
                InputRole::Decides => write!(f, "{file}: {place} shows a step depending on '{input}', an input that decides the outcome; step conditions may use only inputs with role = \"steps\""),
            },
            UnknownOutcome { file, rule, outcome } => write!(f, "{file}: rule '{rule}' leads to an unknown outcome '{outcome}'"),
            Gap { file, answers } => write!(f, "{file}: gap: no rule matches the answers {}; add a rule for them", list(answers)),
            Overlap { file, rules, answers } => write!(f, "{file}: overlap: rules '{}' all match the answers {}; make them exclusive", rules.join("', '"), list(answers)),
            UnreachableRule { file, rule } => write!(f, "{file}: rule '{rule}' is unreachable: it never decides any combination of answers alone"),
            UnusedInput { file, input, role } => match role {
                InputRole::Decides => write!(f, "{file}: input '{input}' decides nothing: no rule uses it"),
                InputRole::Steps => write!(f, "{file}: input '{input}' changes no steps: no step's `when` uses it"),
            },
            NoProcedure { file, outcome } => write!(f, "{file}: outcome '{outcome}' has no procedure: add its steps"),
            OutcomeNeverChosen { file, outcome } => write!(f, "{file}: outcome '{outcome}' is never chosen by any rule"),
            UnknownAction { file, place, action } => write!(f, "{file}: {place} refers to an unknown action '{action}'; add it to actions.toml or fix the id"),
            ReasonPlaceholder { file, rule, placeholder } => write!(f, "{file}: the reason for rule '{rule}' uses {{{placeholder}}}, which that rule does not decide on; use only inputs named in the rule's `when`"),
            StartUnknownWizard { wizard } => write!(f, "start.toml: choice '{wizard}' is not a wizard in this folder"),
            WizardNotOnStart { file, wizard } => write!(f, "{file}: wizard '{wizard}' is not offered on the start page (start.toml)"),
            TooManyCombinations { file, count } => write!(f, "{file}: {count} answer combinations are too many to verify (limit {MAX_COMBINATIONS})"),
            UnknownSeed { file, place, seed } => write!(f, "{file}: {place} cites seed '{seed}', which is not in the seeds folder"),
            SectionNotFound { file, place, document, section } => write!(f, "{file}: {place} cites section \"{section}\", which is not a heading of {document}"),
            QuoteNotFound { file, place, document, section, quote } => write!(f, "{file}: {place}: the quote \"{quote}\" is not in section \"{section}\" of {document}; copy it verbatim"),
            UncoveredSeedLine { seed, line } => write!(f, "{seed}: this line is quoted by no step, note or warning: \"{line}\"; cite it in a procedure or list it in coverage-exceptions.toml with a reason"),
        }
    }
}

/// The texts that sources cite: the seed files and the API reference.
#[derive(Debug, Clone, Default)]
pub struct SourceTexts {
    /// Seed file name → text.
    pub seeds: BTreeMap<String, String>,
    /// Reference document name (e.g. `webex-api.md`) → text.
    pub references: BTreeMap<String, String>,
}

impl SourceTexts {
    /// Reads every `.txt` file of a seeds folder, and `../reference/*.md` beside it if present.
    pub fn load(seeds_dir: &Path) -> std::io::Result<SourceTexts> {
        let mut texts = SourceTexts::default();
        for entry in std::fs::read_dir(seeds_dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "txt") {
                if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                    texts
                        .seeds
                        .insert(name.to_string(), std::fs::read_to_string(&path)?);
                }
            }
        }
        if let Some(reference_dir) = seeds_dir.parent().map(|p| p.join("reference")) {
            if let Ok(entries) = std::fs::read_dir(&reference_dir) {
                for path in entries.flatten().map(|e| e.path()) {
                    if path.extension().is_some_and(|e| e == "md") {
                        if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                            texts
                                .references
                                .insert(name.to_string(), std::fs::read_to_string(&path)?);
                        }
                    }
                }
            }
        }
        Ok(texts)
    }
}

/// Collapses every run of whitespace to one space, so quotes match across line breaks.
pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of a seed after its section line (a whole line equal to the heading).
fn seed_section<'a>(text: &'a str, section: &str) -> Option<&'a str> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == section.trim() {
            return Some(&text[offset + line.len()..]);
        }
        offset += line.len();
    }
    None
}

/// A `###` section of a Markdown reference whose heading starts with `section`.
fn reference_section<'a>(text: &'a str, section: &str) -> Option<&'a str> {
    let mut offset = 0;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        let heading = line.trim_start_matches('#');
        let is_heading = line.starts_with("## ") || line.starts_with("### ");
        if let Some(s) = start {
            if is_heading {
                return Some(&text[s..offset]);
            }
        } else if line.starts_with("### ") && heading.trim().starts_with(section.trim()) {
            start = Some(offset + line.len());
        }
        offset += line.len();
    }
    start.map(|s| &text[s..])
}

fn check_source(
    file: &str,
    place: &str,
    source: &Source,
    texts: &SourceTexts,
    out: &mut Vec<Problem>,
) {
    match source {
        Source::Seed {
            seed,
            section,
            quote,
        } => {
            let Some(text) = texts.seeds.get(seed) else {
                out.push(Problem::UnknownSeed {
                    file: file.into(),
                    place: place.into(),
                    seed: seed.clone(),
                });
                return;
            };
            let Some(rest) = seed_section(text, section) else {
                out.push(Problem::SectionNotFound {
                    file: file.into(),
                    place: place.into(),
                    document: seed.clone(),
                    section: section.clone(),
                });
                return;
            };
            if !normalize(rest).contains(&normalize(quote)) || normalize(quote).is_empty() {
                out.push(Problem::QuoteNotFound {
                    file: file.into(),
                    place: place.into(),
                    document: seed.clone(),
                    section: section.clone(),
                    quote: quote.clone(),
                });
            }
        }
        Source::Reference {
            reference,
            section,
            quote,
        } => {
            let Some(text) = texts.references.get(reference) else {
                out.push(Problem::UnknownSeed {
                    file: file.into(),
                    place: place.into(),
                    seed: reference.clone(),
                });
                return;
            };
            let Some(body) = reference_section(text, section) else {
                out.push(Problem::SectionNotFound {
                    file: file.into(),
                    place: place.into(),
                    document: reference.clone(),
                    section: section.clone(),
                });
                return;
            };
            if let Some(quote) = quote {
                if !normalize(body).contains(&normalize(quote)) {
                    out.push(Problem::QuoteNotFound {
                        file: file.into(),
                        place: place.into(),
                        document: reference.clone(),
                        section: section.clone(),
                        quote: quote.clone(),
                    });
                }
            }
        }
    }
}

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

fn duplicates<'a>(
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
    if file.strip_suffix(".toml") != Some(wizard.id.as_str()) {
        out.push(Problem::FileName {
            file: file.into(),
            id: wizard.id.clone(),
        });
    }
    duplicates(
        file,
        "input",
        wizard.inputs.iter().map(|i| i.id.as_str()),
        &mut out,
    );
    duplicates(
        file,
        "rule",
        wizard.rules.iter().map(|r| r.id.as_str()),
        &mut out,
    );
    duplicates(
        file,
        "outcome",
        wizard.outcomes.iter().map(|o| o.id.as_str()),
        &mut out,
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
        duplicates(file, "answer", input.values(), &mut out);
    }

    let mut names_ok = true;
    for rule in &wizard.rules {
        let place = format!("rule '{}'", rule.id);
        names_ok &= check_condition(
            file,
            &place,
            wizard,
            &rule.when,
            InputRole::Decides,
            &mut out,
        );
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

    let mut used_by_steps = BTreeSet::new();
    for outcome in &wizard.outcomes {
        duplicates(
            file,
            "step",
            outcome.steps.iter().map(|s| s.id.as_str()),
            &mut out,
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
            check_condition(file, &place, wizard, &step.when, InputRole::Steps, &mut out);
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
            if let Some(texts) = texts {
                check_source(file, &place, &step.source, texts, &mut out);
                for (n, note) in step.notes.iter().enumerate() {
                    if let Some(source) = &note.source {
                        check_source(
                            file,
                            &format!("{place}, note {}", n + 1),
                            source,
                            texts,
                            &mut out,
                        );
                    }
                }
                for (n, warning) in step.warnings.iter().enumerate() {
                    check_source(
                        file,
                        &format!("{place}, warning {}", n + 1),
                        &warning.source,
                        texts,
                        &mut out,
                    );
                }
            }
        }
    }

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

    if !names_ok {
        return out; // the exhaustive checks would only repeat the naming errors
    }
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
        return out;
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
    out
}

/// Every quote cited anywhere in the catalog, normalized.
fn all_quotes(catalog: &Catalog) -> Vec<(String, String)> {
    let mut quotes = Vec::new();
    let mut add = |source: &Source| {
        if let Source::Seed { seed, quote, .. } = source {
            quotes.push((seed.clone(), normalize(quote)));
        }
    };
    for w in &catalog.wizards {
        for o in &w.wizard.outcomes {
            for s in &o.steps {
                add(&s.source);
                s.notes
                    .iter()
                    .filter_map(|n| n.source.as_ref())
                    .for_each(&mut add);
                s.warnings.iter().for_each(|w| add(&w.source));
            }
        }
    }
    quotes
}

/// Seed lines that carry a sentence (4 words or more) and are cited nowhere.
pub fn coverage(catalog: &Catalog, texts: &SourceTexts) -> Vec<Problem> {
    let quotes = all_quotes(catalog);
    let mut out = Vec::new();
    for (seed, text) in &texts.seeds {
        for line in text.lines() {
            let line = normalize(line);
            if line.split(' ').count() < MIN_WORDS_TO_COVER {
                continue;
            }
            let cited = quotes
                .iter()
                .any(|(s, q)| s == seed && !q.is_empty() && line.contains(q.as_str()));
            let excepted = catalog
                .coverage_exceptions
                .iter()
                .any(|e| &e.seed == seed && normalize(&e.line) == line);
            if !cited && !excepted {
                out.push(Problem::UncoveredSeedLine {
                    seed: seed.clone(),
                    line,
                });
            }
        }
    }
    out
}

/// Verifies the whole catalog. With `texts`, also checks sources and seed coverage.
pub fn verify(catalog: &Catalog, texts: Option<&SourceTexts>) -> Vec<Problem> {
    let actions: BTreeSet<&str> = catalog.actions.iter().map(|a| a.id.as_str()).collect();
    let mut out = Vec::new();
    let ids = catalog.wizard_ids();
    for choice in &catalog.start.choices {
        if !ids.contains(&choice.wizard.as_str()) {
            out.push(Problem::StartUnknownWizard {
                wizard: choice.wizard.clone(),
            });
        }
    }
    for w in &catalog.wizards {
        if !catalog
            .start
            .choices
            .iter()
            .any(|c| c.wizard == w.wizard.id)
        {
            out.push(Problem::WizardNotOnStart {
                file: w.file.clone(),
                wizard: w.wizard.id.clone(),
            });
        }
        out.extend(verify_wizard(&w.file, &w.wizard, &actions, texts));
    }
    if let Some(texts) = texts {
        out.extend(coverage(catalog, texts));
    }
    out
}
