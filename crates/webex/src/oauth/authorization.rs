//! One sign-in under way: the authorize URL with a fresh PKCE S256 challenge and
//! `state`, the listener waiting for the browser, and the code exchanged once it comes.

use super::{Integration, LoopbackListener, OAuthError, Tokens};
use crate::Secret;
use oauth2::{CsrfToken, PkceCodeChallenge, Scope};
use std::fmt;
use std::time::Duration;
use url::Url;

impl Integration {
    /// Starts a sign-in: listens on the redirect URI (once), and makes the authorize URL
    /// with a fresh PKCE S256 challenge and `state`. Open [`Authorization::url`] in the
    /// system browser, then await [`Authorization::finish`].
    pub async fn start(&self) -> Result<Authorization, OAuthError> {
        let listener = LoopbackListener::bind(&self.redirect_uri).await?;
        let client = self.client(listener.redirect_uri())?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(CsrfToken::new_random)
            .set_pkce_challenge(challenge);
        for scope in &self.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state) = request.url();
        Ok(Authorization {
            url,
            state: Secret::new(state.secret().clone()),
            verifier: Secret::new(verifier.secret().clone()),
            listener,
            integration: self.clone(),
        })
    }
}

/// A sign-in under way: the URL to open, and the listener waiting for the browser.
pub struct Authorization {
    url: Url,
    state: Secret,
    verifier: Secret,
    listener: LoopbackListener,
    integration: Integration,
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("redirect_uri", self.listener.redirect_uri())
            .finish_non_exhaustive()
    }
}

impl Authorization {
    /// The authorize URL to open in the system browser.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Where the browser comes back (the port filled in when the settings gave 0).
    pub fn redirect_uri(&self) -> &Url {
        self.listener.redirect_uri()
    }

    /// Waits for the browser (at most `timeout`), checks `state`, and exchanges the code.
    /// The listener answers its path once and is closed when this returns.
    pub async fn finish(self, timeout: Duration) -> Result<Tokens, OAuthError> {
        let redirect = self.listener.redirect_uri().clone();
        let code = self.listener.wait(&self.state, timeout).await?;
        self.integration
            .exchange_code(&code, &self.verifier, &redirect)
            .await
    }
}
