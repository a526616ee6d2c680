//! A partner moves users from a file in the real window: the file comes from the
//! system's file dialog (its answer preset with WXM_CHOOSE_FILE, since a test cannot
//! click in a native dialog), the plan is checked, confirmed and run to the end.

use anyhow::{Context, Result};
use e2e::{artifacts_dir, App};
use fantoccini::Locator;
use std::time::Duration;

async fn click_button(app: &App, label: &str) -> Result<()> {
    let xpath = format!("//button[normalize-space()=\"{label}\"]");
    app.client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::XPath(&xpath))
        .await
        .with_context(|| format!("no button \"{label}\""))?
        .click()
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_file_chosen_in_the_dialog_is_planned_confirmed_and_provisioned() -> Result<()> {
    let data = tempfile::tempdir()?;
    let file = data.path().join("march-users.csv");
    let mut csv =
        String::from("userId,spEnterpriseId,firstName,lastName,email,package,extension\n");
    for i in 0..3 {
        csv.push_str(&format!(
            "e2e{i}@bw.demo-telecom.example,DemoTelecom+globex,Ana{i},Bulk,ana{i}.bulk@globex.example,basic,{}\n",
            700 + i
        ));
    }
    std::fs::write(&file, csv)?;
    let app = App::launch_with(
        &data.path().join("data"),
        &[("WXM_CHOOSE_FILE", file.display().to_string())],
    )
    .await?;
    let result = async {
        click_button(&app, "Move many users from a file").await?;
        app.wait_for_text("main h1", "Which file lists the users to move?")
            .await?;
        click_button(&app, "Choose file").await?;
        // The page shows the chosen file's name, never its path.
        app.wait_for_text_contains("main", "march-users.csv")
            .await?;
        let main = app.text("main").await?;
        anyhow::ensure!(
            !main.contains(&data.path().display().to_string()),
            "the page shows the file's path: {main}"
        );
        // Nothing is chosen for the person: they say whether the emails are trusted.
        app.click("//label[normalize-space()=\"Yes, trusted emails\"]")
            .await?;
        click_button(&app, "Check the file").await?;
        app.wait_for_text("main h1", "Check the plan").await?;
        click_button(&app, "Continue").await?;
        app.wait_for_text("main h1", "Provision 3 users").await?;
        click_button(&app, "Provision 3 users").await?;
        app.wait_for_text_contains("main", "3 of 3 users (100%)")
            .await?;
        Ok(())
    }
    .await;
    if let Err(e) = &result {
        let dir = artifacts_dir("bulk-dialog");
        let _ = std::fs::create_dir_all(&dir);
        if let Ok(png) = app.client.screenshot().await {
            let _ = std::fs::write(dir.join("screenshot.png"), png);
        }
        let _ = std::fs::copy(data.path().join("data/logs/app.log"), dir.join("app.log"));
        eprintln!("bulk-dialog failed: {e:#}");
    }
    let _ = app.close().await;
    result
}
