//! The SQLite store: one file in the data folder, WAL, versioned migrations run in one
//! transaction, and an append-only audit log.

use crate::EngineError;
use rusqlite::Connection;
use std::path::Path;

pub(crate) mod audit;
pub(crate) mod board;
pub(crate) mod evidence;
pub(crate) mod jobs;
pub(crate) mod lease;
mod migrations;
pub(crate) mod sessions;

pub use audit::{AuditEntry, CallRecord};

pub const DB_FILE: &str = "wxm.sqlite3";

pub struct Store {
    conn: Connection,
}

impl Store {
    pub fn open(path: &Path) -> Result<Store, EngineError> {
        let store_error = |message: String| {
            EngineError::Store(StoreError::Open {
                path: path.display().to_string(),
                message,
            })
        };
        let mut conn = Connection::open(path).map_err(|e| store_error(e.to_string()))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| store_error(e.to_string()))?;
        // In WAL mode NORMAL keeps every commit across a crash or kill of the app (what
        // the job journal needs); only a power cut can lose the last commits. FULL would
        // sync the disk on every audit row and journal step.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| store_error(e.to_string()))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| store_error(e.to_string()))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| store_error(e.to_string()))?;
        match migrations::migrations().to_latest(&mut conn) {
            Ok(()) => Ok(Store { conn }),
            Err(rusqlite_migration::Error::MigrationDefinition(
                rusqlite_migration::MigrationDefinitionError::DatabaseTooFarAhead,
            )) => Err(EngineError::Store(StoreError::TooNew {
                path: path.display().to_string(),
            })),
            Err(e) => Err(store_error(e.to_string())),
        }
    }
}

/// Why the data folder or its database cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use the data folder {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("the database {path} cannot be opened: {message}")]
    Open { path: String, message: String },
    #[error("the database {path} was written by a newer version of this app")]
    TooNew { path: String },
    #[error("the database is busy")]
    Busy,
    #[error("database error: {0}")]
    Sql(#[source] rusqlite::Error),
}

impl crate::error::Coded for StoreError {
    fn code_and_hint(&self) -> (crate::ErrorCode, &'static str) {
        use crate::ErrorCode;
        match self {
            StoreError::DataDir { .. } => (
                ErrorCode::DataDirUnusable,
                "Choose another folder with --data-dir, or check its permissions.",
            ),
            StoreError::Open { .. } | StoreError::Sql(_) | StoreError::Busy => (
                ErrorCode::StoreUnavailable,
                "Close other copies of this app, then try again.",
            ),
            StoreError::TooNew { .. } => (
                ErrorCode::DatabaseTooNew,
                "Install the newer version of this app, or use another data folder.",
            ),
        }
    }
}
