//! Sign-in on the real app window: it starts in the demo tenant, the sign-in page signs
//! out and back in to the demo tenant, and the header always says where you are.

use anyhow::{ensure, Result};
use e2e::with_app;

#[tokio::test]
async fn the_sign_in_page_signs_out_and_back_in_to_the_demo_tenant() -> Result<()> {
    with_app("signin", async |app, _data| {
        app.wait_for_text("main h1", "What do you want to do?")
            .await?;
        app.wait_for_text_contains(".where", "Demo tenant").await?;

        app.click_id("open-sign-in").await?;
        app.wait_for_text("main h1", "Sign in").await?;
        ensure!(app
            .client
            .title()
            .await?
            .starts_with("Sign in – Webex Migration Wizard"));
        app.wait_for_text_contains("#signed-in", "demo tenant")
            .await?;
        // The demo tenant stays marked in the header on this page too.
        app.wait_for_text_contains(".where", "Demo tenant").await?;

        app.click_id("sign-out").await?;
        app.wait_for_text_contains(".where", "Not signed in")
            .await?;
        app.wait_for_text_contains("main", "You are not signed in")
            .await?;

        app.click_id("use-demo").await?;
        app.wait_for_text("main h1", "What do you want to do?")
            .await?;
        app.wait_for_text_contains(".where", "Demo tenant").await?;
        // Who is signed in is shown on wide windows and always read out by screen
        // readers (the status region's text), whatever the window's width.
        let banner = app.text_content(".where").await?;
        ensure!(banner.contains("Alex Partner"), "banner: {banner}");
        Ok(())
    })
    .await
}
