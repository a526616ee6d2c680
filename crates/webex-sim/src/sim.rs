//! The running tenant that every request shares: the world, the sim clock, the faults
//! in force, the OAuth state, and resetting or saving it all.

use crate::faults::FaultState;
use crate::oauth::OAuthState;
use crate::world::World;
use crate::{Scenario, SimError};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

/// Sim time: real time times `speed` from `base_ms`, plus what `/sim/clock/advance` added.
pub(crate) struct Clock {
    pub(crate) real_start: Instant,
    pub(crate) base_ms: u64,
    pub(crate) speed: f64,
    pub(crate) advanced_ms: u64,
}

impl Clock {
    fn now(&self) -> u64 {
        let real = self.real_start.elapsed().as_millis() as f64 * self.speed;
        self.base_ms + real as u64 + self.advanced_ms
    }
}

/// The running tenant, shared by every request.
pub(crate) struct Sim {
    pub(crate) world: Mutex<World>,
    pub(crate) scenario: Scenario,
    pub(crate) clock: Mutex<Clock>,
    pub(crate) faults: Mutex<FaultState>,
    pub(crate) state_file: Option<PathBuf>,
    pub(crate) provisioning_ms: u64,
    pub(crate) oauth: Mutex<OAuthState>,
    /// Required by every `/sim` request (header [`crate::CONTROL_TOKEN_HEADER`]).
    pub(crate) control_token: String,
    /// The port it listens on: only `Host: 127.0.0.1:PORT` (or `localhost:PORT`) is
    /// answered, so a web page cannot reach it through DNS rebinding.
    pub(crate) port: u16,
}

pub(crate) type Shared = Arc<Sim>;

impl Sim {
    pub(crate) fn now(&self) -> u64 {
        lock(&self.clock).now()
    }

    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.world)
    }

    /// The world with the background work due by `now` done.
    pub(crate) fn world_at(&self, now: u64) -> MutexGuard<'_, World> {
        let mut world = self.world();
        world.tick(now);
        world
    }

    /// How long a token lives under the faults in force (`None`: until it expires).
    pub(crate) fn token_ttl_ms(&self) -> Option<u64> {
        lock(&self.faults)
            .faults
            .token_ttl_secs
            .map(|s| s.saturating_mul(1000))
    }

    pub(crate) fn reset(&self) -> Result<(), SimError> {
        let now = self.now();
        let mut fresh = World::from_scenario(&self.scenario, now, self.provisioning_ms)
            .map_err(SimError::Scenario)?;
        let mut world = self.world();
        // Tokens survive a reset: whoever is signed in stays signed in.
        fresh.tokens = std::mem::take(&mut world.tokens);
        *world = fresh;
        Ok(())
    }

    pub(crate) fn save(&self) -> Result<PathBuf, SimError> {
        let Some(path) = self.state_file.clone() else {
            return Err(SimError::State {
                path: String::new(),
                message: "no state file was configured at start".into(),
            });
        };
        let mut snapshot = self.world().clone();
        snapshot.clock_ms = self.now();
        let text = serde_json::to_vec_pretty(&snapshot).map_err(|e| SimError::state(&path, e))?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text)
            .and_then(|_| std::fs::rename(&tmp, &path))
            .map_err(|e| SimError::state(&path, e))?;
        Ok(path)
    }
}

/// A lock whose holder panicked still guards usable data: a request either finished
/// its change or made none that matters.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
