//! One runner per job: a lease in SQLite that a live runner renews and that lapses when
//! its process dies (at once on Linux, macOS and other Unix systems, where a gone
//! process id is seen; on Windows after [`LEASE_SECONDS`]). A second runner is refused,
//! naming who holds the job.

use crate::bulk::BulkError;
use crate::{Bulk, EngineError};
use std::time::{Duration, Instant};

/// Who holds a job's lease, as the refusal to a second runner names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseHolder {
    pub owner: String,
    pub pid: Option<u32>,
}

/// How long a lease lasts without renewal: a runner renews it every few seconds, so a
/// killed process lets go of the job within this time (at once when its process id is
/// known to be gone).
pub const LEASE_SECONDS: f64 = 15.0;

fn now_secs() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// True when the process is known to be gone: on Linux, macOS and other Unix systems
/// the system is asked whether the process id exists (signal 0 sends nothing); on
/// Windows the lease's time decides.
fn process_gone(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    #[cfg(unix)]
    {
        // 0 and ids beyond pid_t's range are never a process: do not ask (a negative id
        // would name a process group).
        let Ok(id) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if id <= 0 {
            return false;
        }
        // SAFETY: kill with signal 0 only checks that the process exists.
        let asked = unsafe { libc::kill(id, 0) };
        asked == -1 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// A lease is live until its time runs out, or its process is known to be gone.
fn is_live(until: Option<f64>, pid: Option<u32>) -> bool {
    until.is_some_and(|u| u > now_secs()) && !pid.is_some_and(process_gone)
}

impl Bulk<'_> {
    /// Takes the job's lease for this runner, or refuses naming who holds it. A lease
    /// lapses when not renewed for [`LEASE_SECONDS`], or at once when its process is gone.
    pub(crate) fn acquire_lease(
        &self,
        job: &str,
        token: &str,
        owner: &str,
    ) -> Result<(), EngineError> {
        let mine = (token, owner, std::process::id(), now_secs() + LEASE_SECONDS);
        let taken = self.with_store(|s| {
            s.take_lease(job, mine, |(held_token, _, held_pid, until)| {
                !(held_token.as_deref().is_some_and(|t| t != token) && is_live(*until, *held_pid))
            })
        })?;
        match taken {
            None => Err(EngineError::Bulk(BulkError::UnknownJob { id: job.into() })),
            Some((_, true)) => Ok(()),
            Some(((_, held_owner, _, _), false)) => Err(EngineError::Bulk(BulkError::Busy {
                id: job.into(),
                owner: held_owner.unwrap_or_else(|| "another runner".into()),
            })),
        }
    }

    /// Renews this runner's lease; an error when another runner took it over.
    pub(crate) fn renew_lease(&self, job: &str, token: &str) -> Result<(), EngineError> {
        let renewed = self.with_store(|s| s.renew_lease(job, token, now_secs() + LEASE_SECONDS))?;
        if !renewed {
            let holder = self.lease_holder(job)?;
            return Err(EngineError::Bulk(BulkError::Busy {
                id: job.into(),
                owner: holder
                    .map(|h| h.owner)
                    .unwrap_or_else(|| "another runner".into()),
            }));
        }
        Ok(())
    }

    /// Lets go of the lease (when this runner holds it).
    pub(crate) fn release_lease(&self, job: &str, token: &str) -> Result<(), EngineError> {
        self.with_store(|s| s.release_lease(job, token))
    }

    /// Who runs the job now, if a live runner holds its lease.
    pub fn lease_holder(&self, job: &str) -> Result<Option<LeaseHolder>, EngineError> {
        Ok(match self.with_store(|s| s.lease(job))? {
            Some((_, Some(owner), pid, until)) if is_live(until, pid) => {
                Some(LeaseHolder { owner, pid })
            }
            _ => None,
        })
    }
}

/// This runner's hold on a job: taken before any work, renewed as it works, let go
/// when dropped (also when the work is abandoned midway). A second runner is refused
/// while it lives; a killed process's lease lapses (see [`LEASE_SECONDS`]).
pub(crate) struct Lease<'a> {
    bulk: Bulk<'a>,
    job: String,
    token: String,
    renewed: std::sync::Mutex<Instant>,
}

impl<'a> Lease<'a> {
    pub(crate) fn take(bulk: Bulk<'a>, job: &str) -> Result<Lease<'a>, EngineError> {
        let token = uuid::Uuid::new_v4().simple().to_string();
        let program = std::env::current_exe()
            .ok()
            .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "this app".into());
        let owner = format!("{program} (process {})", std::process::id());
        bulk.acquire_lease(job, &token, &owner)?;
        Ok(Lease {
            bulk,
            job: job.into(),
            token,
            renewed: std::sync::Mutex::new(Instant::now()),
        })
    }

    /// Renews the lease when it is a few seconds old; an error when another runner
    /// has taken the job over (this one must stop).
    pub(crate) fn keep(&self) -> Result<(), EngineError> {
        let mut renewed = self.renewed.lock().unwrap_or_else(|p| p.into_inner());
        if renewed.elapsed() >= Duration::from_secs(3) {
            self.bulk.renew_lease(&self.job, &self.token)?;
            *renewed = Instant::now();
        }
        Ok(())
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Err(e) = self.bulk.release_lease(&self.job, &self.token) {
            tracing::warn!(error = %e, "could not let go of the job's lease; it lapses by itself");
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::process_gone;

    #[test]
    fn a_process_that_ended_is_gone_and_a_running_one_is_not() {
        assert!(!process_gone(std::process::id()));
        let mut running = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("sleep starts");
        assert!(!process_gone(running.id()));
        running.kill().expect("sleep is stopped");
        running.wait().expect("sleep is reaped");
        assert!(process_gone(running.id()));
        assert!(
            !process_gone(0),
            "0 is not a process id: not known to be gone"
        );
        assert!(
            !process_gone(u32::MAX),
            "beyond pid_t: not known to be gone"
        );
    }
}
