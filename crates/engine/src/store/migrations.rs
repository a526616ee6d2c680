//! The database's versioned migrations, run in one transaction when a store opens.

use rusqlite_migration::{Migrations, M};

pub(super) fn migrations() -> Migrations<'static> {
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
        // The migration followed to the end (issue 15): what each session's steps are
        // proven by (an action that worked, a check that passed, a status Webex
        // reported), the customer's board of subscribers as last seen in Webex, and
        // the consent emails sent again, by chase jobs or one at a time.
        M::up(
            "CREATE TABLE session_evidence (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail TEXT NOT NULL,
            at TEXT NOT NULL,
            seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            PRIMARY KEY (session_id, kind, key, subject)
        );
        CREATE TABLE board_subscribers (
            sp_enterprise_id TEXT NOT NULL,
            subscriber_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            record TEXT NOT NULL,
            status TEXT NOT NULL,
            last_status_change_ms INTEGER,
            PRIMARY KEY (sp_enterprise_id, subscriber_id)
        );
        CREATE TABLE board_refreshes (
            sp_enterprise_id TEXT PRIMARY KEY,
            webex_now_ms INTEGER NOT NULL,
            changed_since_ms INTEGER,
            requests INTEGER NOT NULL,
            last_full_ms INTEGER,
            refreshed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        );
        CREATE TABLE chases (
            subscriber_id TEXT NOT NULL,
            at_ms INTEGER NOT NULL,
            job_id TEXT,
            result TEXT NOT NULL
        );
        CREATE INDEX chases_subscriber ON chases(subscriber_id, at_ms);
        CREATE TABLE board_job_items (
            job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            subscriber_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            detail TEXT NOT NULL,
            state TEXT NOT NULL,
            result TEXT,
            PRIMARY KEY (job_id, seq)
        );",
        ),
    ])
}
