//! What can be wrong with the tables, each problem worded so that it names the file,
//! the rule or step, the answers, and what to do about it.

use super::MAX_COMBINATIONS;
use crate::evaluate::Answers;
use crate::model::InputRole;
use std::fmt;

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
    UnknownStatus {
        file: String,
        place: String,
        status: String,
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
            UnknownStatus { file, place, status } => write!(f, "{file}: {place} names '{status}' as evidence, which is not a Webex subscriber status; use one of {}", crate::SUBSCRIBER_STATUSES.join(", ")),
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
