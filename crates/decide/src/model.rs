//! The shape of a wizard file in `tables/`: inputs, rules and outcomes with their procedures.
//! These types are what a domain expert edits (as TOML) and what crosses to the UI.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// One wizard: a decision table plus the procedure for each outcome.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Wizard {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Who reads this wizard; the UI words each step's actor from their side
    /// ("You", "Your partner", …). Default: the partner's administrator.
    #[serde(default = "default_reader")]
    pub reader: Actor,
    pub inputs: Vec<Input>,
    pub rules: Vec<Rule>,
    pub outcomes: Vec<Outcome>,
}

fn default_reader() -> Actor {
    Actor::PartnerAdmin
}

/// Whether an input can change the outcome, or only which steps of a procedure are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InputRole {
    Decides,
    Steps,
}

/// A question the wizard may ask.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Input {
    pub id: String,
    pub role: InputRole,
    pub question: String,
    pub help: String,
    /// How to find out, for people who are not sure. Never a guessed answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub unsure: Option<String>,
    /// Id of a tenant look-up that can answer this question (an id of `actions.toml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lookup: Option<String>,
    pub answers: Vec<Answer>,
}

/// One allowed answer of an input.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Answer {
    pub value: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub hint: Option<String>,
    /// Words used in reasons: "Because {phrase}, …".
    pub phrase: String,
}

/// Allowed values in a condition: one value or any of several.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(untagged)]
pub enum Values {
    One(String),
    AnyOf(Vec<String>),
}

impl Values {
    pub fn as_slice(&self) -> &[String] {
        match self {
            Values::One(v) => std::slice::from_ref(v),
            Values::AnyOf(vs) => vs,
        }
    }

    pub fn contains(&self, value: &str) -> bool {
        self.as_slice().iter().any(|v| v == value)
    }
}

/// Conditions over inputs; an input that is not named matches any answer.
pub type Condition = BTreeMap<String, Values>;

/// A rule: when the answers match, this outcome applies.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Rule {
    pub id: String,
    #[ts(type = "Record<string, string | string[]>")]
    pub when: Condition,
    pub outcome: String,
    /// Overrides the outcome's reason for this rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<String>,
}

/// A procedure to follow, chosen by the rules.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Outcome {
    pub id: String,
    pub title: String,
    /// Template; `{input_id}` is replaced by the chosen answer's phrase.
    pub reason: String,
    #[serde(default)]
    pub steps: Vec<Step>,
}

/// Who does a step. The UI words it from the reader's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    PartnerAdmin,
    CustomerAdmin,
    EndUser,
    App,
    /// Happens by itself inside Webex.
    Webex,
}

impl Actor {
    pub const ALL: [Actor; 5] = [
        Actor::PartnerAdmin,
        Actor::CustomerAdmin,
        Actor::EndUser,
        Actor::App,
        Actor::Webex,
    ];

    /// The id used in tables and on the wire.
    pub fn id(self) -> &'static str {
        match self {
            Actor::PartnerAdmin => "partner_admin",
            Actor::CustomerAdmin => "customer_admin",
            Actor::EndUser => "end_user",
            Actor::App => "app",
            Actor::Webex => "webex",
        }
    }

    /// Who does a step, worded from the reader's side: a partner reads "You" for
    /// their own steps and "The customer's administrator" for the customer's; a
    /// customer administrator reads "You" and "Your partner".
    pub fn label_for(self, reader: Actor) -> &'static str {
        match (self, reader) {
            (a, r) if a == r => "You",
            (Actor::PartnerAdmin, Actor::CustomerAdmin) => "Your partner",
            (Actor::PartnerAdmin, _) => "The partner's administrator",
            (Actor::CustomerAdmin, _) => "The customer's administrator",
            (Actor::EndUser, _) => "The user",
            (Actor::App, _) => "This app",
            (Actor::Webex, _) => "Webex, automatically",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    #[default]
    Task,
    /// Must be true before you start.
    Precondition,
    /// Happens by itself; nobody has to act.
    Automatic,
}

/// One step of a procedure.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Step {
    pub id: String,
    pub actor: Actor,
    #[serde(default)]
    pub kind: StepKind,
    pub text: String,
    /// Shown only when these ("steps") inputs match.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(type = "Record<string, string | string[]>", optional)]
    pub when: Condition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub check: Option<String>,
    /// Webex subscriber statuses that show this step is done (for example
    /// `provisioned` for the user's own moving steps). This app's reading of the
    /// procedure, used to tick steps from what Webex reports; not Cisco's rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub evidence: Vec<String>,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

/// A note on a step. Without a source it is this app's advice, not Cisco's rule.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Note {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source: Option<Source>,
}

/// A warning, shown before its step. Always sourced.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Warning {
    pub text: String,
    pub source: Source,
}

/// Where a step, note or warning comes from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(untagged)]
pub enum Source {
    /// A seed procedure: file, section heading and a short verbatim fragment.
    Seed {
        seed: String,
        section: String,
        quote: String,
    },
    /// A section of the public reference (help-center steps the seeds only name).
    Reference {
        reference: String,
        section: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        quote: Option<String>,
    },
}

impl Source {
    pub fn section(&self) -> &str {
        match self {
            Source::Seed { section, .. } | Source::Reference { section, .. } => section,
        }
    }
}

/// An API action a step can be bound to (performed by later features).
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Action {
    pub id: String,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActionList {
    #[serde(default)]
    pub actions: Vec<Action>,
}

/// The start page: what the person wants to do, and which wizard that is.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Start {
    pub question: String,
    pub help: String,
    pub choices: Vec<StartChoice>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StartChoice {
    pub wizard: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub hint: Option<String>,
}

impl Wizard {
    pub fn input(&self, id: &str) -> Option<&Input> {
        self.inputs.iter().find(|i| i.id == id)
    }

    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.id == id)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

impl Input {
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.answers.iter().map(|a| a.value.as_str())
    }

    pub fn answer(&self, value: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.value == value)
    }
}

/// The statuses Webex gives a Webex for BroadWorks subscriber (reference §2.6), which
/// a step's `evidence` may name.
pub const SUBSCRIBER_STATUSES: [&str; 7] = [
    "pending_email_input",
    "pending_email_validation",
    "pending_user_migration",
    "provisioning",
    "provisioned",
    "updating",
    "error",
];
