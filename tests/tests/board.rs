//! The customer's migration board in the real window, on the demo tenant: the trainer
//! lets days pass until Tara Trial (seeded, waiting for her consent) has waited more
//! than 3 days; a refresh shows her wait in days; "Send the consent email again to the
//! 1 user waiting more than 3 days" asks first, naming the number and Tara, and the job
//! says 1 sent. The demo tenant's /sim API (the typed control client) confirms exactly
//! one new consent email to Tara, and the board then offers no one to chase.

use anyhow::{ensure, Context, Result};
use e2e::{reachable_demo, with_app_env, App};
use fantoccini::Locator;
use serde_json::Value;
use std::time::Duration;
use webex_sim::control_client::SimControl;

const GLOBEX: &str = "DemoTelecom+globex";
const TARA: &str = "tara.trial@mail.example";
/// The control token the app's demo tenant is started with here (WXM_DEMO_CONTROL_TOKEN).
const CONTROL_TOKEN: &str = "e2e-board-control-token-0123456789abcdef";

/// The consent emails (Activate Account) the demo tenant sent to `to`.
async fn consent_emails_to(sim: &SimControl, to: &str) -> Result<usize> {
    let (status, state) = sim.get("/state").await?;
    ensure!(status == 200, "/sim/state answered {status}");
    Ok(state["emails"]
        .as_array()
        .context("the tenant's emails")?
        .iter()
        .filter(|e| e["kind"] == "consentMove" && e["to"] == to)
        .count())
}

/// The demo tenant's clock, in milliseconds.
async fn clock_ms(sim: &SimControl) -> Result<u64> {
    let (_, clock): (u16, Value) = sim.get("/clock").await?;
    clock["nowMs"].as_u64().context("the tenant's clock")
}

/// The text of the board's row for `name`.
async fn row_of(app: &App, name: &str) -> Result<String> {
    let row = app
        .client
        .find(Locator::XPath(&format!(
            "//main//table//tr[.//strong[normalize-space()=\"{name}\"]]"
        )))
        .await
        .with_context(|| format!("no row for {name}"))?;
    Ok(row.text().await?)
}

async fn chase_tara(app: &App, sim: &SimControl) -> Result<()> {
    let emails_before = consent_emails_to(sim, TARA).await?;

    // The board of Globex, read from Webex at once: Tara waits less than a day.
    app.wait_for_text("main h1", "What do you want to do?")
        .await?;
    app.click_id("open-boards").await?;
    app.wait_for_text("main h1", "Which customer do you want to follow?")
        .await?;
    app.type_into("board-enterprise", GLOBEX).await?;
    app.click("//button[normalize-space()='Show their board']")
        .await?;
    app.wait_for_text("main h1", &format!("Migration board: {GLOBEX}"))
        .await?;
    app.wait_for_text_contains("#board-checked", "Checked just now")
        .await?;
    app.wait_for_text_contains("main table", "Tara Trial")
        .await?;
    let tara = row_of(app, "Tara Trial").await?;
    ensure!(tara.contains("less than a day"), "at first: {tara}");
    app.wait_for_text_contains("#board-chase-none", "No user has waited that long")
        .await?;

    // The trainer lets four days pass, one at a time.
    app.click_id("show-trainer").await?;
    app.wait_for_text_contains("aside", "Practice only: demo tenant")
        .await?;
    let start = clock_ms(sim).await?;
    for day in 1..=4u64 {
        app.click_id("trainer-day-passes").await?;
        let mut now = clock_ms(sim).await?;
        for _ in 0..100 {
            if now >= start + day * 86_400_000 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            now = clock_ms(sim).await?;
        }
        ensure!(
            now >= start + day * 86_400_000,
            "day {day}: the clock is at {now}, from {start}"
        );
        app.wait_for_text_contains("#trainer-happened", "A day passed")
            .await?;
    }
    app.click_id("show-trainer").await?;

    // Refreshed, the board shows how long Tara has waited, and offers to chase her.
    app.click_id("board-refresh").await?;
    let chase = "Send the consent email again to the 1 user waiting more than 3 days";
    app.wait_for_text("#board-chase", chase).await?;
    let tara = row_of(app, "Tara Trial").await?;
    ensure!(
        tara.contains("for 4 days") && tara.contains(TARA),
        "after four days: {tara}"
    );
    app.doc_screenshot("board-waiting.png", "#by-state").await?;

    // Asked first: the page names the number and Tara.
    app.click_id("board-chase").await?;
    app.wait_for_text("main h1", "Send the consent email again to 1 user?")
        .await?;
    app.wait_for_text_contains("main", "They have waited more than 3 days")
        .await?;
    app.wait_for_text_contains("main", &format!("Tara Trial ({TARA})"))
        .await?;
    app.wait_for_text("#board-confirm", "Send the email to 1 user")
        .await?;
    app.click_id("board-confirm").await?;

    // The job's result: 1 sent, no one skipped or failed.
    app.wait_for_text("main h1", "The consent email was sent again to 1 user")
        .await?;
    let counts = app.text(".job-counts").await?;
    let counts = counts.split_whitespace().collect::<Vec<_>>().join(" ");
    ensure!(
        counts.contains("Email sent again 1 user") && counts.contains("There is a problem 0 users"),
        "the job says: {counts}"
    );
    app.doc_screenshot("board-chased.png", "main").await?;

    // In the demo tenant: exactly one more consent email, to Tara.
    let emails_after = consent_emails_to(sim, TARA).await?;
    ensure!(
        emails_after == emails_before + 1,
        "consent emails to Tara: {emails_before} before, {emails_after} after"
    );

    // A second chase offers no one: Tara was sent the email within the last day.
    app.click("//button[normalize-space()='Go back to the board']")
        .await?;
    app.wait_for_text("main h1", &format!("Migration board: {GLOBEX}"))
        .await?;
    app.wait_for_text_contains("#board-chase-none", "No user has waited that long")
        .await?;
    ensure!(
        app.client.find(Locator::Id("board-chase")).await.is_err(),
        "no chase offered again"
    );
    app.wait_for_text_contains("main table", "Email sent again by this app.")
        .await?;
    ensure!(
        consent_emails_to(sim, TARA).await? == emails_after,
        "no email sent meanwhile"
    );
    Ok(())
}

#[tokio::test]
async fn the_board_chases_a_user_who_waited_more_than_3_days_once() -> Result<()> {
    let (env, base) = reachable_demo(CONTROL_TOKEN)?;
    let sim = SimControl::new(&format!("{base}/sim"), CONTROL_TOKEN);
    with_app_env("board_chase", &env, async |app, _data| {
        chase_tara(app, &sim).await
    })
    .await
}
