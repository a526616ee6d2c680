//! Embeds every file of `tables/` into the engine, so the product never reads them at run time.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let tables = manifest.join("../../tables");
    println!("cargo:rerun-if-changed={}", tables.display());
    let mut names: Vec<String> = std::fs::read_dir(&tables)
        .expect("tables/ must exist beside crates/")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let mut code = String::from("/// Every table file, embedded at build time: (file name, text).\npub const TABLE_FILES: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = tables.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("tables.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
