//! The connection as the UI and `wxm` show it: demo, live or signed out, who, until
//! when, and the sign-in forms' settings. Never a token.

use serde::Serialize;
use ts_rs::TS;

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
