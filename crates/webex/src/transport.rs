//! Sending one request: pacing, the tracking id, 429/423 pauses for every caller, one
//! renewal after a 401, recording, jittered retries of requests without side effects,
//! and reading the answer into a value or a [`WebexError`].

use crate::error::api_error;
use crate::pacer::parse_retry_after;
use crate::paging::next_link;
use crate::{Client, WebexError};
use backon::{ExponentialBuilder, Retryable};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::{Duration, SystemTime};

/// Request header carrying our tracking id; Webex answers with its own `trackingid`.
pub const TRACKING_HEADER: &str = "TrackingID";

/// A write's result with the tracking id Webex gave it (for the audit log).
#[derive(Debug, Clone, PartialEq)]
pub struct Tracked<T> {
    pub value: T,
    pub tracking_id: String,
}

/// One answer, read whole.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) body: Vec<u8>,
    pub(crate) tracking_id: String,
    /// The `Link: rel="next"` target, when more pages follow.
    pub(crate) next: Option<String>,
}

/// One request to send: what `send`, `call` and `call_safe` take.
#[derive(Clone, Copy)]
pub(crate) struct Outgoing<'a> {
    pub(crate) method: &'a Method,
    pub(crate) url: &'a str,
    pub(crate) query: &'a [(String, String)],
    pub(crate) body: Option<&'a serde_json::Value>,
}

impl Client {
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    fn network_error(&self, e: reqwest::Error, tracking_id: &str) -> WebexError {
        let kind = if e.is_timeout() {
            "timed out"
        } else if e.is_connect() {
            "connection failed"
        } else {
            "connection lost"
        };
        WebexError::Network {
            base_url: self.base_url.clone(),
            // without the URL: reqwest errors can carry query strings
            message: format!("{kind}: {}", e.without_url()),
            tracking_id: tracking_id.to_string(),
        }
    }

