//! How the simulator words its answers: `/v1` refusals in Webex's error envelope with
//! the request's tracking id, and `/sim` (and gate) refusals as `{"message": …}`.

use crate::world::Refusal;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use webex::model::{ErrorBody, ErrorDetail};

/// The tracking id of the `/v1` request being answered.
#[derive(Clone)]
pub(crate) struct Tracking(pub String);

pub(crate) fn with_tracking(mut response: Response, tracking: &Tracking) -> Response {
    if let Ok(v) = HeaderValue::from_str(&tracking.0) {
        response.headers_mut().insert("trackingid", v);
    }
    response
}

/// A Webex-shaped error answer.
pub(crate) fn refuse(tracking: &Tracking, refusal: Refusal) -> Response {
    let status = StatusCode::from_u16(refusal.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = ErrorBody {
        message: Some(refusal.message.clone()),
        errors: vec![ErrorDetail {
            description: Some(refusal.message),
            error_code: refusal.code,
        }],
        tracking_id: Some(tracking.0.clone()),
    };
    with_tracking((status, Json(body)).into_response(), tracking)
}

/// A `/v1` handler's refusal. Only the `/v1` gate knows the tracking id, so the answer
/// carries the refusal along and the gate words it (see [`worded`]).
impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// A `/v1` answer as it leaves: a refusal worded as Webex's, every answer with the
/// request's tracking id.
pub(crate) fn worded(response: Response, tracking: &Tracking) -> Response {
    match response.extensions().get::<Refusal>() {
        Some(refusal) => refuse(tracking, refusal.clone()),
        None => with_tracking(response, tracking),
    }
}

/// A refusal of the control API or of a gate: `{"message": …}` with its status.
pub(crate) struct PlainRefusal(pub Refusal);

impl From<Refusal> for PlainRefusal {
    fn from(refusal: Refusal) -> Self {
        PlainRefusal(refusal)
    }
}

impl IntoResponse for PlainRefusal {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::BAD_REQUEST);
        (
            status,
            Json(serde_json::json!({ "message": self.0.message })),
        )
            .into_response()
    }
}
