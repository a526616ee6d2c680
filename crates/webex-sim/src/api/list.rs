//! List requests: their query, the page size Webex allows, and one page of items with
//! a `Link: <…>; rel="next"` when more follow.

use crate::sim::Shared;
use crate::world::Refusal;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

/// The query of a list request, and the host its next links point at.
pub(crate) struct ListRequest {
    pub(crate) query: HashMap<String, String>,
    host: String,
}

impl FromRequestParts<Shared> for ListRequest {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, sim: &Shared) -> Result<Self, Response> {
        let Query(query) = Query::<HashMap<String, String>>::from_request_parts(parts, sim)
            .await
            .map_err(IntoResponse::into_response)?;
        let host = parts
            .headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1")
            .to_string();
        Ok(ListRequest { query, host })
    }
}

impl ListRequest {
    /// A query parameter.
    pub(crate) fn get(&self, key: &str) -> Option<&String> {
        self.query.get(key)
    }

    /// `max`: default, at most `cap`; anything else is a 400 like Webex's.
    pub(crate) fn page_size(&self, default: usize, cap: usize) -> Result<usize, Refusal> {
        match self.get("max").map(|s| s.as_str()) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=cap).contains(&n) => Ok(n),
                _ => Err(Refusal::new(
                    400,
                    format!("Invalid max: use a number from 1 to {cap}."),
                )),
            },
        }
    }

    /// One page of `items` with a `Link: <…>; rel="next"` when more follow. The next
    /// link repeats the filters and, when the request gave no `max`, carries `max=null`
    /// as Webex's links sometimes do.
    pub(crate) fn page<T: Serialize>(&self, path: &str, items: Vec<T>, size: usize) -> Response {
        let q = &self.query;
        let start: usize = q.get("cursor").and_then(|c| c.parse().ok()).unwrap_or(0);
        let total = items.len();
        let chunk: Vec<T> = items.into_iter().skip(start).take(size).collect();
        let mut response = Json(json!({ "items": chunk })).into_response();
        if start + size < total {
            let mut pairs: Vec<(String, String)> = q
                .iter()
                .filter(|(k, _)| k.as_str() != "cursor" && k.as_str() != "max")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            pairs.sort();
            pairs.push((
                "max".into(),
                q.get("max").cloned().unwrap_or_else(|| "null".into()),
            ));
            pairs.push(("cursor".into(), (start + size).to_string()));
            let query: String = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish();
            let link = format!("<http://{}/v1{path}?{query}>; rel=\"next\"", self.host);
            if let Ok(v) = HeaderValue::from_str(&link) {
                response.headers_mut().insert("link", v);
            }
        }
        response
    }
}

/// `{"items": [...]}`, unpaged.
pub(crate) fn items<T: Serialize>(items: Vec<T>) -> Json<serde_json::Value> {
    Json(json!({ "items": items }))
}
