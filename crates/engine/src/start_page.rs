//! The start page as the UI shows it: "What do you want to do?" and a wizard a choice.

use serde::Serialize;
use ts_rs::TS;

/// One wizard as the start page offers it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WizardSummary {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The start page's wording of this choice.
    pub label: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// The start page: "What do you want to do?" and its choices.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartPage {
    pub question: String,
    pub help: String,
    pub choices: Vec<WizardSummary>,
}