    /// Sends once (after the pacer allows it); answers 429/423 are retried after
    /// Retry-After, pausing every caller.
    async fn send(&self, request: Outgoing<'_>) -> Result<Answer, WebexError> {
        let Outgoing {
            method,
            url,
            query,
            body,
        } = request;
        let mut rate_limited = 0u32;
        let mut renewed = false;
        loop {
            self.pacer.ready().await;
            let token = self.token.current().await?;
            let tracking_id = format!("WXM_{}", uuid::Uuid::new_v4());
            let mut request = self
                .http
                .request(method.clone(), url)
                .bearer_auth(token.expose())
                .header(TRACKING_HEADER, &tracking_id);
            if !query.is_empty() {
                request = request.query(query);
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = match request.send().await {
                Ok(r) => r,
                Err(e) => {
                    self.record(method, url, None, &tracking_id, None);
                    return Err(self.network_error(e, &tracking_id));
                }
            };
            let status = response.status();
            let answered_tracking = response
                .headers()
                .get("trackingid")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
                .unwrap_or_else(|| tracking_id.clone());
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    parse_retry_after(v, SystemTime::now(), self.options.max_retry_after)
                });
            let server_date = response
                .headers()
                .get(reqwest::header::DATE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| httpdate::parse_http_date(v).ok());
            let next = response
                .headers()
                .get_all(reqwest::header::LINK)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(next_link);
            let body = match response.bytes().await {
                Ok(b) => b,
                Err(e) => {
                    self.record(method, url, None, &answered_tracking, None);
                    return Err(self.network_error(e, &answered_tracking));
                }
            };
            if matches!(status.as_u16(), 429 | 423)
                && rate_limited < self.options.max_rate_limited_attempts
            {
                rate_limited += 1;
                let wait = retry_after.unwrap_or(self.options.default_retry_after)
                    + Duration::from_millis(fastrand::u64(0..250));
                tracing::info!(
                    status = status.as_u16(),
                    tracking_id = %answered_tracking,
                    wait_ms = wait.as_millis() as u64,
                    "Webex asked us to slow down; pausing every request"
                );
                self.pacer.pause(wait);
                continue;
            }
            if status.as_u16() == 401 && !renewed {
                renewed = true;
                if self.token.renew_after_401(&token).await? {
                    tracing::info!(tracking_id = %answered_tracking, "Webex answered 401; trying again with a renewed sign-in");
                    continue;
                }
            }
            self.record(
                method,
                url,
                Some(status.as_u16()),
                &answered_tracking,
                server_date,
            );
            return Ok(Answer {
                status,
                body: body.to_vec(),
                tracking_id: answered_tracking,
                next,
            });
        }
    }

    /// One request, its answer checked for an error status.
    async fn call(&self, request: Outgoing<'_>) -> Result<Answer, WebexError> {
        let answer = self.send(request).await?;
        if answer.status.is_success() {
            Ok(answer)
        } else {
            let err = api_error(answer.status, &answer.body, answer.tracking_id);
            tracing::debug!(method = %request.method, error = %err, "Webex request failed");
            Err(err)
        }
    }

    /// A request without side effects: retried with jittered backoff on 5xx and network errors.
    pub(crate) async fn call_safe(&self, request: Outgoing<'_>) -> Result<Answer, WebexError> {
        let backoff = ExponentialBuilder::default()
            .with_jitter()
            .with_min_delay(self.options.min_backoff)
            .with_max_delay(self.options.max_backoff)
            .with_max_times(self.options.max_retries);
        (|| self.call(request))
            .retry(backoff)
            .when(WebexError::answer_may_be_lost)
            .notify(|err, wait| {
                tracing::info!(error = %err, wait_ms = wait.as_millis() as u64, "retrying a read");
            })
            .await
    }

    /// The jittered wait before attempt number `attempt` of a write checked first.
    pub(crate) fn backoff_delay(&self, attempt: usize) -> Duration {
        let base = self
            .options
            .min_backoff
            .saturating_mul(1u32 << attempt.min(10) as u32)
            .min(self.options.max_backoff);
        let jitter = fastrand::u64(0..=base.as_millis() as u64);
        Duration::from_millis(jitter).max(self.options.min_backoff / 2)
    }

    pub(crate) fn decode<T: DeserializeOwned>(answer: &Answer) -> Result<T, WebexError> {
        serde_json::from_slice(&answer.body)
            .map_err(|e| WebexError::Decode(format!("{e} (tracking id {})", answer.tracking_id)))
    }

    /// A read of one resource, retried when the answer is lost.
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(String, String)],
    ) -> Result<T, WebexError> {
        let url = self.url(path);
        let answer = self
            .call_safe(Outgoing {
                method: &Method::GET,
                url: &url,
                query,
                body: None,
            })
            .await?;
        Self::decode(&answer)
    }

    /// The `{"items": [...]}` of a list read, every page of it (`Link: rel="next"`).
    pub(crate) async fn get_items<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(String, String)],
    ) -> Result<Vec<T>, WebexError> {
        // Every page: a partner with more than a page of customer organizations (or
        // administrators) must see them all, not the first hundred.
        self.get_all(path, query.to_vec()).await
    }

    /// A write, sent once; its answer decoded with the tracking id.
    pub(crate) async fn write<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<Tracked<T>, WebexError> {
        let body = body
            .map(serde_json::to_value)
            .transpose()
            .map_err(|e| WebexError::Decode(e.to_string()))?;
        let answer = self
            .call(Outgoing {
                method: &method,
                url: &self.url(path),
                query: &[],
                body: body.as_ref(),
            })
            .await?;
        Ok(Tracked {
            value: Self::decode(&answer)?,
            tracking_id: answer.tracking_id,
        })
    }

    /// A write whose answer has no body (`204`).
    pub(crate) async fn write_empty(
        &self,
        method: Method,
        path: &str,
    ) -> Result<Tracked<()>, WebexError> {
        let answer = self
            .call(Outgoing {
                method: &method,
                url: &self.url(path),
                query: &[],
                body: None,
            })
            .await?;
        Ok(Tracked {
            value: (),
            tracking_id: answer.tracking_id,
        })
    }
}

/// One path segment, percent-encoded so an id can never change the path. A blank id is
/// refused before anything is sent: `/broadworks/subscribers/` names no operation of
/// Webex's API (or, worse, another one).
pub(crate) fn segment(id: &str) -> Result<String, WebexError> {
    if id.trim().is_empty() {
        return Err(WebexError::InvalidRequest(
            "an id in the request path is empty".into(),
        ));
    }
    Ok(url::form_urlencoded::byte_serialize(id.as_bytes())
        .collect::<String>()
        .replace('+', "%20"))
}

/// `{collection}/{id}`, the id percent-encoded (see [`segment`]).
pub(crate) fn item_path(collection: &str, id: &str) -> Result<String, WebexError> {
    Ok(format!("{collection}/{}", segment(id)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_escape_their_path_segment() {
        assert_eq!(segment("a/../b").unwrap(), "a%2F..%2Fb");
        assert_eq!(segment("x y").unwrap(), "x%20y");
        assert_eq!(segment("SP+acme").unwrap(), "SP%2Bacme");
    }

    #[test]
    fn a_blank_id_is_refused_before_anything_is_sent() {
        for blank in ["", "  "] {
            let err = item_path("/people", blank).unwrap_err();
            assert!(matches!(err, WebexError::InvalidRequest(_)), "{err:?}");
        }
    }
}
