//! Signing in to Webex with OAuth 2.0 (RFC 6749, RFC 8252): authorization code with PKCE
//! (S256) and `state`, opened in the system browser by the caller, a one-shot loopback
//! listener for the redirect, and tokens that refresh themselves before they expire and
//! once after a 401. Built on the `oauth2` crate, over our reqwest client with
//! redirects off (so a token request can never be sent somewhere else).
//!
//! - `integration`: the registered integration and its token endpoint (code exchange,
//!   refresh);
//! - `authorization`: one sign-in under way (PKCE verifier, `state`, the browser's return);
//! - `loopback`: the one-shot listener at the redirect URI;
//! - `refreshing`: tokens that renew themselves for a client.

mod authorization;
mod integration;
mod loopback;
mod refreshing;

pub use authorization::Authorization;
pub use integration::{HttpFailure, Integration, OAuthHttp, Tokens};
pub use loopback::LoopbackListener;
pub use refreshing::RefreshingToken;

use std::time::Duration;

/// The redirect URI the integration registers by default (Webex needs an exact match).
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:6001/callback";
/// How long the loopback listener waits for the browser to come back.
pub const CALLBACK_TIMEOUT: Duration = Duration::from_secs(5 * 60);
/// How long a personal access token from the developer portal lives.
pub const PERSONAL_TOKEN_LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);
/// Tokens are refreshed this long before they expire.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// One scope the wizards ask for, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestedScope {
    pub scope: &'static str,
    pub why: &'static str,
}

/// The scopes the wizards need (reference: webex-api.md §1.8). The README lists them.
pub const SCOPES: &[RequestedScope] = &[
    RequestedScope {
        scope: "spark:people_read",
        why: "who is signed in (/people/me) and looking people up by email",
    },
    RequestedScope {
        scope: "spark-admin:people_read",
        why: "the people of a customer org the partner administers (attach checks)",
    },
    RequestedScope {
        scope: "spark-admin:organizations_read",
        why: "the organizations the partner manages and their names",
    },
    RequestedScope {
        scope: "spark-admin:roles_read",
        why: "which administrator role the partner holds in a customer org",
    },
    RequestedScope {
        scope: "spark-admin:licenses_read",
        why: "whether a customer org has active licenses (attach as Provisioning or Full Admin)",
    },
    RequestedScope {
        scope: "spark-admin:broadworks_enterprises_read",
        why: "the BroadWorks enterprises and their Webex orgs",
    },
    RequestedScope {
        scope: "spark-admin:broadworks_subscribers_read",
        why: "looking subscribers up, statuses, and checking before any retry",
    },
    RequestedScope {
        scope: "spark-admin:broadworks_subscribers_write",
        why: "precheck, provision, update and remove subscribers",
    },
    RequestedScope {
        scope: "spark-admin:places_write",
        why: "provision, update and remove BroadWorks workspaces (detach)",
    },
];

/// The scope names, as the authorize request sends them.
pub fn default_scopes() -> Vec<String> {
    SCOPES.iter().map(|s| s.scope.to_string()).collect()
}

/// What can go wrong signing in. Messages never contain a token, a code or a secret.
#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    /// The redirect URI is not a loopback `http://` address with a path.
    #[error("the redirect address '{uri}' cannot be used: {problem}")]
    RedirectUri { uri: String, problem: String },
    /// The base URL or client id cannot make a valid authorize or token address.
    #[error("the sign-in settings are not valid: {0}")]
    Settings(String),
    /// Another program holds the redirect port.
    #[error("cannot listen for the sign-in at {address}: {message}")]
    Listen { address: String, message: String },
    /// The browser did not come back in time.
    #[error("no sign-in came back from the browser within {minutes} minutes")]
    Timeout { minutes: u64 },
    /// The callback's `state` is not the one this sign-in sent.
    #[error("the answer that reached this app did not come from its own sign-in request (the state does not match), so it was refused")]
    StateMismatch,
    /// The person declined, or Webex refused the request (`error=` in the callback).
    #[error("Webex did not sign you in: {0}")]
    Denied(String),
    /// The callback carried neither a code nor an error.
    #[error("the answer from Webex has no authorization code")]
    NoCode,
    /// The token endpoint refused the code or the refresh token (`invalid_grant`, …).
    #[error("Webex refused the sign-in: {0}")]
    Refused(String),
    /// No answer from the token endpoint.
    #[error("could not reach Webex to finish signing in: {0}")]
    Network(String),
    /// Nothing to refresh with.
    #[error("this sign-in cannot be renewed: there is no refresh token")]
    NoRefreshToken,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scopes_each_say_why() {
        assert!(SCOPES.iter().all(|s| !s.why.is_empty()));
        assert!(default_scopes().contains(&"spark-admin:broadworks_subscribers_write".into()));
    }
}
