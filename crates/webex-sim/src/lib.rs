//! A simulated Webex tenant: real HTTP on 127.0.0.1 with the same paths and shapes as
//! Webex, seeded from a scenario, for demos, training and tests.
//!
//! - `/v1/...` answers like Webex (BroadWorks subscribers, enterprises, workspaces,
//!   people, roles, organizations, licenses, partner admins), with faults when asked.
//! - `/sim/...` is the control API for everyone who is not the partner: the end user,
//!   the customer admin, the clock, faults, reset and saving state. It is never under `/v1`.
//!
//! Time: the sim clock runs at real speed times `clock_speed`, plus whatever
//! `POST /sim/clock/advance` adds. A subscriber in `provisioning` or `updating` finishes
//! `provisioning_secs` of sim time later (default 2 s): after a short real wait, or at
//! once when the clock is advanced. Background work runs lazily on the next request.

mod api;
mod control;
pub mod faults;
mod oauth;
pub mod scenario;
pub mod world;

pub mod control_client;
pub use faults::{FaultStats, Faults};
pub use oauth::{OAuthStats, TokenLifetimes};
pub use scenario::{OAuthClientSeed, Scenario};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use faults::{FaultState, Verdict};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use webex::model::{ErrorBody, ErrorDetail};
use world::{PersonRec, Refusal, World};

/// Errors starting or driving the simulator.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("could not listen on {addr}: {message}")]
    Bind { addr: String, message: String },
    #[error("the scenario is not valid: {0}")]
    Scenario(String),
    #[error("the fault spec is not valid: {0}")]
    Faults(String),
    #[error("the saved state {path} cannot be used: {message}")]
    State { path: String, message: String },
}

/// How to start the simulator.
#[derive(Debug, Clone)]
pub struct SimOptions {
    /// 0 = any free port.
    pub port: u16,
    pub scenario: Scenario,
    pub faults: Faults,
    /// Sim seconds per real second (1 = real time; tests use more).
    pub clock_speed: f64,
    /// Sim seconds a subscriber spends in `provisioning` or `updating`.
    pub provisioning_secs: f64,
    /// Where `POST /sim/state/save` writes; loaded at start when it exists.
    pub state_file: Option<PathBuf>,
    /// The token the `/sim` control API requires (header `X-Sim-Control-Token`);
    /// `None`: a random one, known only to whoever started the simulator.
    pub control_token: Option<String>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            port: 0,
            scenario: Scenario::default(),
            faults: Faults::default(),
            clock_speed: 1.0,
            provisioning_secs: 2.0,
            state_file: None,
            control_token: None,
        }
    }
}

struct Clock {
    real_start: Instant,
    base_ms: u64,
    speed: f64,
    advanced_ms: u64,
}

impl Clock {
    fn now(&self) -> u64 {
        let real = self.real_start.elapsed().as_millis() as f64 * self.speed;
        self.base_ms + real as u64 + self.advanced_ms
    }
}

/// The running tenant, shared by every request.
pub(crate) struct Sim {
    world: Mutex<World>,
    scenario: Scenario,
    clock: Mutex<Clock>,
    faults: Mutex<FaultState>,
    state_file: Option<PathBuf>,
    provisioning_ms: u64,
    oauth: Mutex<oauth::OAuthState>,
    /// Required by every `/sim` request (header [`CONTROL_TOKEN_HEADER`]).
    control_token: String,
    /// The port it listens on: only `Host: 127.0.0.1:PORT` (or `localhost:PORT`) is
    /// answered, so a web page cannot reach it through DNS rebinding.
    port: u16,
}

pub(crate) type Shared = Arc<Sim>;

/// The header that carries the control token of the `/sim` API.
pub const CONTROL_TOKEN_HEADER: &str = "x-sim-control-token";

/// The tracking id of the request being answered.
#[derive(Clone)]
pub(crate) struct Tracking(pub String);

