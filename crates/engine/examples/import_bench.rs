//! The `import` figures of `cargo xtask bench bulk`: a 100,000-row CSV read and validated
//! as the app and `wxm bulk plan` read it (no Webex calls yet), with the process's peak
//! memory, then the same users journalled as a new job, as a plan journals them before
//! its prechecks. Prints one JSON line.

use std::time::Instant;

const ROWS: usize = 100_000;

/// The process's peak resident memory so far (VmHWM), in KiB.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("users-100k.csv");
    let mut text = String::with_capacity(ROWS * 90);
    text.push_str("userId,firstName,lastName,email,package,extension,spEnterpriseId\n");
    for i in 0..ROWS {
        text.push_str(&format!(
            "p{i:06}@bw.example,First,Last,p{i:06}@import100k.example,basic,{},Bench+import\n",
            10_000 + i
        ));
    }
    std::fs::write(&file, text)?;
    let engine = engine::Engine::open(&dir.path().join("data"))?;
    let options = engine::bulk::ImportOptions {
        provisioning_id: Some("sim-tmpl-trusted".into()),
        ..engine::bulk::ImportOptions::default()
    };
    let before = peak_kib();

    let t = Instant::now();
    let import = engine.bulk().import_bulk_file(&file, &options)?;
    let import_s = t.elapsed().as_secs_f64();
    let import_peak = peak_kib();
    if import.rows.len() != ROWS || !import.problems.is_empty() {
        return Err(format!(
            "expected {ROWS} valid rows, got {} and {} problems",
            import.rows.len(),
            import.problems.len()
        )
        .into());
    }

    let t = Instant::now();
    engine.bulk().journal_import(&import, &options)?;
    let journal_s = t.elapsed().as_secs_f64();

    println!(
        "{{\"rows\":{ROWS},\"importSeconds\":{import_s:.3},\"importPeakMiB\":{:.1},\"baseMiB\":{:.1},\"journalSeconds\":{journal_s:.3}}}",
        import_peak as f64 / 1024.0,
        before as f64 / 1024.0,
    );
    Ok(())
}
