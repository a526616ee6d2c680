//! A trainer runs a move from the real window in demo mode, playing the end user only
//! through the "End user's screen" panel — the test never calls the demo tenant's /sim
//! API — and the partner's view follows the user to provisioned. Reset restores the
//! scenario.

use anyhow::{Context, Result};
use e2e::{with_app, App};
use fantoccini::Locator;
use std::time::Duration;

const GLOBEX: &str = "DemoTelecom+globex";
/// Sam has a free Webex account in the demo scenario.
const SAM: &str = "sam.free@mail.example";

async fn click(app: &App, locator: Locator<'_>) -> Result<()> {
    app.client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(locator)
        .await
        .with_context(|| format!("nothing matches {locator:?}"))?
        .click()
        .await?;
    Ok(())
}

async fn click_id(app: &App, id: &str) -> Result<()> {
    click(app, Locator::Id(id)).await
}

async fn click_xpath(app: &App, xpath: &str) -> Result<()> {
    click(app, Locator::XPath(xpath)).await
}

async fn type_into(app: &App, id: &str, text: &str) -> Result<()> {
    app.client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Id(id))
        .await
        .with_context(|| format!("no field #{id}"))?
        .send_keys(text)
        .await?;
    Ok(())
}

async fn answer(app: &App, question: &str, label: &str) -> Result<()> {
    app.wait_for_text("main h1", question).await?;
    click_xpath(app, &format!("//label[normalize-space()=\"{label}\"]")).await?;
    click_xpath(app, "//button[normalize-space()='Continue']").await
}

/// Walks move-user with the given answers to the result page; returns the outcome.
async fn to_result(
    app: &App,
    answers: &[(&str, &str)],
    outcome: &str,
) -> Result<engine::decide::Outcome> {
    let catalog = engine::builtin_catalog()?;
    let wizard = catalog.wizard("move-user").context("move-user")?;
    app.wait_for_text("main h1", "What do you want to do?")
        .await?;
    click_xpath(
        app,
        &format!(
            "//button[.//span[normalize-space()=\"{}\"]]",
            catalog.start.choices[0].label
        ),
    )
    .await?;
    for (input, value) in answers {
        let i = wizard.input(input).context("input")?;
        let label = &i.answer(value).context("answer")?.label;
        answer(app, &i.question, label).await?;
    }
    app.wait_for_text("main h1", "Check your answers").await?;
    click_xpath(app, "//button[normalize-space()='See what to do']").await?;
    let outcome = wizard.outcome(outcome).context("outcome")?.clone();
    app.wait_for_text("main h1", &outcome.title).await?;
    Ok(outcome)
}

/// The trainer acts in the panel, then waits for the "what just happened" line.
async fn act(app: &App, button: &str, happened: &str) -> Result<()> {
    click_id(app, button).await?;
    app.wait_for_text_contains("#trainer-happened", happened)
        .await
}

async fn open_panel(app: &App) -> Result<()> {
    click_id(app, "show-trainer").await?;
    app.wait_for_text_contains("aside", "Practice only: demo tenant")
        .await
}

#[tokio::test]
async fn a_trainer_runs_a_trusted_email_move_from_the_end_users_screen() -> Result<()> {
    with_app("trainer_trusted_move", |app, _data| async move {
        let result = async {
            let outcome = to_result(
                &app,
                &[
                    ("user_org", "consumer"),
                    ("w4bw_org_exists", "yes"),
                    ("method", "admin"),
                    ("email_trust", "trusted"),
                ],
                "move-trusted-email",
            )
            .await?;
            // The partner provisions Sam, who has a free Webex account, with trusted emails.
            let step = outcome
                .steps
                .iter()
                .find(|s| s.action.as_deref() == Some("provision-subscriber"))
                .context("provision step")?;
            let id = |field: &str| format!("{}-provision-subscriber-{field}", step.id);
            type_into(&app, &id("spEnterpriseId"), GLOBEX).await?;
            type_into(&app, &id("provisioningId"), "sim-tmpl-trusted").await?;
            type_into(&app, &id("userId"), "sam.globex@bw.demo-telecom.example").await?;
            type_into(&app, &id("firstName"), "Sam").await?;
            type_into(&app, &id("lastName"), "Free").await?;
            type_into(&app, &id("email"), SAM).await?;
            type_into(&app, &id("extension"), "4711").await?;
            click_xpath(&app, "//button[normalize-space()='Provision this user']").await?;
            app.wait_for_text_contains("main", "Sent to Webex.").await?;

            // The trainer plays Sam in the panel.
            open_panel(&app).await?;
            type_into(&app, "trainer-email", SAM).await?;
            act(&app, "trainer-open-mailbox", "one email from Webex").await?;
            click_xpath(
                &app,
                "//aside//button[normalize-space()='Activate Account']",
            )
            .await?;
            app.wait_for_text_contains("#trainer-happened", "Sam clicked Activate Account")
                .await?;
            app.wait_for_text_contains("#trainer-sees", "Consumer portal")
                .await?;
            act(&app, "trainer-log-in", "signed in to the Consumer portal").await?;
            act(
                &app,
                "trainer-delete-account",
                "Webex is now setting up Sam's new account",
            )
            .await?;
            act(&app, "trainer-time-passes", "passed; Webex finished").await?;

            // The partner's view follows Sam to provisioned.
            app.wait_for_text_contains("main", "Done: the user has Webex for BroadWorks.")
                .await?;
            Ok(())
        }
        .await;
        (app, result)
    })
    .await
}

