//! The client itself: one base URL, one token, pacing and retry settings. Its requests
//! are sent by `transport`; each API area adds its own methods in its own file.

use crate::pacer::Pacer;
use crate::recording::CallRecorder;
use crate::token::{AccessToken, Auth, TokenProvider};
use crate::WebexError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Webex's public API.
pub const DEFAULT_BASE_URL: &str = "https://webexapis.com/v1";

/// How a client paces and retries. The defaults suit Webex.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Requests per second for all clones of the client together.
    pub requests_per_second: u32,
    /// Time allowed for one request and its answer.
    pub timeout: Duration,
    /// Extra attempts for requests without side effects after a 5xx or network error.
    pub max_retries: usize,
    /// Smallest backoff delay between those attempts (jittered, growing).
    pub min_backoff: Duration,
    /// Longest backoff delay between those attempts.
    pub max_backoff: Duration,
    /// A Retry-After longer than this is cut to it.
    pub max_retry_after: Duration,
    /// How often one request is sent again after 429/423 before giving up.
    pub max_rate_limited_attempts: u32,
    /// Wait used after a 429/423 without Retry-After.
    pub default_retry_after: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            requests_per_second: 10,
            timeout: Duration::from_secs(30),
            max_retries: 4,
            min_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(300),
            max_rate_limited_attempts: 30,
            default_retry_after: Duration::from_secs(2),
        }
    }
}

/// A Webex API client bound to one base URL and one token. Clones share the rate limiter.
#[derive(Clone)]
pub struct Client {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) token: Auth,
    pub(crate) options: ClientOptions,
    pub(crate) pacer: Arc<Pacer>,
    pub(crate) recorder: Option<CallRecorder>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .finish()
    }
}

impl Client {
    /// A client with the default pacing and retries.
    pub fn new(base_url: &str, token: AccessToken) -> Result<Client, WebexError> {
        Client::with_options(base_url, token, ClientOptions::default())
    }

    /// A client with the given pacing and retries.
    pub fn with_options(
        base_url: &str,
        token: AccessToken,
        options: ClientOptions,
    ) -> Result<Client, WebexError> {
        Client::build(base_url, Auth::Fixed(token), options)
    }

    /// A client whose token comes from `provider` (renewed before expiry and once on 401).
    pub fn with_token_provider(
        base_url: &str,
        provider: Arc<dyn TokenProvider>,
        options: ClientOptions,
    ) -> Result<Client, WebexError> {
        Client::build(base_url, Auth::Provided(provider), options)
    }

    fn build(base_url: &str, token: Auth, options: ClientOptions) -> Result<Client, WebexError> {
        let parsed = url::Url::parse(base_url).map_err(|_| WebexError::BaseUrl(base_url.into()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(WebexError::BaseUrl(base_url.into()));
        }
        let http = reqwest::Client::builder()
            .timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| WebexError::Network {
                base_url: base_url.into(),
                message: e.to_string(),
                tracking_id: String::new(),
            })?;
        Ok(Client {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            pacer: Arc::new(Pacer::new(options.requests_per_second)),
            token,
            options,
            recorder: None,
        })
    }

    /// A clone (sharing the rate limiter) that records every call it sends, so the
    /// caller can audit exactly what went out: `(client, recorder)`.
    pub fn recording(&self) -> (Client, CallRecorder) {
        let recorder = CallRecorder::default();
        let mut client = self.clone();
        client.recorder = Some(recorder.clone());
        (client, recorder)
    }

    /// The recorder of a [`Client::recording`] clone.
    pub fn recorder(&self) -> Option<&CallRecorder> {
        self.recorder.as_ref()
    }

    /// The same client with another pace: a new limiter of `requests_per_second`.
    pub fn with_rate(&self, requests_per_second: u32) -> Client {
        let mut client = self.clone();
        client.options.requests_per_second = requests_per_second.max(1);
        client.pacer = Arc::new(Pacer::new(requests_per_second.max(1)));
        client
    }

    /// The API base URL, e.g. `https://webexapis.com/v1`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_that_is_not_http_is_refused() {
        for bad in ["webexapis.com/v1", "ftp://example.com", ""] {
            let err = Client::new(bad, AccessToken::new("t")).unwrap_err();
            assert!(matches!(err, WebexError::BaseUrl(_)), "{bad}: {err:?}");
        }
    }
}
