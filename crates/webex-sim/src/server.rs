//! Starting and stopping the simulator: the state loaded or seeded, the demo token, the
//! loopback listener, and the router with its gates.

use crate::faults::FaultState;
use crate::gates::{control_gate, host_gate, v1_gate};
use crate::sim::{lock, Clock, Shared, Sim};
use crate::world::{self, World};
use crate::{
    api, control, control_client, oauth, FaultStats, Faults, OAuthClientSeed, OAuthStats, Scenario,
    SimError, SimOptions, TokenLifetimes,
};
use axum::Router;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

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
        Some(path) if path.exists() => Some(load_state(path)?),
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

/// A state saved by `POST /sim/state/save`.
fn load_state(path: &Path) -> Result<World, SimError> {
    let text = std::fs::read(path).map_err(|e| SimError::state(path, e))?;
    serde_json::from_slice(&text).map_err(|e| SimError::state(path, e))
}

fn router(sim: Shared) -> Router {
    let v1 = api::routes()
        .merge(oauth::routes())
        .layer(axum::middleware::from_fn_with_state(sim.clone(), v1_gate));
    let control = control::routes().merge(oauth::control_routes()).layer(
        axum::middleware::from_fn_with_state(sim.clone(), control_gate),
    );
    Router::new()
        .nest("/v1", v1)
        .nest("/sim", control)
        .layer(axum::middleware::from_fn_with_state(sim.clone(), host_gate))
        .with_state(sim)
}
