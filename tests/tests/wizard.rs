//! A partner walks move-user to the untrusted-email move in the real window, marks a
//! step done, restarts the app and finds the session and its progress restored.

use anyhow::{ensure, Context, Result};
use e2e::{save_doc_screenshot, save_failure, App};
use fantoccini::Locator;

async fn walk_and_mark(app: &App) -> Result<(String, usize)> {
    let catalog = engine::builtin_catalog()?;
    let wizard = catalog.wizard("move-user").context("move-user")?;
    let label = |input: &str, value: &str| -> Result<String> {
        Ok(wizard
            .input(input)
            .and_then(|i| i.answer(value))
            .context("answer")?
            .label
            .clone())
    };
    app.wait_for_text("main h1", "What do you want to do?")
        .await?;
    let start_label = &catalog.start.choices[0].label;
    app.click_button(start_label).await?;
    for (n, (input, value)) in [
        ("user_org", "consumer"),
        ("w4bw_org_exists", "yes"),
        ("method", "admin"),
        ("email_trust", "untrusted"),
    ]
    .into_iter()
    .enumerate()
    {
        let question = &wizard.input(input).context("input")?.question;
        app.wait_for_text("main h1", question).await?;
        if n == 0 {
            save_doc_screenshot("question.png", &app.screenshot().await?)?;
        }
        app.click_label(&label(input, value)?).await?;
        app.click_button("Continue").await?;
    }
    app.wait_for_text("main h1", "Check your answers").await?;
    save_doc_screenshot("check-answers.png", &app.screenshot().await?)?;
    app.click_button("See what to do").await?;
    let outcome = wizard.outcome("move-untrusted-email").context("outcome")?;
    app.wait_for_text("main h1", &outcome.title).await?;
    let why = app.text(".why").await?;
    ensure!(
        why.contains("untrusted emails"),
        "the reason names the deciding answer: {why}"
    );
    app.client
        .find(Locator::Css(
            "ol.steps > li:first-child input[type=checkbox]",
        ))
        .await?
        .click()
        .await?;
    let total = outcome.steps.len();
    app.wait_for_text(".progress", &format!("1 of {total} steps done"))
        .await?;
    app.client.execute("window.scrollTo(0, 0)", vec![]).await?;
    save_doc_screenshot("result.png", &app.screenshot().await?)?;
    Ok((outcome.title.clone(), total))
}

#[tokio::test]
async fn a_session_and_its_progress_survive_a_restart_of_the_app() -> Result<()> {
    let data = tempfile::tempdir()?;
    let first = App::launch(data.path()).await?;
    let walked = walk_and_mark(&first).await;
    if let Err(e) = &walked {
        save_failure(&first, data.path(), "restart_walk", e).await;
    }
    first.close().await?;
    let (title, total) = walked?;

    let second = App::launch(data.path()).await?;
    let restored = async {
        second.wait_for_text("main h1", "What do you want to do?").await?;
        let recent = second.text(".recent li").await?;
        ensure!(recent.contains(&title), "recent sessions: {recent}");
        ensure!(recent.contains(&format!("1 of {total} steps done")), "recent sessions: {recent}");
        second.click_button(&title).await?;
        second.wait_for_text("main h1", &title).await?;
        let checked = second
            .client
            .execute(
                "return document.querySelector('ol.steps > li:first-child input[type=checkbox]').checked",
                vec![],
            )
            .await?;
        ensure!(checked == true, "step 1 is still marked done");
        Ok(())
    }
    .await;
    if let Err(e) = &restored {
        save_failure(&second, data.path(), "restart_restore", e).await;
    }
    second.close().await?;
    restored
}

/// Types an enterprise's name where its id belongs: nothing is chosen, the page says
/// "not found — check the id", and picking from the enterprises Webex has looks it up.
async fn look_up_a_name(app: &App) -> Result<()> {
    let catalog = engine::builtin_catalog()?;
    let wizard = catalog.wizard("move-user").context("move-user")?;
    app.wait_for_text("main h1", "What do you want to do?")
        .await?;
    app.click_button(&catalog.start.choices[0].label).await?;
    let user_org = wizard.input("user_org").context("user_org")?;
    app.wait_for_text("main h1", &user_org.question).await?;
    app.click_label(&user_org.answer("consumer").context("consumer")?.label)
        .await?;
    app.click_button("Continue").await?;
    let question = &wizard.input("w4bw_org_exists").context("input")?.question;
    app.wait_for_text("main h1", question).await?;
    app.client
        .find(Locator::XPath(
            "//summary[normalize-space()='Look it up in your Webex']",
        ))
        .await?
        .click()
        .await?;
    app.client
        .find(Locator::Id("w4bw_org_exists-lookup"))
        .await?
        .send_keys("Globex")
        .await?;
    app.click_button("Look it up").await?;
    app.wait_for_text_contains(".found", "not found in your Webex — check the id")
        .await?;
    let found = app.text(".found").await?;
    ensure!(!found.contains("Found in your Webex"), "{found}");
    let chosen = || async {
        app.client
            .execute(
                "return [...document.querySelectorAll('input[type=radio]:checked')].map(r => r.value)",
                vec![],
            )
            .await
    };
    ensure!(
        chosen().await? == serde_json::json!([]),
        "an answer was chosen"
    );
    save_doc_screenshot("question-lookup-not-found.png", &app.screenshot().await?)?;
    app.click_button("DemoTelecom+globex").await?;
    app.wait_for_text_contains(
        ".found",
        "Found in your Webex: the enterprise DemoTelecom+globex",
    )
    .await?;
    ensure!(
        chosen().await? == serde_json::json!(["yes"]),
        "the answer found is chosen"
    );
    Ok(())
}

#[tokio::test]
async fn a_look_up_that_finds_nothing_chooses_nothing_and_offers_what_webex_has() -> Result<()> {
    e2e::with_app("lookup_not_found", async |app, _data| {
        look_up_a_name(app).await
    })
    .await
}
