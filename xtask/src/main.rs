//! `cargo xtask run | test | bundle`: installs what is missing, builds the UI first, then
//! runs the app (demo mode), the whole test suite, or makes the installers. One feature
//! set everywhere, so Tauri compiles once.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod bench;
mod package;
mod workflows;

/// Debian packages the build and the tests need.
const APT_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "xvfb",
    "webkit2gtk-driver",
    "chromium",
    "nodejs",
    "npm",
    // The keychain: libdbus for `keyring`'s Secret Service, and a private D-Bus session
    // with gnome-keyring for the test of the real keychain path.
    "libdbus-1-dev",
    "dbus",
    "gnome-keyring",
    // The package check: `desktop-file-validate`. And shellcheck, which actionlint runs
    // on the workflows' scripts.
    "desktop-file-utils",
    "shellcheck",
];

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run_app(),
        Some("test") => test(),
        Some("setup") => setup(),
        Some("bench") => bench::run(args.get(1).map(String::as_str)),
        Some("bundle") => package::run(args.iter().any(|a| a == "--check")),
        Some("licenses") => package::licences().map(|_| ()),
        _ => {
            eprintln!("usage: cargo xtask run | test | bundle [--check] | bench [NAME] | setup");
            eprintln!("  run       install what is missing, build, and open the app in demo mode");
            eprintln!("  test      install what is missing, then run every check and test");
            eprintln!("  bundle    build the release .deb and .rpm (--check: then test the .deb)");
            eprintln!("  licenses  gather the third-party licences file the installers ship");
            eprintln!("  bench     build release binaries and print the figures users feel");
            eprintln!("  setup     only install what is missing");
            std::process::exit(2);
        }
    }
}

/// Runs a command, echoing it, and fails with its name when it fails.
pub(crate) fn sh(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}").replace('"', "");
    eprintln!("\n==> {shown}");
    let start = Instant::now();
    let status = cmd
        .status()
        .with_context(|| format!("cannot start: {shown}"))?;
    eprintln!("    ({:.1} s)", start.elapsed().as_secs_f64());
    if !status.success() {
        bail!("failed ({status}): {shown}");
    }
    Ok(())
}

pub(crate) fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .is_ok_and(|s| s.success())
}

fn missing_apt_packages() -> Vec<&'static str> {
    APT_PACKAGES
        .iter()
        .copied()
        .filter(|p| {
            // node and npm may come from elsewhere (nodesource, nvm): accept them on PATH.
            if (*p == "nodejs" && have("node")) || (*p == "npm" && have("npm")) {
                return false;
            }
            // The UI tests take any Chromium named by CHROMIUM (GitHub's runners have one).
            if *p == "chromium" && std::env::var_os("CHROMIUM").is_some_and(|c| Path::new(&c).is_file()) {
                return false;
            }
            let out = Command::new("dpkg-query")
                .args(["-W", "-f=${Status}", p])
                .output();
            !matches!(out, Ok(o) if String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        })
        .collect()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Installs system packages, npm packages and tauri-driver where missing.
pub(crate) fn setup() -> Result<()> {
    let missing = missing_apt_packages();
    if !missing.is_empty() {
        if !have("apt-get") {
            bail!(
                "missing system packages: {}. This is not a Debian/Ubuntu system: install the equivalents (see README), then run this again.",
                missing.join(" ")
            );
        }
        if !is_root() {
            bail!(
                "missing system packages. Run this, then run the command again:\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends {}",
                missing.join(" ")
            );
        }
        sh(Command::new("apt-get").arg("update"))?;
        sh(Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"))?;
    }
    let ui = root().join("ui");
    let stamp = ui.join("node_modules/.package-lock.json");
    let lock = ui.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(s), Ok(l)) => s.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if !fresh {
        sh(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&ui))?;
    }
    if !have("tauri-driver") {
        sh(cargo().args(["install", "tauri-driver", "--version", "^2", "--locked"]))?;
    }
    if !cargo_deny_installed() {
        sh(cargo().args(["install", "cargo-deny", "--locked"]))?;
    }
    workflows::install_actionlint()?;
    Ok(())
}

