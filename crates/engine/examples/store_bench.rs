//! The `store` benchmark of `cargo xtask bench store`: the SQLite store on a real file
//! (WAL, as the app opens it). Saving a session: one answer to a move-user question
//! (evaluate, UPDATE, read back), as the app does on every answer, timed 200 times; and
//! 10,000 audit rows appended one at a time, as the app writes them. Prints one JSON line.

use std::time::{Duration, Instant};

const ANSWERS: [(&str, &str); 4] = [
    ("user_org", "consumer"),
    ("w4bw_org_exists", "yes"),
    ("method", "admin"),
    ("email_trust", "untrusted"),
];
const SESSIONS: usize = 50;
const AUDIT_ROWS: usize = 10_000;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    // Opening a new data folder: create the database, migrate it, load the tables.
    let t = Instant::now();
    let engine = engine::Engine::open(dir.path())?;
    let open_new = t.elapsed();
    let t = Instant::now();
    drop(engine::Engine::open(dir.path())?);
    let open_existing = t.elapsed();

    let mut starts = Vec::with_capacity(SESSIONS);
    let mut saves = Vec::with_capacity(SESSIONS * ANSWERS.len());
    for _ in 0..SESSIONS {
        let t = Instant::now();
        let session = engine.sessions().start_session("move-user")?;
        starts.push(t.elapsed());
        for (input, value) in ANSWERS {
            let t = Instant::now();
            engine.sessions().answer(&session.id, input, value)?;
            saves.push(t.elapsed());
        }
    }
    starts.sort();
    saves.sort();

    let t = Instant::now();
    for i in 0..AUDIT_ROWS {
        engine.audit("bench", "bench-row", &format!("audit row {i}"), None)?;
    }
    let audit = t.elapsed();

    println!(
        "{{\"openNewMs\":{:.3},\"openExistingMs\":{:.3},\"sessionStartMs\":{:.4},\"sessionSaveMs\":{:.4},\"auditRows\":{AUDIT_ROWS},\"auditMs\":{:.2}}}",
        ms(open_new),
        ms(open_existing),
        ms(starts[starts.len() / 2]),
        ms(saves[saves.len() / 2]),
        ms(audit)
    );
    Ok(())
}
