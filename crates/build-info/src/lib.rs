//! Called from the build scripts of the app and of `wxm`, so both say the same version
//! and build: `WXM_BUILD` ("1a2b3c4d5e6f, 2026-12-02": the git commit and its date, or
//! empty outside a git checkout) and `WXM_VERSION` ("0.1.0 (build 1a2b3c4d5e6f,
//! 2026-12-02)"), as compile-time environment variables (`env!`).

use std::path::Path;
use std::process::Command;

/// Set `WXM_BUILD` when building from a source archive, where there is no git history.
const OVERRIDE: &str = "WXM_BUILD";

/// Emits `cargo:rustc-env=WXM_BUILD=…` and `cargo:rustc-env=WXM_VERSION=…`, and asks
/// cargo to run the build script again when the checked-out commit changes.
pub fn emit() {
    println!("cargo:rerun-if-env-changed={OVERRIDE}");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let build = current_build();
    for file in git_files_naming_the_commit() {
        println!("cargo:rerun-if-changed={file}");
    }
    println!("cargo:rustc-env=WXM_BUILD={build}");
    println!(
        "cargo:rustc-env=WXM_VERSION={}",
        version_line(&version, &build)
    );
}

/// `WXM_BUILD` when set, else the checked-out commit and its date, else empty. `cargo
/// xtask bundle` sets `WXM_BUILD` from this for every build it makes, so the app and
/// `wxm` in one package say the same build even if a commit lands between their builds.
pub fn current_build() -> String {
    match std::env::var(OVERRIDE) {
        Ok(given) if !given.trim().is_empty() => given.trim().to_string(),
        _ => git_build().unwrap_or_default(),
    }
}

/// "0.1.0 (build 1a2b3c4d5e6f, 2026-12-02)", or "0.1.0" when the build is unknown.
pub fn version_line(version: &str, build: &str) -> String {
    if build.is_empty() {
        version.to_string()
    } else {
        format!("{version} (build {build})")
    }
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}

/// The commit (12 hex digits) and its date.
fn git_build() -> Option<String> {
    let line = git(&["log", "-1", "--abbrev=12", "--format=%h %cs"])?;
    let (commit, date) = line.split_once(' ')?;
    Some(format!("{commit}, {date}"))
}

/// HEAD, the branch it points to, and packed-refs: a commit or a checkout changes one.
fn git_files_naming_the_commit() -> Vec<String> {
    let mut names = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        names.push(branch);
    }
    names
        .iter()
        .filter_map(|name| git(&["rev-parse", "--path-format=absolute", "--git-path", name]))
        // A path that does not exist would make cargo run the script on every build.
        .filter(|path| Path::new(path).exists())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::version_line;

    #[test]
    fn the_version_line_names_the_build_when_it_is_known() {
        assert_eq!(
            version_line("0.1.0", "1a2b3c4d5e6f, 2026-12-02"),
            "0.1.0 (build 1a2b3c4d5e6f, 2026-12-02)"
        );
        assert_eq!(version_line("0.1.0", ""), "0.1.0");
    }
}
