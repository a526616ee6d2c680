//! Bench-only hooks for `cargo xtask bench app` (xtask/src/bench/app.rs). Inert unless
//! the bench sets `WXM_READY_FILE` (and, for the wizard walk, `WXM_BENCH_WALK`).

use std::io::Write;

/// The UI calls this once the start page shows its choices (`page` = "start") and, on a
/// bench walk, once the result page is shown ("result") or, on the bulk walk
/// (`WXM_BENCH_WALK=bulk`), once the job was watched to its end and the start page is
/// back ("bulk-done") or the walk could not go on ("bulk-failed"). With `WXM_READY_FILE` set, the
/// page's name is appended to that file as a line: the bench waits for it. After "start"
/// it returns `WXM_BENCH_WALK` (a wizard id) when set: the UI then answers the first
/// choice of each question of that wizard by itself and shows the result.
///
/// On the bulk walk the UI then asks with "bulk-wait" until the answer is "go": the bench
/// measures the idle start page first and then creates the ready file's `.go` sibling.
#[tauri::command]
pub(crate) fn ui_ready(page: String) -> Option<String> {
    if page == "bulk-wait" {
        let ready = std::env::var_os("WXM_READY_FILE").filter(|p| !p.is_empty())?;
        let go = std::path::Path::new(&ready).with_extension("go");
        return go.exists().then(|| "go".to_string());
    }
    if !matches!(
        page.as_str(),
        "start" | "result" | "bulk-done" | "bulk-failed"
    ) {
        return None;
    }
    if let Some(path) = std::env::var_os("WXM_READY_FILE").filter(|p| !p.is_empty()) {
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(format!("{page}\n").as_bytes()));
        if let Err(e) = written {
            tracing::warn!("cannot write the ready file: {e}");
        }
    }
    if page != "start" {
        return None;
    }
    std::env::var("WXM_BENCH_WALK")
        .ok()
        .filter(|w| !w.is_empty())
}
