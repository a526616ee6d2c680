//! The lease columns of a job: who runs it, in which process, until when.

use super::Store;
use crate::EngineError;
use rusqlite::{params, OptionalExtension};

/// A job's lease as stored: token, owner, process id, and until when (Unix seconds).
pub(crate) type LeaseRecord = (Option<String>, Option<String>, Option<u32>, Option<f64>);

impl Store {
    /// Takes a job's lease in one immediate transaction when `may_take` agrees with the
    /// lease found; `None` when the job does not exist, else the lease found and
    /// whether it was taken.
    pub(crate) fn take_lease(
        &mut self,
        job: &str,
        (token, owner, pid, until): (&str, &str, u32, f64),
        may_take: impl FnOnce(&LeaseRecord) -> bool,
    ) -> Result<Option<(LeaseRecord, bool)>, EngineError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let held: Option<LeaseRecord> = tx
            .query_row(
                "SELECT lease_token, lease_owner, lease_pid, lease_until FROM jobs WHERE id = ?1",
                params![job],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some(held) = held else {
            return Ok(None);
        };
        if !may_take(&held) {
            return Ok(Some((held, false)));
        }
        tx.execute(
            "UPDATE jobs SET lease_token = ?2, lease_owner = ?3, lease_pid = ?4, lease_until = ?5
             WHERE id = ?1",
            params![job, token, owner, pid, until],
        )?;
        tx.commit()?;
        Ok(Some((held, true)))
    }

    /// Extends the lease held with `token`; false when another runner holds it.
    pub(crate) fn renew_lease(
        &mut self,
        job: &str,
        token: &str,
        until: f64,
    ) -> Result<bool, EngineError> {
        let n = self.conn.execute(
            "UPDATE jobs SET lease_until = ?3 WHERE id = ?1 AND lease_token = ?2",
            params![job, token, until],
        )?;
        Ok(n > 0)
    }

    /// Clears the lease held with `token`.
    pub(crate) fn release_lease(&mut self, job: &str, token: &str) -> Result<(), EngineError> {
        self.conn.execute(
            "UPDATE jobs SET lease_token = NULL, lease_owner = NULL, lease_pid = NULL,
               lease_until = NULL WHERE id = ?1 AND lease_token = ?2",
            params![job, token],
        )?;
        Ok(())
    }

    /// The lease of a job as stored, if the job exists.
    pub(crate) fn lease(&mut self, job: &str) -> Result<Option<LeaseRecord>, EngineError> {
        Ok(self
            .conn
            .query_row(
                "SELECT lease_token, lease_owner, lease_pid, lease_until FROM jobs WHERE id = ?1",
                params![job],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?)
    }
}
