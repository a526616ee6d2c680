//! What can go wrong talking to Webex, typed so callers can branch on it, and the
//! reading of Webex's error bodies (`message`, `errors[].errorCode`, `trackingId`).

use crate::model::{ErrorBody, ErrorDetail};
use reqwest::StatusCode;
use serde_json::Value;

/// Webex error code: "The BroadWorks UserID is already associated with an existing user".
pub const ERROR_USER_ID_ALREADY_ASSOCIATED: i64 = 10022;
/// Error code the simulator (and, we expect, Webex) puts in a subscriber's `errors` when
/// attaching needs the customer's approval of the partner as external Full Admin.
pub const ERROR_EXTERNAL_ADMIN_APPROVAL_REQUIRED: i64 = 2017;

/// Errors from the Webex API, typed so callers can branch on them.
#[derive(Debug, thiserror::Error)]
pub enum WebexError {
    /// Webex answered with an error status.
    #[error("Webex answered {status}: {description}{} (tracking id {tracking_id})", codes_text(.codes))]
    Api {
        status: u16,
        /// Webex error codes from the body's `errors`, e.g. 10022.
        codes: Vec<i64>,
        description: String,
        tracking_id: String,
    },
    /// No answer: the connection failed, dropped or timed out. The request may or may
    /// not have taken effect.
    #[error("could not reach Webex at {base_url}: {message} (tracking id {tracking_id})")]
    Network {
        base_url: String,
        message: String,
        tracking_id: String,
    },
    /// An answer that does not match the API's shapes.
    #[error("Webex answered in a way this app could not read: {0}")]
    Decode(String),
    /// The configured base URL is unusable.
    #[error("the base URL '{0}' is not a valid URL")]
    BaseUrl(String),
    /// A paging link pointed somewhere else than the API; it is not followed (the token
    /// would go with it).
    #[error("Webex sent a paging link to another address ({0}); it was not followed")]
    ForeignLink(String),
    /// A request the client refused to send, because Webex's API cannot take it (a
    /// blank id in the path, say). Nothing was sent.
    #[error("not sent to Webex: {0}")]
    InvalidRequest(String),
    /// The sign-in expired and could not be renewed: sign in again.
    #[error("the Webex sign-in has expired and could not be renewed: {0}")]
    SignInExpired(String),
}

fn codes_text(codes: &[i64]) -> String {
    if codes.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        format!(" [error code {}]", list.join(", "))
    }
}

impl WebexError {
    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<u16> {
        match self {
            WebexError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The Webex error codes of an API error.
    pub fn codes(&self) -> &[i64] {
        match self {
            WebexError::Api { codes, .. } => codes,
            _ => &[],
        }
    }

    /// The tracking id to quote to Cisco support, when there was a request.
    pub fn tracking_id(&self) -> Option<&str> {
        match self {
            WebexError::Api { tracking_id, .. } | WebexError::Network { tracking_id, .. } => {
                Some(tracking_id)
            }
            _ => None,
        }
    }

    /// True when the answer was lost or the server failed: the request may have taken
    /// effect, so a write must be checked before it is sent again.
    pub fn answer_may_be_lost(&self) -> bool {
        match self {
            WebexError::Network { .. } => true,
            WebexError::Api { status, .. } => *status >= 500,
            _ => false,
        }
    }
}

/// The error an answer with an error status stands for: Webex's own words and codes
/// when its body says them, the status's name otherwise.
pub(crate) fn api_error(status: StatusCode, body: &[u8], tracking_id: String) -> WebexError {
    let e = read_error_body(body);
    WebexError::Api {
        status: status.as_u16(),
        codes: e.errors.iter().filter_map(|d| d.error_code).collect(),
        description: e
            .message
            .or_else(|| e.errors.iter().find_map(|d| d.description.clone()))
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").into()),
        tracking_id: e.tracking_id.unwrap_or(tracking_id),
    }
}

/// Webex's error envelope, read field by field: the spec documents error statuses without
/// a body, so a body that is not JSON, not an object, or has one odd field (`errors: null`,
/// one error object instead of a list, a number for `message`) loses only what is odd.
fn read_error_body(body: &[u8]) -> ErrorBody {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return ErrorBody::default();
    };
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
    };
    let detail = |v: &Value| serde_json::from_value::<ErrorDetail>(v.clone()).ok();
    let errors = match value.get("errors") {
        Some(Value::Array(list)) => list.iter().filter_map(detail).collect(),
        Some(one @ Value::Object(_)) => detail(one).into_iter().collect(),
        _ => Vec::new(),
    };
    ErrorBody {
        message: text("message"),
        errors,
        tracking_id: text("trackingId"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn an_odd_field_in_an_error_body_loses_only_itself() {
        let body = br#"{"message":null,"errors":{"errorCode":"2017","description":"Approve us"},"trackingId":"ROUTER_2"}"#;
        let err = api_error(StatusCode::FORBIDDEN, body, "WXM_mine".into());
        assert_eq!(
            (
                err.codes(),
                err.to_string().contains("Approve us"),
                err.tracking_id()
            ),
            (&[2017][..], true, Some("ROUTER_2"))
        );
        let body = br#"{"message":"Down","errors":null,"trackingId":"ROUTER_3"}"#;
        let err = api_error(StatusCode::SERVICE_UNAVAILABLE, body, "WXM_mine".into());
        assert_eq!(
            (err.to_string().contains("Down"), err.tracking_id()),
            (true, Some("ROUTER_3"))
        );
    }
}
