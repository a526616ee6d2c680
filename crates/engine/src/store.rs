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
        // Bulk jobs (issue 9): one row per job, one per user; the natural key of an item
        // is enterprise + BroadWorks user id, so a job never holds a user twice.
        M::up(
            "CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            file TEXT NOT NULL,
            status TEXT NOT NULL,
            email_trust TEXT NOT NULL,
            base_url TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            confirmed_at TEXT,
            finished_at TEXT,
            problems TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE job_items (
            job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            sp_enterprise_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            row_json TEXT NOT NULL,
            procedure TEXT NOT NULL,
            blocker TEXT,
            first_in_enterprise INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending','in_flight','done','failed_retryable','failed','skipped')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error_code TEXT,
            last_error_text TEXT,
            tracking_id TEXT,
            subscriber_id TEXT,
            webex_status TEXT,
            started_at TEXT,
            finished_at TEXT,
            PRIMARY KEY (job_id, sp_enterprise_id, user_id)
        );
        CREATE INDEX job_items_status ON job_items(job_id, status);
        CREATE INDEX jobs_updated ON jobs(updated_at);",
        ),
        // Procedures that act: the audit log says which session, wizard, rule and answers
        // an API call served, and what exactly was called; a session remembers what
        // this app created for it.
        M::up(
            "ALTER TABLE audit_log ADD COLUMN session_id TEXT;
        ALTER TABLE audit_log ADD COLUMN wizard TEXT;
        ALTER TABLE audit_log ADD COLUMN rule TEXT;
        ALTER TABLE audit_log ADD COLUMN answers TEXT;
        ALTER TABLE audit_log ADD COLUMN target TEXT;
        ALTER TABLE audit_log ADD COLUMN method TEXT;
        ALTER TABLE audit_log ADD COLUMN path TEXT;
        ALTER TABLE audit_log ADD COLUMN http_status INTEGER;
        CREATE TABLE session_objects (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            object_id TEXT NOT NULL,
            label TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            PRIMARY KEY (session_id, kind, object_id)
        );",
        ),
        // Answers found in the tenant, with where they were found.
        M::up(
            "CREATE TABLE answer_sources (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            input TEXT NOT NULL,
            value TEXT NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (session_id, input)
        );",
        ),
        // Jobs you can trust (issue 14): every phase resumable (the import's settings and
        // each user's precheck are journalled), one runner at a time (a lease that a live
        // runner renews), a pause that says why, and audit rows that name their job.
        M::up(
            "ALTER TABLE jobs ADD COLUMN import_options TEXT;
        ALTER TABLE jobs ADD COLUMN pause_reason TEXT;
        ALTER TABLE jobs ADD COLUMN lease_token TEXT;
        ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
        ALTER TABLE jobs ADD COLUMN lease_pid INTEGER;
        ALTER TABLE jobs ADD COLUMN lease_until REAL;
        ALTER TABLE job_items ADD COLUMN precheck TEXT;
        ALTER TABLE audit_log ADD COLUMN job_id TEXT;",
        ),
        // A job's items are found by their place in the file: without this index each
        // journal write scanned the whole job (100,000 users: hours instead of seconds).
        M::up("CREATE UNIQUE INDEX job_items_seq ON job_items(job_id, seq);"),
    ])
}

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
        // In WAL mode NORMAL keeps every commit across a crash or kill of the app (what
        // the job journal needs); only a power cut can lose the last commits. FULL would
        // sync the disk on every audit row and journal step.
        conn.pragma_update(None, "synchronous", "NORMAL")
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
}
