//! The About page of the real window says the version and build that `wxm --version`
//! says. `cargo xtask bundle --check` runs this on the app and `wxm` unpacked from the
//! .deb (`WXM_APP_BIN`, `WXM_CLI_BIN`), with the package's version (`WXM_PACKAGE_VERSION`):
//! all three must agree, and the package's licences file must show.

use anyhow::{ensure, Context, Result};
use e2e::{with_app, workspace_root};
use std::path::PathBuf;

/// `wxm`: `WXM_CLI_BIN`, or the debug build beside the app's.
fn wxm_binary() -> PathBuf {
    std::env::var_os("WXM_CLI_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/wxm"))
}

#[tokio::test]
async fn about_says_the_version_and_build_that_wxm_and_the_package_say() -> Result<()> {
    with_app("about", async |app, _data| {
        app.wait_for_text("main h1", "What do you want to do?")
            .await?;
        app.click_id("open-about").await?;
        app.wait_for_text("main h1", "About this app").await?;
        let version = app.text("#about-version").await?;
        let build = app.text("#about-build").await?;
        let out = std::process::Command::new(wxm_binary())
            .arg("--version")
            .output()
            .context("cannot run wxm")?;
        let said = String::from_utf8(out.stdout)?.trim().to_string();
        ensure!(
            said == format!("wxm {version} (build {build})"),
            "wxm --version says '{said}'; About says version '{version}', build '{build}'"
        );
        ensure!(
            app.text("#about-webex-api").await? == "https://webexapis.com/v1",
            "About names the Webex API"
        );
        match std::env::var("WXM_PACKAGE_VERSION") {
            Ok(package) => {
                ensure!(
                    version == package,
                    "About says {version}, the package {package}"
                );
                app.click_id("show-licences").await?;
                app.wait_for_text_contains("#licences", "tauri").await?;
                app.wait_for_text_contains("#licences", "svelte 5.").await?;
            }
            // Built from source: the licences file comes with the installers only.
            Err(_) => {
                app.text("#licences-missing").await?;
            }
        }
        Ok(())
    })
    .await
}
