//! What every request passes before a handler: the Host check (all), the control
//! token and JSON (`/sim`), and for `/v1` the tracking id, latency, rate limit, server
//! errors and dropped answers that the faults ask for.

use crate::answers::{refuse, worded, PlainRefusal, Tracking};
use crate::faults::Verdict;
use crate::sim::{lock, Shared};
use crate::world::Refusal;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// The header that carries the control token of the `/sim` API.
pub const CONTROL_TOKEN_HEADER: &str = "x-sim-control-token";

fn header_text(req: &Request, name: impl header::AsHeaderName) -> Option<&str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

fn refused(status: u16, message: &str) -> Response {
    PlainRefusal(Refusal::new(status, message)).into_response()
}

/// Every request: its Host must be the loopback address and port the simulator
/// listens on, so a web page reaching it through DNS rebinding is refused.
pub(crate) async fn host_gate(State(sim): State<Shared>, req: Request, next: Next) -> Response {
    let host = header_text(&req, header::HOST)
        .unwrap_or("")
        .to_ascii_lowercase();
    let allowed = [
        format!("127.0.0.1:{}", sim.port),
        format!("localhost:{}", sim.port),
    ];
    if !allowed.contains(&host) {
        return refused(
            403,
            "This simulated tenant answers only requests addressed to its own loopback address.",
        );
    }
    next.run(req).await
}

/// Every `/sim` request: the control token, and JSON for a POST (so a cross-site form
/// cannot send one).
pub(crate) async fn control_gate(State(sim): State<Shared>, req: Request, next: Next) -> Response {
    let token_ok = header_text(&req, CONTROL_TOKEN_HEADER)
        .is_some_and(|t| webex::Secret::new(t).matches(&sim.control_token));
    if !token_ok {
        return refused(
            401,
            "The control API needs the control token printed when the simulator started.",
        );
    }
    if req.method() == Method::POST {
        let json = header_text(&req, header::CONTENT_TYPE).is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
        if !json {
            return refused(
                415,
                "Send the control API a JSON body (Content-Type: application/json).",
            );
        }
    }
    next.run(req).await
}

/// Every `/v1` request passes here: tracking id, latency, rate limit and 5xx before
/// any effect, and dropped connections after it.
pub(crate) async fn v1_gate(State(sim): State<Shared>, mut req: Request, next: Next) -> Response {
    let tracking = Tracking(
        header_text(&req, "trackingid")
            .filter(|v| v.len() <= 200)
            .map(str::to_string)
            .unwrap_or_else(|| format!("SIM_{}", uuid::Uuid::new_v4())),
    );
    let route = format!("{} /v1{}", req.method(), req.uri().path());
    {
        let mut world = sim.world();
        world.counters.requests += 1;
        if route == "POST /v1/broadworks/subscribers/validate" {
            world.counters.prechecks += 1;
        }
    }
    let (latency, verdict) = {
        let mut faults = lock(&sim.faults);
        (faults.faults.latency_ms, faults.judge(&route))
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let drop_after = match verdict {
        Verdict::RateLimited { retry_after_secs } => {
            let mut r = refuse(
                &tracking,
                Refusal::new(
                    429,
                    "Too many requests have been sent in a given amount of time.",
                ),
            );
            r.headers_mut()
                .insert("retry-after", HeaderValue::from(retry_after_secs));
            return r;
        }
        Verdict::ServerError(status) => {
            return refuse(
                &tracking,
                Refusal::new(status, "The simulated server failed before doing anything."),
            );
        }
        Verdict::Pass { drop_after } => drop_after,
    };
    req.extensions_mut().insert(tracking.clone());
    let mut response = worded(next.run(req).await, &tracking);
    // The tenant's own clock, as Webex's `Date` says its time: ages on a board follow
    // the simulated days a trainer moves on.
    let now = std::time::UNIX_EPOCH + Duration::from_millis(sim.now());
    if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(now)) {
        response.headers_mut().insert(header::DATE, v);
    }
    if drop_after {
        tracing::debug!(%route, "dropping the answer after the effect (fault injection)");
        let (parts, _) = response.into_parts();
        // A body that fails makes the server abort the connection: the client never
        // gets a complete answer, though the request took effect.
        let failing = futures_util::stream::once(async {
            Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other("dropped"))
        });
        return Response::from_parts(parts, Body::from_stream(failing));
    }
    response
}
