//! `cargo xtask bundle`: the release app and `wxm` in a .deb and an .rpm, made by Tauri's
//! bundler (`cargo tauri build`), with the third-party licences file inside; then the
//! check of the .deb that `cargo xtask test` runs in CI: unpacked (never installed) into
//! a temporary root, its .desktop file, icons and dependencies checked, and the unpacked
//! app started under Xvfb, where an end-to-end test reads its About page.

use crate::{cargo, root, sh};
use anyhow::{bail, ensure, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The extra bundle configuration (the licences resource, `wxm` in /usr/bin), merged
/// onto tauri.conf.json by the bundler only: a plain `cargo build` needs neither file.
const BUNDLE_CONFIG: &str = "tauri.bundle.conf.json";
/// Where `cargo xtask licenses` writes the licences file the bundle ships.
const LICENCES: &str = "target/licenses/THIRD-PARTY-LICENSES.txt";
/// The npm packages whose code is in the built UI (ui/dist): Svelte's runtime and what
/// it imports, and Tauri's JavaScript API. The rest of ui/ only builds or tests it.
const NPM_SHIPPED: &[&str] = &["svelte", "esm-env", "clsx", "@tauri-apps/api"];
/// The npm licence tool, pinned.
const NPM_LICENCE_TOOL: &str = "license-checker-rseidelsohn@5.0.1";

/// The packages `cargo xtask bundle` made.
pub(crate) struct Packages {
    pub(crate) deb: PathBuf,
    pub(crate) rpm: PathBuf,
}

/// `cargo xtask bundle [--check]`.
pub(crate) fn run(check: bool) -> Result<()> {
    crate::setup()?;
    let packages = bundle()?;
    eprintln!(
        "\nPackages:\n  {}\n  {}",
        packages.deb.display(),
        packages.rpm.display()
    );
    if check {
        check_deb(&packages.deb)?;
    }
    Ok(())
}

fn cargo_has(subcommand: &str) -> bool {
    cargo()
        .args([subcommand, "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `cargo install` of a tool when `cargo <subcommand>` is missing.
fn install_cargo_tool(subcommand: &str, install: &[&str]) -> Result<()> {
    if !cargo_has(subcommand) {
        sh(cargo().arg("install").args(install).arg("--locked"))?;
    }
    Ok(())
}

/// Builds the UI, `wxm` and the app in release, gathers the licences, and bundles.
pub(crate) fn bundle() -> Result<Packages> {
    // The bundler; about 8 minutes to build, once.
    install_cargo_tool("tauri", &["tauri-cli", "--version", "^2"])?;
    let root = root();
    // One build for both binaries, even if a commit lands while they build.
    let build = build_info::current_build();
    crate::build_ui()?;
    sh(cargo()
        .args(["build", "--release", "-p", "wxm"])
        .env("WXM_BUILD", &build)
        .current_dir(&root))?;
    licences()?;
    cli_extras(&root)?;
    let out = root.join("target/release/bundle");
    for kind in ["deb", "rpm"] {
        let _ = std::fs::remove_dir_all(out.join(kind));
    }
    sh(cargo()
        .args(["tauri", "build", "--bundles", "deb,rpm", "--config"])
        .arg(root.join(BUNDLE_CONFIG))
        .env("TAURI_APP_PATH", "src-tauri")
        .env("WXM_BUILD", &build)
        .current_dir(&root))?;
    Ok(Packages {
        deb: only_file(&out.join("deb"), "deb")?,
        rpm: only_file(&out.join("rpm"), "rpm")?,
    })
}

/// Where the packages' shell completions and manual pages are generated.
const CLI_EXTRAS: &str = "target/package-extra";

/// The shell completions (bash, zsh, fish) and the manual pages of the release `wxm`,
/// generated from its own definitions, for the packages (tauri.bundle.conf.json).
fn cli_extras(root: &Path) -> Result<()> {
    let dir = root.join(CLI_EXTRAS);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let wxm = root.join("target/release/wxm");
    for (shell, file) in [("bash", "wxm.bash"), ("zsh", "_wxm"), ("fish", "wxm.fish")] {
        let out = Command::new(&wxm)
            .args(["completions", shell])
            .output()
            .with_context(|| format!("cannot run {}", wxm.display()))?;
        ensure!(
            out.status.success() && !out.stdout.is_empty(),
            "wxm completions {shell} failed"
        );
        std::fs::write(dir.join(file), out.stdout)?;
    }
    sh(Command::new(&wxm)
        .arg("manpage")
        .arg("--out")
        .arg(dir.join("man")))?;
    Ok(())
}

/// The packaged completions and manual pages are where the shells and `man` look.
fn check_cli_extras(unpacked: &Path) -> Result<()> {
    for file in [
        "usr/share/bash-completion/completions/wxm",
        "usr/share/zsh/vendor-completions/_wxm",
        "usr/share/fish/vendor_completions.d/wxm.fish",
        "usr/share/man/man1/wxm.1",
        "usr/share/man/man1/wxm-migration-chase.1",
    ] {
        let path = unpacked.join(file);
        ensure!(
            std::fs::metadata(&path).is_ok_and(|m| m.len() > 0),
            "the package lacks {file}"
        );
    }
    Ok(())
}

/// The one file ending in `.ext` in `dir`.
fn only_file(dir: &Path, ext: &str) -> Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("the bundler made no {}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => bail!("expected one .{ext} in {}, found {found:?}", dir.display()),
    }
}

/// `cargo xtask licenses`: the licences of the Rust crates (cargo-about, about.toml and
/// about.hbs) and of the npm packages in the built UI (license-checker-rseidelsohn), in
/// one text file. No set-up beyond cargo and npm, so the release workflow runs it on
/// macOS and Windows too.
pub(crate) fn licences() -> Result<PathBuf> {
    install_cargo_tool("about", &["cargo-about", "--version", "^0.8"])?;
    let root = root();
    let file = root.join(LICENCES);
    if newer_than_its_sources(&root, &file) {
        eprintln!("\n==> {} is up to date", file.display());
        return Ok(file);
    }
    std::fs::create_dir_all(file.parent().expect("a folder"))?;
    // One listing for the app and one for wxm: each names exactly the crates in it.
    // --offline: licence files from the crates themselves, no clearlydefined.io.
    let mut rust_text = String::new();
    for (what, manifest) in [
        ("the app", "src-tauri/Cargo.toml"),
        ("wxm", "crates/cli/Cargo.toml"),
    ] {
        let part = file.with_file_name(format!("rust-{}.txt", what.replace(' ', "-")));
        sh(cargo()
            .args([
                "about",
                "generate",
                "--offline",
                "--fail",
                "-c",
                "about.toml",
                "-m",
            ])
            .arg(manifest)
            .arg("-o")
            .arg(&part)
            .arg("about.hbs")
            .current_dir(&root))?;
        rust_text += &format!("\n\n##### The Rust crates in {what}\n\n");
        rust_text += std::fs::read_to_string(&part)?.trim();
    }
    let npm = file.with_file_name("npm.txt");
    let out = Command::new(if cfg!(windows) { "npx.cmd" } else { "npx" })
        .args([
            "--yes",
            NPM_LICENCE_TOOL,
            "--plainVertical",
            "--includePackages",
        ])
        .arg(NPM_SHIPPED.join(";"))
        .current_dir(root.join("ui"))
        .output()
        .context("cannot run npx (Node.js and npm are needed)")?;
    ensure!(
        out.status.success(),
        "{NPM_LICENCE_TOOL} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let npm_text = String::from_utf8(out.stdout)?;
    for package in NPM_SHIPPED {
        ensure!(
            npm_text
                .lines()
                .any(|l| l.starts_with(&format!("{package} "))),
            "{NPM_LICENCE_TOOL} found no licence for {package}: is it installed in ui/?"
        );
    }
    std::fs::write(&npm, &npm_text)?;
    let text = format!(
        "Third-party licences of Webex Migration Wizard\n\
         The app and wxm are MIT-licensed. They include the software below, each under its own licence.\n\n\
         {}\n\n\
         ##### The npm packages in the app's window (gathered by {NPM_LICENCE_TOOL})\n\n\
         {npm_text}",
        rust_text.trim()
    );
    std::fs::write(&file, text)?;
    eprintln!("    wrote {}", file.display());
    Ok(file)
}

/// The licences file was written after the lock files and cargo-about's settings last
/// changed (gathering them again takes minutes).
fn newer_than_its_sources(root: &Path, file: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(written) = modified(file) else {
        return false;
    };
    [
        "Cargo.lock",
        "ui/package-lock.json",
        "about.toml",
        "about.hbs",
    ]
    .iter()
    .all(|source| modified(&root.join(source)).is_some_and(|m| m < written))
}

/// The fields of the .deb's control file that the checks use.
fn deb_field(deb: &Path, field: &str) -> Result<String> {
    let out = Command::new("dpkg-deb")
        .arg("-f")
        .arg(deb)
        .arg(field)
        .output()
        .context("cannot run dpkg-deb")?;
    ensure!(out.status.success(), "dpkg-deb -f {field} failed");
    Ok(String::from_utf8(out.stdout)?.trim().to_string())
}

/// Unpacks the .deb into a temporary root and checks what an installation would put on
/// the machine; then the unpacked app and `wxm` run from there.
pub(crate) fn check_deb(deb: &Path) -> Result<()> {
    eprintln!("\n==> checking {}", deb.display());
    let root = root();
    let unpacked = std::env::temp_dir().join(format!("wxm-deb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&unpacked);
    let result = check_unpacked(deb, &unpacked, &root);
    let _ = std::fs::remove_dir_all(&unpacked);
    result
}

fn check_unpacked(deb: &Path, unpacked: &Path, root: &Path) -> Result<()> {
    sh(Command::new("dpkg-deb").arg("-x").arg(deb).arg(unpacked))?;
    // Control information, as `dpkg-deb -I` shows it.
    sh(Command::new("dpkg-deb").arg("-I").arg(deb))?;
    let version = deb_field(deb, "Version")?;
    let depends = deb_field(deb, "Depends")?;
    check_depends(&depends)?;
    ensure!(
        version == env!("CARGO_PKG_VERSION"),
        "the package's version {version} is not the workspace's {}",
        env!("CARGO_PKG_VERSION")
    );

    let desktop = only_file(&unpacked.join("usr/share/applications"), "desktop")?;
    let out = Command::new("desktop-file-validate")
        .arg(&desktop)
        .output()
        .context("cannot run desktop-file-validate (Debian package desktop-file-utils)")?;
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    ensure!(
        out.status.success() && said.trim().is_empty(),
        "desktop-file-validate {}:\n{said}",
        desktop.display()
    );
    let entry = std::fs::read_to_string(&desktop)?;
    let key = |k: &str| {
        entry
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{k}=")))
            .map(str::to_string)
            .with_context(|| format!("{} has no {k}=", desktop.display()))
    };
    ensure!(
        key("Name")? == "Webex Migration Wizard",
        "Name={}",
        key("Name")?
    );
    ensure!(
        key("Categories")?.contains("Utility"),
        "Categories={}",
        key("Categories")?
    );
    let exec = key("Exec")?;
    let binary = unpacked
        .join("usr/bin")
        .join(exec.split_whitespace().next().unwrap_or(""));
    ensure!(binary.is_file(), "Exec={exec}: no {}", binary.display());
    check_icons(unpacked, &key("Icon")?)?;

    let wxm = unpacked.join("usr/bin/wxm");
    let out = Command::new(&wxm)
        .arg("--version")
        .output()
        .with_context(|| format!("cannot run {}", wxm.display()))?;
    let said = String::from_utf8_lossy(&out.stdout).trim().to_string();
    eprintln!("    {} --version: {said}", wxm.display());
    ensure!(
        out.status.success() && said.starts_with(&format!("wxm {version} (build ")),
        "the packaged wxm says '{said}', not version {version} with its build"
    );
    check_cli_extras(unpacked)?;
    let licences = unpacked
        .join("usr/lib/Webex Migration Wizard")
        .join("THIRD-PARTY-LICENSES.txt");
    let text = std::fs::read_to_string(&licences)
        .with_context(|| format!("the package lacks {}", licences.display()))?;
    for part in ["\n  tauri 2.", "\nsvelte 5.", "\n@tauri-apps/api 2."] {
        ensure!(
            text.contains(part),
            "the licences file does not name {part:?}"
        );
    }

    // The unpacked app under Xvfb on a temporary data folder, over WebDriver: the start
    // page shows, and About says the package's version and what the packaged wxm says.
    sh(Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x800x24"])
        .arg(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "test",
            "-p",
            "e2e",
            "--test",
            "about",
            "--",
            "--test-threads=1",
        ])
        .env("WXM_APP_BIN", &binary)
        .env("WXM_CLI_BIN", &wxm)
        .env("WXM_PACKAGE_VERSION", &version)
        .current_dir(root))?;
    eprintln!("    the .deb is good: version {version}, depends on {depends}");
    Ok(())
}

/// The WebKitGTK and GTK runtime libraries, and no development package.
fn check_depends(depends: &str) -> Result<()> {
    let names: Vec<&str> = depends
        .split(',')
        .filter_map(|d| d.split_whitespace().next())
        .collect();
    ensure!(
        names.contains(&"libwebkit2gtk-4.1-0") && names.contains(&"libgtk-3-0"),
        "Depends: {depends} (expected libwebkit2gtk-4.1-0 and libgtk-3-0)"
    );
    ensure!(
        !names.iter().any(|n| n.ends_with("-dev")),
        "Depends: {depends} names a development package"
    );
    Ok(())
}

/// The icon the .desktop file names, as PNGs of the sizes their folders say.
fn check_icons(unpacked: &Path, icon: &str) -> Result<()> {
    let hicolor = unpacked.join("usr/share/icons/hicolor");
    let mut sizes = Vec::new();
    for dir in std::fs::read_dir(&hicolor)
        .with_context(|| format!("no {}", hicolor.display()))?
        .flatten()
    {
        let name = dir.file_name().to_string_lossy().to_string();
        let png = dir.path().join("apps").join(format!("{icon}.png"));
        if !png.is_file() {
            continue;
        }
        // "128x128" or "256x256@2" (128 at twice the density: 256 pixels).
        let side: u32 = name
            .split(['x', '@'])
            .next()
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("icon folder {name}"))?;
        let (w, h) = png_size(&std::fs::read(&png)?)?;
        ensure!(
            w == side && h == side,
            "{} is {w}x{h}, not {side}x{side}",
            png.display()
        );
        sizes.push(side);
    }
    sizes.sort();
    ensure!(
        sizes.contains(&32) && sizes.contains(&128),
        "icon {icon}: sizes {sizes:?} (expected 32 and 128 at least)"
    );
    Ok(())
}

/// Width and height from a PNG's header.
fn png_size(bytes: &[u8]) -> Result<(u32, u32)> {
    ensure!(
        bytes.len() > 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR",
        "not a PNG"
    );
    let word =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    Ok((word(16), word(20)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_depends_on_the_webkitgtk_runtime_not_on_dev_packages() {
        assert!(check_depends("libwebkit2gtk-4.1-0, libgtk-3-0").is_ok());
        assert!(check_depends("libwebkit2gtk-4.1-0 (>= 2.40), libgtk-3-0").is_ok());
        assert!(check_depends("libgtk-3-0").is_err());
        assert!(check_depends("libwebkit2gtk-4.1-0, libgtk-3-0, libwebkit2gtk-4.1-dev").is_err());
    }

    #[test]
    fn reads_the_size_of_the_app_icon() {
        let icon = std::fs::read(root().join("icons/32x32.png")).unwrap();
        assert_eq!(png_size(&icon).unwrap(), (32, 32));
        assert!(png_size(b"GIF89a").is_err());
    }
}
