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

/// Who is signed in, to which org, and until when. Never a token.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionStatus {
    pub mode: ConnectionMode,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub org_id: Option<String>,
    /// The org's name, when Webex shows it to this person.
    pub org_name: Option<String>,
    /// True for the simulated demo tenant (marked as such on every page).
    pub demo: bool,
    /// How the person signed in.
    pub method: Option<SignInMethod>,
    /// When the sign-in ends unless renewed (RFC 3339); none for the demo tenant.
    pub expires_at: Option<String>,
    /// Set when no keychain is reachable and secrets stay in memory for this run.
    pub keychain: Option<Notice>,
}

/// How the person signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SignInMethod {
    /// The simulated tenant inside this app.
    Demo,
    /// OAuth in the system browser with the partner's Webex integration.
    Webex,
    /// A personal access token pasted from the Webex developer portal (12 hours).
    PersonalToken,
}

/// Something the person should know, with a stable code the UI branches on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Notice {
    pub code: String,
    pub message: String,
}

/// One OAuth scope the app asks for, and why.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ScopeInfo {
    pub scope: String,
    pub why: String,
}

/// What the Webex sign-in form starts with. Never a secret: only whether one is stored.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WebexSignInSettings {
    pub client_id: Option<String>,
    pub redirect_uri: String,
    pub has_client_secret: bool,
    pub scopes: Vec<ScopeInfo>,
    pub keychain: Option<Notice>,
}

/// A Webex sign-in under way: the address opened in the system browser.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInStarted {
    pub authorize_url: String,
    pub redirect_uri: String,
    /// False when no browser could be opened: the person opens `authorize_url` by hand.
    pub browser_opened: bool,
}

/// A file or folder the person chose in a native dialog. The window holds only its id
/// and name; the path stays in the app, so the webview never supplies one.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChosenPath {
    /// What the window hands back to the command that reads or writes it.
    pub id: String,
    /// The file or folder's name, to show.
    pub name: String,
}