#[tokio::test]
async fn a_trainer_runs_self_activation_from_the_end_users_screen_and_reset_restores_the_demo(
) -> Result<()> {
    with_app("trainer_self_activation", |app, _data| async move {
        let result = async {
            let outcome = to_result(
                &app,
                &[
                    ("user_org", "consumer"),
                    ("w4bw_org_exists", "yes"),
                    ("method", "self"),
                ],
                "self-activation",
            )
            .await?;

            // Sue activates herself on the activation portal, with the email of her free
            // Webex account.
            let sue = "sue.globex@bw.demo-telecom.example";
            open_panel(&app).await?;
            type_into(&app, "trainer-email", SAM).await?;
            type_into(&app, "trainer-enterprise", GLOBEX).await?;
            type_into(&app, "trainer-user-id", sue).await?;
            act(
                &app,
                "trainer-self-activate",
                "Sue signed in to the activation portal",
            )
            .await?;

            // The partner follows Sue, found by enterprise and user id.
            let step = outcome
                .steps
                .iter()
                .find(|s| s.check.as_deref() == Some("watch-subscriber-status"))
                .context("watch step")?;
            let id = |field: &str| format!("{}-watch-subscriber-status-{field}", step.id);
            click_xpath(
                &app,
                &format!("//section[.//input[@id='{}']]//summary", id("follow-user")),
            )
            .await?;
            type_into(&app, &id("follow-enterprise"), GLOBEX).await?;
            type_into(&app, &id("follow-user"), sue).await?;
            click_xpath(&app, "//button[normalize-space()='Follow this user']").await?;
            app.wait_for_text_contains("main", "click Join Now").await?;

            // Sue goes through the emails and deletes her old account.
            act(&app, "trainer-open-mailbox", "one email from Webex").await?;
            click_xpath(&app, "//aside//button[normalize-space()='Join Now']").await?;
            app.wait_for_text_contains("#trainer-happened", "Sue clicked Join Now")
                .await?;
            click_xpath(
                &app,
                "//aside//button[normalize-space()='Activate Account']",
            )
            .await?;
            app.wait_for_text_contains("#trainer-happened", "Sue clicked Activate Account")
                .await?;
            act(&app, "trainer-log-in", "signed in to the Consumer portal").await?;
            act(&app, "trainer-delete-account", "was deleted").await?;
            act(&app, "trainer-time-passes", "passed; Webex finished").await?;
            app.wait_for_text_contains("main", "Done: the user has Webex for BroadWorks.")
                .await?;

            // Reset asks first; afterwards Sue's new account is gone.
            click_id(&app, "trainer-reset").await?;
            app.wait_for_text_contains("#trainer-reset-confirm", "Reset the demo tenant?")
                .await?;
            act(&app, "trainer-reset-yes", "reset to the 'demo' scenario").await?;
            type_into(&app, &id("follow-user"), sue).await?;
            click_xpath(&app, "//button[normalize-space()='Follow this user']").await?;
            app.wait_for_text_contains("main", &format!("Webex has no user {sue} in {GLOBEX}."))
                .await?;
            act(&app, "trainer-open-mailbox", "no email from Webex yet").await?;
            Ok(())
        }
        .await;
        (app, result)
    })
    .await
}
