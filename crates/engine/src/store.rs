//! The SQLite store: one file in the data folder, WAL, versioned migrations run in one
//! transaction, and an append-only audit log.

use crate::EngineError;
use rusqlite::{params, Connection};
use rusqlite_migration::{Migrations, M};
use std::path::Path;

pub const DB_FILE: &str = "wxm.sqlite3";

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(
            "CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL,
            tracking_id TEXT,
            result TEXT NOT NULL
        );
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
        ),
        M::up(
            "CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            wizard TEXT NOT NULL,
            answers TEXT NOT NULL,
            outcome TEXT,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        );
        CREATE TABLE step_progress (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            step_id TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            PRIMARY KEY (session_id, step_id)
        );
        CREATE INDEX sessions_updated ON sessions(updated_at);",
        ),
    ])
}

pub struct Store {
    conn: Connection,
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
    pub fn open(path: &Path) -> Result<Store, EngineError> {
        let store_error = |message: String| EngineError::Store {
            path: path.display().to_string(),
            message,
        };
        let mut conn = Connection::open(path).map_err(|e| store_error(e.to_string()))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| store_error(e.to_string()))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| store_error(e.to_string()))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| store_error(e.to_string()))?;
        match migrations().to_latest(&mut conn) {
            Ok(()) => Ok(Store { conn }),
            Err(rusqlite_migration::Error::MigrationDefinition(
                rusqlite_migration::MigrationDefinitionError::DatabaseTooFarAhead,
            )) => Err(EngineError::DatabaseTooNew {
                path: path.display().to_string(),
            }),
            Err(e) => Err(store_error(e.to_string())),
        }
    }

    pub fn conn(&mut self) -> &mut Connection {
        &mut self.conn
    }

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
}
