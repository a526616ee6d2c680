//! The append-only audit log in SQLite (triggers refuse UPDATE and DELETE).

use super::Store;
use crate::audit::AuditRecord;
use crate::EngineError;
use rusqlite::params;

/// One API call for the audit log. Never holds a token.
pub struct CallRecord<'a> {
    pub who: &'a str,
    pub session_id: Option<&'a str>,
    pub wizard: Option<&'a str>,
    pub rule: Option<&'a str>,
    pub answers: Option<&'a str>,
    pub action: &'a str,
    pub target: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub http_status: Option<i64>,
    pub tracking_id: Option<&'a str>,
    pub result: &'a str,
    /// The bulk job the call served, if any.
    pub job_id: Option<&'a str>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
    pub tracking_id: Option<String>,
    pub result: String,
}

impl Store {
    pub fn append_audit(
        &mut self,
        actor: &str,
        action: &str,
        detail: &str,
        tracking_id: Option<&str>,
        result: &str,
    ) -> Result<(), EngineError> {
        self.conn.execute(
            "INSERT INTO audit_log (actor, action, detail, tracking_id, result) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![actor, action, detail, tracking_id, result],
        )?;
        Ok(())
    }

    /// Appends one API call to the audit log.
    pub fn append_call(&mut self, c: &CallRecord) -> Result<(), EngineError> {
        self.conn.execute(
            "INSERT INTO audit_log (actor, action, detail, tracking_id, result, session_id, wizard, rule, answers, target, method, path, http_status, job_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                c.who,
                c.action,
                format!("{} {}", c.method, c.path),
                c.tracking_id,
                c.result,
                c.session_id,
                c.wizard,
                c.rule,
                c.answers,
                c.target,
                c.method,
                c.path,
                c.http_status,
                c.job_id
            ],
        )?;
        Ok(())
    }

    pub fn audit_entries(&mut self) -> Result<Vec<AuditEntry>, EngineError> {
        let mut stmt = self.conn.prepare(
            "SELECT at, actor, action, detail, tracking_id, result FROM audit_log ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                detail: r.get(3)?,
                tracking_id: r.get(4)?,
                result: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every line of the audit log, oldest first.
    pub(crate) fn audit_records(&mut self) -> Result<Vec<AuditRecord>, EngineError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, actor, session_id, wizard, rule, answers, action, target, method, path, http_status, tracking_id, result, detail, job_id
             FROM audit_log ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AuditRecord {
                id: r.get(0)?,
                at: r.get(1)?,
                who: r.get(2)?,
                session_id: r.get(3)?,
                wizard: r.get(4)?,
                rule: r.get(5)?,
                answers: r.get(6)?,
                action: r.get(7)?,
                target: r.get(8)?,
                method: r.get(9)?,
                path: r.get(10)?,
                http_status: r.get(11)?,
                tracking_id: r.get(12)?,
                result: r.get(13)?,
                detail: r.get(14)?,
                job_id: r.get(15)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}
