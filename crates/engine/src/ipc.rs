//! Types that cross to the UI (exported to TypeScript, see `bindings`).

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionMode {
    SignedOut,
    /// The simulated tenant inside this app.
    Demo,
    Live,
}

/// Who is signed in, to which org. Never a token.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionStatus {
    pub mode: ConnectionMode,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub org_id: Option<String>,
}