fn cargo_deny_installed() -> bool {
    cargo()
        .args(["deny", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

pub(crate) fn build_ui() -> Result<()> {
    sh(Command::new("npm")
        .args(["run", "build"])
        .current_dir(root().join("ui")))
}

fn run_app() -> Result<()> {
    setup()?;
    build_ui()?;
    sh(cargo()
        .args(["run", "-p", "webex-migration-wizard"])
        .current_dir(root()))
}

fn test() -> Result<()> {
    let started = Instant::now();
    setup()?;
    let root = root();
    let ui = root.join("ui");
    build_ui()?;
    sh(cargo()
        .args(["fmt", "--all", "--", "--check"])
        .current_dir(&root))?;
    sh(cargo()
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&root))?;
    // Licences, banned crates and sources (deny.toml). Advisories need the network:
    // the release workflow checks them.
    sh(cargo()
        .args(["deny", "check", "licenses", "bans", "sources"])
        .current_dir(&root))?;
    workflows::check()?;
    sh(cargo()
        .args([
            "test",
            "--workspace",
            "--exclude",
            "e2e",
            "--exclude",
            "bench-hello",
        ])
        .current_dir(&root))?;
    sh(Command::new("npm").args(["run", "check"]).current_dir(&ui))?;
    sh(Command::new("npm")
        .args(["run", "format:check"])
        .current_dir(&ui))?;
    sh(Command::new("npm").args(["test"]).current_dir(&ui))?;
    // The real app window under Xvfb, over WebDriver.
    // The app and wxm built together: the About test compares their builds.
    sh(cargo()
        .args(["build", "-p", "webex-migration-wizard", "-p", "wxm"])
        .current_dir(&root))?;
    sh(Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x800x24"])
        .arg(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "-p", "e2e", "--", "--test-threads=1"])
        .current_dir(&root))?;
    // The installers: a release build, the bundler and the licence listing (20 to 40
    // minutes more on two cores, the first time, which would double a local run), so
    // in CI (`CI=true`, as .ci/run and CI services set it) or when asked.
    if package_check_wanted(
        std::env::var("CI").ok().as_deref(),
        std::env::var_os("WXM_TEST_PACKAGE").is_some(),
    ) {
        let packages = package::bundle()?;
        package::check_deb(&packages.deb)?;
    } else {
        eprintln!("\n(The installer check runs in CI (CI=true), with WXM_TEST_PACKAGE=1, or as `cargo xtask bundle --check`.)");
    }
    eprintln!(
        "\nAll checks passed in {:.0} s.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Whether `cargo xtask test` makes and checks the installers: in CI (`CI` set to
/// `true` or `1`) or when `WXM_TEST_PACKAGE` is set.
fn package_check_wanted(ci: Option<&str>, asked: bool) -> bool {
    asked || matches!(ci.map(str::trim), Some("true" | "1" | "TRUE" | "True"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_installer_check_runs_in_ci_or_when_asked_only() {
        assert!(super::package_check_wanted(Some("true"), false));
        assert!(super::package_check_wanted(Some("1"), false));
        assert!(super::package_check_wanted(None, true));
        assert!(!super::package_check_wanted(None, false));
        assert!(!super::package_check_wanted(Some("false"), false));
        assert!(!super::package_check_wanted(Some(""), false));
    }

    #[test]
    fn ci_runs_the_readme_test_command_and_nothing_else() {
        let ci = std::fs::read_to_string(super::root().join(".ci/run")).unwrap();
        let commands: Vec<&str> = ci
            .lines()
            .map(str::trim)
            .filter(|l| {
                !l.is_empty()
                    && !l.starts_with('#')
                    && !l.starts_with("set ")
                    && !l.starts_with("cd ")
            })
            .collect();
        // CI=true turns the installer check on; nothing else runs.
        assert_eq!(
            commands,
            ["export CI=\"${CI:-true}\"", "exec cargo xtask test"]
        );
        let readme = std::fs::read_to_string(super::root().join("README.md")).unwrap();
        assert!(readme.contains("cargo xtask test") && readme.contains("cargo xtask run"));
    }
}
