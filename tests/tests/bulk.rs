//! A partner moves users from a file in the real window: the file comes from the
//! system's file dialog (its answer preset with WXM_CHOOSE_FILE, since a test cannot
//! click in a native dialog), the plan is checked, confirmed and run to the end.

use anyhow::Result;
use e2e::{save_failure, App};

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
        app.click_button("Move many users from a file").await?;
        app.wait_for_text("main h1", "Which file lists the users to move?")
            .await?;
        app.click_button("Choose file").await?;
        // The page shows the chosen file's name, never its path.
        app.wait_for_text_contains("main", "march-users.csv")
            .await?;
        let main = app.text("main").await?;
        anyhow::ensure!(
            !main.contains(&data.path().display().to_string()),
            "the page shows the file's path: {main}"
        );
        // Nothing is chosen for the person: they say whether the emails are trusted.
        app.click_label("Yes, trusted emails").await?;
        app.click_button("Check the file").await?;
        app.wait_for_text("main h1", "Check the plan").await?;
        app.click_button("Continue").await?;
        app.wait_for_text("main h1", "Provision 3 users").await?;
        app.click_button("Provision 3 users").await?;
        app.wait_for_text_contains("main", "3 of 3 users (100%)")
            .await?;
        Ok(())
    }
    .await;
    if let Err(e) = &result {
        save_failure(&app, &data.path().join("data"), "bulk-dialog", e).await;
    }
    let _ = app.close().await;
    result
}
