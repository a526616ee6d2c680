//! What a client sent, as the audit log records it: method, path, status and tracking
//! id of every request of a [`Client::recording`] clone. Never the token or the body.

use crate::Client;
use reqwest::Method;
use std::sync::{Arc, Mutex};

/// One request as this client sent it, and how Webex answered: what the audit log
/// records. Never the token or the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentCall {
    /// `GET`, `POST`, `PUT`, `DELETE`.
    pub method: String,
    /// The path under the base URL, without the query (`/broadworks/subscribers`).
    pub path: String,
    /// The HTTP status; `None` when no answer came.
    pub status: Option<u16>,
    /// Webex's tracking id of the request.
    pub tracking_id: String,
    /// Webex's clock when it answered (the `Date` header), when it said.
    pub server_date: Option<std::time::SystemTime>,
}

impl SentCall {
    /// True when Webex answered with a 2xx status.
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// The calls made through a [`Client::recording`] clone, in the order they ended.
#[derive(Debug, Clone, Default)]
pub struct CallRecorder(Arc<Mutex<Vec<SentCall>>>);

impl CallRecorder {
    /// Takes the calls recorded so far.
    pub fn take(&self) -> Vec<SentCall> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Webex's clock at the latest answer recorded so far (its `Date`), if it said.
    pub fn last_server_date(&self) -> Option<std::time::SystemTime> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter_map(|c| c.server_date)
            .max()
    }

    fn push(&self, call: SentCall) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(call);
    }
}

impl Client {
    /// Notes a request that ended (with an answer, or `status: None` without one).
    pub(crate) fn record(
        &self,
        method: &Method,
        url: &str,
        status: Option<u16>,
        tracking_id: &str,
        server_date: Option<std::time::SystemTime>,
    ) {
        let Some(recorder) = &self.recorder else {
            return;
        };
        let base_path = url::Url::parse(&self.base_url)
            .map(|u| u.path().trim_end_matches('/').to_string())
            .unwrap_or_default();
        let path = url::Url::parse(url)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| url.to_string());
        let path = path
            .strip_prefix(&base_path)
            .filter(|p| p.starts_with('/'))
            .unwrap_or(&path)
            .to_string();
        recorder.push(SentCall {
            method: method.to_string(),
            path,
            status,
            tracking_id: tracking_id.to_string(),
            server_date,
        });
    }
}
