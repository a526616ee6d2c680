//! How the simulator is started, and what can go wrong starting or driving it.

use crate::{Faults, Scenario};
use std::path::PathBuf;

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

impl SimError {
    /// The saved state at `path` could not be read or written.
    pub(crate) fn state(path: &std::path::Path, problem: impl std::fmt::Display) -> SimError {
        SimError::State {
            path: path.display().to_string(),
            message: problem.to_string(),
        }
    }
}
