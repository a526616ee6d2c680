//! A typed client for the parts of the Webex REST API the migration wizards use.
//! The base URL is a setting, so the same client talks to Webex or to `webex-sim`.

pub mod model;

use model::Person;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::fmt;
use std::time::Duration;

/// Webex's public API.
pub const DEFAULT_BASE_URL: &str = "https://webexapis.com/v1";
/// Request header carrying our tracking id; Webex answers with its own `trackingid`.
pub const TRACKING_HEADER: &str = "TrackingID";

/// A bearer token. `Debug` never shows it and it cannot be serialized.
#[derive(Clone)]
pub struct AccessToken(String);

impl AccessToken {
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

/// Errors from the Webex API, typed so callers can branch on them.
#[derive(Debug, thiserror::Error)]
pub enum WebexError {
    #[error("Webex answered {status}: {description} (tracking id {tracking_id})")]
    Api {
        status: u16,
        codes: Vec<i64>,
        description: String,
        tracking_id: String,
    },
    #[error("could not reach Webex at {base_url}: {message}")]
    Network { base_url: String, message: String },
    #[error("Webex sent an answer this app does not understand: {0}")]
    Decode(String),
    #[error("the base URL '{0}' is not a valid URL")]
    BaseUrl(String),
}

impl WebexError {
    pub fn status(&self) -> Option<u16> {
        match self {
            WebexError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// A Webex API client bound to one base URL and one token.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    token: AccessToken,
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
    pub fn new(base_url: &str, token: AccessToken) -> Result<Client, WebexError> {
        let parsed = url::Url::parse(base_url).map_err(|_| WebexError::BaseUrl(base_url.into()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(WebexError::BaseUrl(base_url.into()));
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| WebexError::Network {
                base_url: base_url.into(),
                message: e.to_string(),
            })?;
        Ok(Client {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            token,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, WebexError> {
        let tracking_id = format!("WXM_{}", uuid::Uuid::new_v4());
        let response = self
            .http
            .get(format!("{}{}", self.base_url, path))
            .bearer_auth(self.token.expose())
            .header(TRACKING_HEADER, &tracking_id)
            .send()
            .await
            .map_err(|e| WebexError::Network {
                base_url: self.base_url.clone(),
                // without the URL: reqwest errors can carry query strings
                message: e.without_url().to_string(),
            })?;
        let status = response.status();
        let answered_tracking = response
            .headers()
            .get("trackingid")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .unwrap_or(tracking_id);
        let body = response.bytes().await.map_err(|e| WebexError::Network {
            base_url: self.base_url.clone(),
            message: e.without_url().to_string(),
        })?;
        if status.is_success() {
            serde_json::from_slice(&body).map_err(|e| WebexError::Decode(e.to_string()))
        } else {
            Err(api_error(status, &body, answered_tracking))
        }
    }

    /// Who this token belongs to.
    pub async fn me(&self) -> Result<Person, WebexError> {
        self.get("/people/me").await
    }
}

fn api_error(status: StatusCode, body: &[u8], tracking_id: String) -> WebexError {
    let parsed: Option<model::ErrorBody> = serde_json::from_slice(body).ok();
    let (description, codes, tracking) = match parsed {
        Some(e) => (
            e.message
                .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").into()),
            e.errors.iter().filter_map(|d| d.error_code).collect(),
            e.tracking_id.unwrap_or(tracking_id),
        ),
        None => (
            status.canonical_reason().unwrap_or("error").to_string(),
            Vec::new(),
            tracking_id,
        ),
    };
    WebexError::Api {
        status: status.as_u16(),
        codes,
        description,
        tracking_id: tracking,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_never_shows_in_debug_output() {
        let token = AccessToken::new("secret-value-123");
        assert_eq!(format!("{token:?}"), "AccessToken(***)");
        let client = Client::new("http://127.0.0.1:1/v1", token).unwrap();
        assert!(!format!("{client:?}").contains("secret-value-123"));
    }

    #[test]
    fn a_base_url_that_is_not_http_is_refused() {
        for bad in ["webexapis.com/v1", "ftp://example.com", ""] {
            let err = Client::new(bad, AccessToken::new("t")).unwrap_err();
            assert!(matches!(err, WebexError::BaseUrl(_)), "{bad}: {err:?}");
        }
    }

    #[test]
    fn a_webex_error_body_gives_codes_description_and_tracking_id() {
        let body = br#"{"message":"Not allowed","errors":[{"description":"x","errorCode":2017}],"trackingId":"ROUTER_1"}"#;
        match api_error(StatusCode::FORBIDDEN, body, "WXM_mine".into()) {
            WebexError::Api {
                status,
                codes,
                description,
                tracking_id,
            } => {
                assert_eq!(
                    (status, codes, description.as_str(), tracking_id.as_str()),
                    (403, vec![2017], "Not allowed", "ROUTER_1")
                );
            }
            other => panic!("{other:?}"),
        }
        // A body that is not JSON still gives a clear error with our tracking id.
        match api_error(StatusCode::BAD_GATEWAY, b"<html>", "WXM_mine".into()) {
            WebexError::Api {
                status,
                description,
                tracking_id,
                ..
            } => {
                assert_eq!(
                    (status, description.as_str(), tracking_id.as_str()),
                    (502, "Bad Gateway", "WXM_mine")
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
