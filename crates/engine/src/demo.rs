//! The demo tenant served on its own, for scripts and trainers (`wxm sim serve`): the
//! same simulator the app runs inside itself, with a scenario, a rate limit, latency
//! and faults chosen by the person.

use crate::error_code::ErrorCode;
use crate::ApiError;
use std::path::PathBuf;

/// A demo tenant that runs until dropped.
pub use webex_sim::RunningSim as DemoTenant;

/// How to serve the demo tenant.
#[derive(Debug, Clone, Default)]
pub struct DemoSettings {
    /// The loopback port (0: any free port).
    pub port: u16,
    /// A scenario JSON file; the built-in demo when `None`.
    pub scenario: Option<PathBuf>,
    /// Requests a second before Webex would answer 429.
    pub rate_limit: Option<u32>,
    /// Added to every answer.
    pub latency_ms: Option<u64>,
    /// Faults as `5xx=0.1,drop=0.05,rate=20,latency=100,token-ttl=3600`.
    pub faults: Option<String>,
}

/// Why the demo tenant could not be served.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("cannot read {}: {source}", path.display())]
    ScenarioUnreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    ScenarioInvalid { path: PathBuf, message: String },
    #[error("{0}")]
    Faults(String),
    #[error("the demo tenant could not start: {0}")]
    Start(webex_sim::SimError),
}

impl DemoError {
    /// True when the person's input is at fault (not the machine).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, DemoError::Start(_))
    }
}

impl From<&DemoError> for ApiError {
    fn from(e: &DemoError) -> ApiError {
        let (code, hint) = match e {
            DemoError::ScenarioUnreadable { .. } => (
                ErrorCode::ScenarioUnreadable,
                "Give a scenario JSON file, like crates/webex-sim/scenarios/demo.json.",
            ),
            DemoError::ScenarioInvalid { .. } => (
                ErrorCode::ScenarioInvalid,
                "Fix the field named above; crates/webex-sim/scenarios/demo.json shows every field.",
            ),
            DemoError::Faults(_) => (
                ErrorCode::FaultsInvalid,
                "Write faults as 5xx=0.1,drop=0.05,rate=20,latency=100,token-ttl=3600.",
            ),
            DemoError::Start(_) => (
                ErrorCode::SimUnavailable,
                "Choose another --port, or leave it out to use any free port.",
            ),
        };
        ApiError::new(code, e.to_string(), hint)
    }
}

/// Starts the demo tenant on a loopback port with these settings.
pub async fn serve(settings: DemoSettings) -> Result<DemoTenant, DemoError> {
    let scenario = match &settings.scenario {
        None => webex_sim::Scenario::default(),
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|source| DemoError::ScenarioUnreadable {
                    path: path.clone(),
                    source,
                })?;
            webex_sim::Scenario::from_json(&text).map_err(|e| DemoError::ScenarioInvalid {
                path: path.clone(),
                message: e.to_string(),
            })?
        }
    };
    let mut faults = webex_sim::Faults::parse_spec(settings.faults.as_deref().unwrap_or(""))
        .map_err(|e| DemoError::Faults(e.to_string()))?;
    if settings.rate_limit.is_some() {
        faults.rate_limit_per_sec = settings.rate_limit;
    }
    if let Some(ms) = settings.latency_ms {
        faults.latency_ms = ms;
    }
    webex_sim::start_with(webex_sim::SimOptions {
        port: settings.port,
        scenario,
        faults,
        ..webex_sim::SimOptions::default()
    })
    .await
    .map_err(DemoError::Start)
}
