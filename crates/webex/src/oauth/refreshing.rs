//! OAuth tokens that renew themselves for a [`crate::Client`]: before they expire, and
//! once when Webex answers 401.

use super::{Integration, OAuthError, Tokens, REFRESH_MARGIN};
use crate::{AccessToken, TokenFuture, TokenProvider, WebexError};
use std::time::{Duration, SystemTime};

/// OAuth tokens that refresh themselves: before they expire, and once when Webex
/// answers 401. Each refresh's tokens go to `on_refresh` (to keep the new refresh token).
pub struct RefreshingToken {
    integration: Integration,
    tokens: tokio::sync::Mutex<Tokens>,
    on_refresh: Box<dyn Fn(&Tokens) + Send + Sync>,
    margin: Duration,
}

impl RefreshingToken {
    /// Tokens of `integration`; `on_refresh` is called with every new set.
    pub fn new(
        integration: Integration,
        tokens: Tokens,
        on_refresh: impl Fn(&Tokens) + Send + Sync + 'static,
    ) -> RefreshingToken {
        RefreshingToken {
            integration,
            tokens: tokio::sync::Mutex::new(tokens),
            on_refresh: Box::new(on_refresh),
            margin: REFRESH_MARGIN,
        }
    }

    /// Refresh this long before expiry instead of [`REFRESH_MARGIN`].
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// When the access token expires.
    pub async fn expires_at(&self) -> SystemTime {
        self.tokens.lock().await.expires_at
    }

    async fn refresh_locked(&self, tokens: &mut Tokens) -> Result<(), WebexError> {
        let refresh = tokens
            .refresh_token
            .clone()
            .ok_or_else(|| WebexError::SignInExpired(OAuthError::NoRefreshToken.to_string()))?;
        let fresh = self
            .integration
            .refresh(&refresh)
            .await
            .map_err(|e| WebexError::SignInExpired(e.to_string()))?;
        tracing::info!("renewed the Webex sign-in");
        (self.on_refresh)(&fresh);
        *tokens = fresh;
        Ok(())
    }
}

impl TokenProvider for RefreshingToken {
    fn token(&self) -> TokenFuture<'_, AccessToken> {
        Box::pin(async move {
            let mut tokens = self.tokens.lock().await;
            if SystemTime::now() + self.margin >= tokens.expires_at {
                self.refresh_locked(&mut tokens).await?;
            }
            Ok(tokens.access_token.clone())
        })
    }

    fn unauthorized<'a>(&'a self, rejected: &'a AccessToken) -> TokenFuture<'a, bool> {
        Box::pin(async move {
            let mut tokens = self.tokens.lock().await;
            if tokens.access_token.expose() != rejected.expose() {
                // Another request renewed it meanwhile: try the new one.
                return Ok(true);
            }
            if tokens.refresh_token.is_none() {
                return Ok(false);
            }
            self.refresh_locked(&mut tokens).await?;
            Ok(true)
        })
    }
}
