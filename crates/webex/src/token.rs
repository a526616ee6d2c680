//! The bearer token a client sends: a fixed one, or one a [`TokenProvider`] renews
//! (OAuth refresh). Neither ever shows in `Debug` output.

use crate::WebexError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A bearer token. `Debug` never shows it and it cannot be serialized.
#[derive(Clone)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(token.into())
    }
    /// The raw token, for the Authorization header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

/// What a [`TokenProvider`] returns.
pub type TokenFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, WebexError>> + Send + 'a>>;

/// Where a client gets its token when the token can change (OAuth refresh).
pub trait TokenProvider: Send + Sync {
    /// The token to send now, renewed first when it is about to expire.
    fn token(&self) -> TokenFuture<'_, AccessToken>;
    /// Webex answered 401 to `rejected`: renew once. `true` when a new token may be tried.
    fn unauthorized<'a>(&'a self, rejected: &'a AccessToken) -> TokenFuture<'a, bool>;
}

/// A fixed token, or one that renews itself.
#[derive(Clone)]
pub(crate) enum Auth {
    Fixed(AccessToken),
    Provided(Arc<dyn TokenProvider>),
}

impl Auth {
    /// The token to send now.
    pub(crate) async fn current(&self) -> Result<AccessToken, WebexError> {
        match self {
            Auth::Fixed(t) => Ok(t.clone()),
            Auth::Provided(p) => p.token().await,
        }
    }

    /// Webex refused `rejected` with 401: `true` when a renewed token may be tried (a
    /// fixed token cannot be renewed).
    pub(crate) async fn renew_after_401(&self, rejected: &AccessToken) -> Result<bool, WebexError> {
        match self {
            Auth::Fixed(_) => Ok(false),
            Auth::Provided(p) => p.unauthorized(rejected).await,
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Fixed(t) => t.fmt(f),
            Auth::Provided(_) => f.write_str("TokenProvider(***)"),
        }
    }
}
