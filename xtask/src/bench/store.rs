//! The `store` benchmark: the engine's SQLite store, measured in-process by the engine's
//! `store_bench` example built in release (crates/engine/examples/store_bench.rs).

use super::Figure;
use anyhow::Result;
use std::path::Path;

pub(super) fn run(root: &Path, figures: &mut Vec<Figure>) -> Result<()> {
    let v = super::run_example(root, "store_bench")?;
    let num = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    let rows = num("auditRows");
    let mut fig = |name: String, value: f64, unit: &'static str| {
        figures.push(Figure {
            bench: "store",
            name,
            value,
            unit,
            target: None,
        })
    };
    fig(
        "engine open, new data folder (migrate, load tables)".into(),
        num("openNewMs"),
        "ms",
    );
    fig(
        "engine open, existing data folder".into(),
        num("openExistingMs"),
        "ms",
    );
    fig(
        "SQLite: start a session (median)".into(),
        num("sessionStartMs"),
        "ms",
    );
    fig(
        "SQLite: save a session answer (median)".into(),
        num("sessionSaveMs"),
        "ms",
    );
    fig(
        format!("SQLite: append {rows} audit rows, one at a time"),
        num("auditMs"),
        "ms",
    );
    Ok(())
}