impl Sim {
    pub(crate) fn now(&self) -> u64 {
        lock(&self.clock).now()
    }

    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.world)
    }

    /// The world with due work done, and the caller's person (or a 401 answer).
    #[allow(clippy::result_large_err)] // the error is the finished answer, returned once
    pub(crate) fn begin(
        &self,
        headers: &HeaderMap,
        tracking: &Tracking,
    ) -> Result<(MutexGuard<'_, World>, PersonRec, u64), Response> {
        let now = self.now();
        let ttl_ms = lock(&self.faults)
            .faults
            .token_ttl_secs
            .map(|s| s.saturating_mul(1000));
        let mut world = self.world();
        world.tick(now);
        let token = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        let person = match world.token_person(token, now, ttl_ms) {
            Ok(p) => p.clone(),
            Err(message) => return Err(refuse(tracking, Refusal::new(401, message))),
        };
        Ok((world, person, now))
    }

    fn reset(&self) -> Result<(), SimError> {
        let now = self.now();
        let mut fresh = World::from_scenario(&self.scenario, now, self.provisioning_ms)
            .map_err(SimError::Scenario)?;
        let mut world = self.world();
        // Tokens survive a reset: whoever is signed in stays signed in.
        fresh.tokens = std::mem::take(&mut world.tokens);
        *world = fresh;
        Ok(())
    }

    fn save(&self) -> Result<PathBuf, SimError> {
        let Some(path) = self.state_file.clone() else {
            return Err(SimError::State {
                path: String::new(),
                message: "no state file was configured at start".into(),
            });
        };
        let mut snapshot = self.world().clone();
        snapshot.clock_ms = self.now();
        let text = serde_json::to_vec_pretty(&snapshot).map_err(|e| SimError::State {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text)
            .and_then(|_| std::fs::rename(&tmp, &path))
            .map_err(|e| SimError::State {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
        Ok(path)
    }
}

/// A lock whose holder panicked still guards usable data: a request either finished
/// its change or made none that matters.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A running simulator. Dropping it stops the server.
pub struct RunningSim {
    pub addr: SocketAddr,
    demo_token: String,
    sim: Shared,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl RunningSim {
    /// The base URL to give the Webex client, e.g. `http://127.0.0.1:4711/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// The control API's base URL, e.g. `http://127.0.0.1:4711/sim`.
    pub fn control_url(&self) -> String {
        format!("http://{}/sim", self.addr)
    }

    /// A bearer token the simulator accepts as the scenario's signed-in partner admin.
    pub fn demo_token(&self) -> &str {
        &self.demo_token
    }

    /// The token the `/sim` control API requires.
    pub fn control_token(&self) -> &str {
        &self.sim.control_token
    }

    /// A client of the `/sim` control API, with its token.
    pub fn control(&self) -> control_client::SimControl {
        control_client::SimControl::new(&self.control_url(), self.control_token())
    }

    /// Restores the scenario (tokens stay valid).
    pub fn reset(&self) -> Result<(), SimError> {
        self.sim.reset()
    }

    /// Writes the state to the configured state file.
    pub fn save_state(&self) -> Result<PathBuf, SimError> {
        self.sim.save()
    }

    /// Replaces the faults in force.
    pub fn set_faults(&self, faults: Faults) {
        lock(&self.sim.faults).faults = faults;
    }

    /// What the faults did so far.
    pub fn fault_stats(&self) -> FaultStats {
        lock(&self.sim.faults).stats.clone()
    }

    /// Registers a Webex integration for OAuth (or replaces the one with its client id).
    pub fn register_oauth_client(&self, client: OAuthClientSeed) {
        lock(&self.sim.oauth).register(client);
    }

    /// Sets the lifetimes of the tokens the token endpoint gives from now on.
    pub fn set_token_lifetimes(&self, lifetimes: TokenLifetimes) {
        lock(&self.sim.oauth).lifetimes = lifetimes;
    }

    /// What the OAuth endpoints did so far.
    pub fn oauth_stats(&self) -> OAuthStats {
        lock(&self.sim.oauth).stats.clone()
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts the simulator on 127.0.0.1 (port 0 = any free port) on the current Tokio runtime.
pub async fn start(port: u16, scenario: Scenario) -> Result<RunningSim, SimError> {
    start_with(SimOptions {
        port,
        scenario,
        ..SimOptions::default()
    })
    .await
}

/// Starts the simulator with every option.
pub async fn start_with(options: SimOptions) -> Result<RunningSim, SimError> {
    let real_now = world::real_now_ms();
    let provisioning_ms = (options.provisioning_secs.max(0.0) * 1000.0) as u64;
    let saved = match &options.state_file {
        Some(path) if path.exists() => {
            let text = std::fs::read(path).map_err(|e| SimError::State {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            let world: World = serde_json::from_slice(&text).map_err(|e| SimError::State {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            Some(world)
        }
        _ => None,
    };
    let mut world = match saved {
        Some(w) => w,
        None => World::from_scenario(&options.scenario, real_now, provisioning_ms)
            .map_err(SimError::Scenario)?,
    };
    world.provisioning_ms = provisioning_ms;
    let base_ms = world.clock_ms.max(real_now);
    let person = world.signed_in_person_id.clone();
    let demo_token = world.issue_token(&person, base_ms);

    let addr = SocketAddr::from(([127, 0, 0, 1], options.port));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| SimError::Bind {
            addr: addr.to_string(),
            message: e.to_string(),
        })?;
    let addr = listener.local_addr().map_err(|e| SimError::Bind {
        addr: addr.to_string(),
        message: e.to_string(),
    })?;
    let sim = Arc::new(Sim {
        world: Mutex::new(world),
        oauth: Mutex::new(oauth::OAuthState::new(
            options.scenario.oauth_clients.clone(),
        )),
        scenario: options.scenario,
        clock: Mutex::new(Clock {
            real_start: Instant::now(),
            base_ms,
            speed: options.clock_speed.max(0.0),
            advanced_ms: 0,
        }),
        faults: Mutex::new(FaultState::new(options.faults)),
        state_file: options.state_file,
        provisioning_ms,
        control_token: options
            .control_token
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string()),
        port: addr.port(),
    });
    let app = router(sim.clone());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
    });
    tracing::info!(%addr, "simulated Webex tenant listening");
    Ok(RunningSim {
        addr,
        demo_token,
        sim,
        shutdown: Some(tx),
    })
}

fn router(sim: Shared) -> Router {
    let v1 = api::routes()
        .merge(oauth::routes())
        .layer(axum::middleware::from_fn_with_state(sim.clone(), gate));
    let control = control::routes().merge(oauth::control_routes()).layer(
        axum::middleware::from_fn_with_state(sim.clone(), control_gate),
    );
    Router::new()
        .nest("/v1", v1)
        .nest("/sim", control)
        .layer(axum::middleware::from_fn_with_state(sim.clone(), host_gate))
        .with_state(sim)
}

fn refusal(status: u16, message: &str) -> Response {
    let status =
        axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::FORBIDDEN);
    (
        status,
        axum::Json(serde_json::json!({ "message": message })),
    )
        .into_response()
}

/// Every request: its Host must be the loopback address and port the simulator
/// listens on, so a web page reaching it through DNS rebinding is refused.
async fn host_gate(State(sim): State<Shared>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let allowed = [
        format!("127.0.0.1:{}", sim.port),
        format!("localhost:{}", sim.port),
    ];
    if !allowed.contains(&host) {
        return refusal(
            403,
            "This simulated tenant answers only requests addressed to its own loopback address.",
        );
    }
    next.run(req).await
}

/// Every `/sim` request: the control token, and JSON for a POST (so a cross-site form
/// cannot send one).
async fn control_gate(State(sim): State<Shared>, req: Request, next: Next) -> Response {
    let token_ok = req
        .headers()
        .get(CONTROL_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| constant_time_eq(t.as_bytes(), sim.control_token.as_bytes()));
    if !token_ok {
        return refusal(
            401,
            "The control API needs the control token printed when the simulator started.",
        );
    }
    if req.method() == axum::http::Method::POST {
        let json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(';')
                    .next()
                    .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !json {
            return refusal(
                415,
                "Send the control API a JSON body (Content-Type: application/json).",
            );
        }
    }
    next.run(req).await
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Every `/v1` request passes here: tracking id, latency, rate limit and 5xx before
/// any effect, and dropped connections after it.
async fn gate(State(sim): State<Shared>, mut req: Request, next: Next) -> Response {
    let tracking = Tracking(
        req.headers()
            .get("trackingid")
            .and_then(|v| v.to_str().ok())
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
    let response = with_tracking(next.run(req).await, &tracking);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_scenario_loads_and_covers_every_case() {
        let s = Scenario::default();
        let w = World::from_scenario(&s, 0, 1000).unwrap();
        assert!(w.templates.iter().any(|t| t.trusted_emails));
        assert!(w.templates.iter().any(|t| !t.trusted_emails));
        assert!(
            w.subscribers.len() > 100,
            "enough subscribers to need paging"
        );
        assert!(!w.workspaces.is_empty());
        let me = w.person(&w.signed_in_person_id).unwrap();
        assert_eq!(
            format!("{} {}", me.first_name, me.last_name),
            "Alex Partner"
        );
    }
}
