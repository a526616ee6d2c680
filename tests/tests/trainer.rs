//! A trainer runs a move from the real window in demo mode, playing the end user only
//! through the "End user's screen" panel — the test never calls the demo tenant's /sim
//! API — and the partner's view follows the user to provisioned. Reset restores the
//! scenario.

use anyhow::{Context, Result};
use e2e::{with_app, App};

const GLOBEX: &str = "DemoTelecom+globex";
/// Sam has a free Webex account in the demo scenario.
const SAM: &str = "sam.free@mail.example";
/// The answers of a move of Sam's free account by the partner, with trusted emails.
const TRUSTED_MOVE: &[(&str, &str)] = &[
    ("user_org", "consumer"),
    ("w4bw_org_exists", "yes"),
    ("method", "admin"),
    ("email_trust", "trusted"),
];

/// Walks move-user with the given answers to the result page; returns the outcome.
async fn to_result(
    app: &App,
    answers: &[(&str, &str)],
    outcome: &str,
) -> Result<engine::decide::Outcome> {
    let catalog = engine::builtin_catalog()?;
    let wizard = catalog.wizard("move-user").context("move-user")?;
    app.start(&catalog.start.choices[0].label).await?;
    for (input, value) in answers {
        let i = wizard.input(input).context("input")?;
        let label = &i.answer(value).context("answer")?.label;
        app.answer(&i.question, label).await?;
    }
    let outcome = wizard.outcome(outcome).context("outcome")?.clone();
    app.see_what_to_do(&outcome.title).await?;
    Ok(outcome)
}

/// The trainer acts in the panel, then waits for the "what just happened" line.
async fn act(app: &App, button: &str, happened: &str) -> Result<()> {
    app.click_id(button).await?;
    app.wait_for_text_contains("#trainer-happened", happened)
        .await
}

async fn open_panel(app: &App) -> Result<()> {
    app.click_id("show-trainer").await?;
    app.wait_for_text_contains("aside", "Practice only: demo tenant")
        .await
}

/// Fills the panel of the step with `action` (provision or precheck) with Sam's details.
async fn fill_sam(app: &App, outcome: &engine::decide::Outcome, action: &str) -> Result<()> {
    let step = outcome
        .steps
        .iter()
        .find(|s| s.action.as_deref() == Some(action))
        .context("the step of the action")?;
    let id = |field: &str| format!("{}-{action}-{field}", step.id);
    app.retype(&id("spEnterpriseId"), GLOBEX).await?;
    app.retype(&id("provisioningId"), "sim-tmpl-trusted")
        .await?;
    app.retype(&id("userId"), "sam.globex@bw.demo-telecom.example")
        .await?;
    app.retype(&id("firstName"), "Sam").await?;
    app.retype(&id("lastName"), "Free").await?;
    app.retype(&id("email"), SAM).await?;
    app.retype(&id("extension"), "4711").await
}

/// The trainer plays Sam in the panel: the email, the Consumer portal, the old account
/// deleted, and a minute for Webex to finish.
async fn play_sam_to_the_end(app: &App) -> Result<()> {
    open_panel(app).await?;
    app.retype("trainer-email", SAM).await?;
    act(app, "trainer-open-mailbox", "one email from Webex").await?;
    app.click("//aside//button[normalize-space()='Activate Account']")
        .await?;
    app.wait_for_text_contains("#trainer-happened", "Sam clicked Activate Account")
        .await?;
    app.wait_for_text_contains("#trainer-sees", "Consumer portal")
        .await?;
    act(app, "trainer-log-in", "signed in to the Consumer portal").await?;
    act(
        app,
        "trainer-delete-account",
        "Webex is now setting up Sam's new account",
    )
    .await?;
    act(app, "trainer-time-passes", "passed; Webex finished").await
}

/// Waits until step `id` says why it is done, and checks when.
async fn step_done(app: &App, id: &str, why: &str) -> Result<()> {
    let since = format!("#step-{id} p.since");
    app.wait_for_text_contains(&since, why).await?;
    let text = app.text(&since).await?;
    anyhow::ensure!(text.starts_with("Done at "), "step {id} says '{text}'");
    Ok(())
}

#[tokio::test]
async fn a_trainer_runs_a_trusted_email_move_from_the_end_users_screen() -> Result<()> {
    with_app("trainer_trusted_move", async |app, _data| {
        let outcome = to_result(app, TRUSTED_MOVE, "move-trusted-email").await?;
        // The partner provisions Sam, who has a free Webex account, with trusted emails.
        fill_sam(app, &outcome, "provision-subscriber").await?;
        app.click("//button[normalize-space()='Provision this user']")
            .await?;
        app.wait_for_text_contains("main", "Sent to Webex.").await?;

        // The trainer plays Sam in the panel.
        play_sam_to_the_end(app).await?;

        // The partner's view follows Sam to provisioned.
        app.wait_for_text_contains("main", "Done: the user has Webex for BroadWorks.")
            .await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_trainer_runs_self_activation_from_the_end_users_screen_and_reset_restores_the_demo(
) -> Result<()> {
    with_app("trainer_self_activation", async |app, _data| {
        let outcome = to_result(
            app,
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
        open_panel(app).await?;
        app.retype("trainer-email", SAM).await?;
        app.retype("trainer-enterprise", GLOBEX).await?;
        app.retype("trainer-user-id", sue).await?;
        act(
            app,
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
        app.click(&format!(
            "//section[.//input[@id='{}']]//summary",
            id("follow-user")
        ))
        .await?;
        app.retype(&id("follow-enterprise"), GLOBEX).await?;
        app.retype(&id("follow-user"), sue).await?;
        app.click("//button[normalize-space()='Follow this user']")
            .await?;
        app.wait_for_text_contains("main", "click Join Now").await?;

        // Sue goes through the emails and deletes her old account.
        act(app, "trainer-open-mailbox", "one email from Webex").await?;
        app.click("//aside//button[normalize-space()='Join Now']")
            .await?;
        app.wait_for_text_contains("#trainer-happened", "Sue clicked Join Now")
            .await?;
        app.click("//aside//button[normalize-space()='Activate Account']")
            .await?;
        app.wait_for_text_contains("#trainer-happened", "Sue clicked Activate Account")
            .await?;
        act(app, "trainer-log-in", "signed in to the Consumer portal").await?;
        act(app, "trainer-delete-account", "was deleted").await?;
        act(app, "trainer-time-passes", "passed; Webex finished").await?;
        app.wait_for_text_contains("main", "Done: the user has Webex for BroadWorks.")
            .await?;

        // Reset asks first; afterwards Sue's new account is gone.
        app.click_id("trainer-reset").await?;
        app.wait_for_text_contains("#trainer-reset-confirm", "Reset the demo tenant?")
            .await?;
        act(app, "trainer-reset-yes", "reset to the 'demo' scenario").await?;
        app.retype(&id("follow-user"), sue).await?;
        app.click("//button[normalize-space()='Follow this user']")
            .await?;
        app.wait_for_text_contains("main", &format!("Webex has no user {sue} in {GLOBEX}."))
            .await?;
        act(app, "trainer-open-mailbox", "no email from Webex yet").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn the_steps_of_a_move_become_done_one_by_one_with_their_evidence_as_the_user_moves(
) -> Result<()> {
    with_app("followed_to_the_end", async |app, _data| {
        let outcome = to_result(app, TRUSTED_MOVE, "move-trusted-email").await?;
        let steps = outcome.steps.len();
        let progress = |n: usize| format!("{n} of {steps} steps done");
        app.wait_for_text("p.progress", &progress(0)).await?;

        // The precheck worked: its step is done, with why and when.
        fill_sam(app, &outcome, "precheck-user").await?;
        app.click(
            "//section[.//input[@id='precheck-precheck-user-userId']]//button[normalize-space()='Check with Webex first']",
        )
        .await?;
        step_done(app, "precheck", &format!("Webex expects adding {SAM} to work")).await?;
        app.wait_for_text("p.progress", &progress(1)).await?;

        // Provisioned: Webex accepted Sam; then it reports Sam must agree to the move,
        // which proves the steps inside Webex that lead there.
        fill_sam(app, &outcome, "provision-subscriber").await?;
        app.click("//button[normalize-space()='Provision this user']").await?;
        step_done(app, "add-user", "Webex accepted Sam Free").await?;
        let agree = "Webex reports Sam Free waiting for the user to agree to the move";
        step_done(app, "email-sent", agree).await?;
        step_done(app, "existing-account-found", agree).await?;
        app.wait_for_text("p.progress", &progress(5)).await?;
        app.wait_for_text_contains("#step-activate-account", "Waiting for someone else")
            .await?;
        app.doc_screenshot("result-waiting.png", "#step-email-sent").await?;

        // The trainer plays Sam to the end: the user's steps and Webex's are done.
        play_sam_to_the_end(app).await?;
        let moved = "Webex reports Sam Free set up in Webex for BroadWorks";
        for id in ["activate-account", "sign-in", "delete-old-account", "download"] {
            step_done(app, id, moved).await?;
        }
        app.wait_for_text("p.progress", &progress(steps - 2)).await?;

        // The two checks before starting are the person's to tick: the last steps.
        app.click_id("done-org-exists").await?;
        app.wait_for_text_contains("#step-org-exists p.since", "Marked done by you at")
            .await?;
        app.click_id("done-template-trusted").await?;
        app.wait_for_text("p.progress", &progress(steps)).await?;
        app.doc_screenshot("result-done.png", "#step-activate-account").await?;

        // Sam's customer's board: read from Webex at once, Sam moved, started here.
        app.click(
            "//button[normalize-space()=\"Follow this customer's users on their board\"]",
        )
        .await?;
        app.wait_for_text("main h1", &format!("Migration board: {GLOBEX}"))
            .await?;
        app.wait_for_text_contains("#board-checked", "Checked just now")
            .await?;
        app.wait_for_text_contains("main table", "Sam Free").await?;
        app.wait_for_text_contains("main table", "Wizard: move-user")
            .await?;
        app.doc_screenshot("board.png", "main").await?;
        Ok(())
    })
    .await
}
