//! The real app window under Xvfb, over WebDriver.

use anyhow::{ensure, Result};
use e2e::{save_doc_screenshot, with_app};
use fantoccini::Locator;

#[tokio::test]
async fn the_start_screen_lists_the_wizards_from_rust_and_opens_one() -> Result<()> {
    with_app("start_screen", async |app, _data| {
        app.wait_for_text("main h1", "What do you want to do?")
            .await?;
        ensure!(app
            .client
            .title()
            .await?
            .contains("What do you want to do? – Webex Migration Wizard"));
        // The choices come from the tables compiled into the Rust engine.
        let catalog = engine::builtin_catalog()?;
        let buttons = app
            .client
            .find_all(Locator::Css("main .choice .label"))
            .await?;
        let mut labels = Vec::new();
        for b in &buttons {
            labels.push(b.text().await?);
        }
        let expected: Vec<String> = catalog
            .start
            .choices
            .iter()
            .map(|c| c.label.clone())
            .collect();
        ensure!(
            labels == expected,
            "start screen shows {labels:?}, engine has {expected:?}"
        );
        // The demo tenant is clearly marked.
        app.wait_for_text_contains(".where", "Demo tenant").await?;
        // Shown on wide windows, always read out by screen readers.
        let banner = app.text_content(".where").await?;
        ensure!(banner.contains("Alex Partner"), "banner: {banner}");

        // The README's screenshot, from the real window.
        let png = app.screenshot().await?;
        ensure!(e2e::distinct_colours(&png)? > 20, "the window looks blank");
        save_doc_screenshot("start.png", &png)?;

        buttons[0].click().await?;
        let first = &catalog.wizards[0].wizard.inputs[0].question;
        app.wait_for_text("main h1", first).await?;
        let focused = app.client.active_element().await?;
        ensure!(
            &focused.text().await? == first,
            "focus moves to the new page's heading"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn commands_the_capability_does_not_grant_and_remote_content_are_refused() -> Result<()> {
    with_app("capability", async |app, _data| {
    app.wait_for_text("main h1", "What do you want to do?")
        .await?;
    // Granted: the app's own command answers.
    let granted = app.invoke("start_page", "{}").await?;
    ensure!(
        granted.starts_with("ok:") && granted.contains(r#""question":"What do you want to do?""#),
        "start_page: {granted}"
    );
    // Not granted: a core command left out of the capability.
    let refused = app.invoke("plugin:app|version", "{}").await?;
    ensure!(
        refused.starts_with("refused:") && refused.contains("not allowed"),
        "plugin:app|version: {refused}"
    );
    // Paths come from the native dialog, never from the page: a path (or any id
    // the app did not give out) is refused before anything is read.
    for (command, args) in [
        ("messenger_import", r#"{ file: '/etc/passwd' }"#),
        (
            "bulk_plan",
            r#"{ file: '/etc/passwd', request: { emailTrust: 'trusted', enterprise: '', provisioningId: '' } }"#,
        ),
        (
            "messenger_notices",
            r#"{ file: '/etc/passwd', selected: [], downloadUrl: 'https://x.example', sender: 'a@b.example', outDir: '/tmp', replace: true }"#,
        ),
    ] {
        let forged = app.invoke(command, args).await?;
        ensure!(
            forged == "refused:file_not_chosen",
            "{command} with a path from the page: {forged}"
        );
    }
    // The dialog plugin's own commands are not the page's to call either.
    let dialog = app.invoke("plugin:dialog|open", "{ options: {} }").await?;
    ensure!(
        dialog.starts_with("refused:") && dialog.contains("not allowed"),
        "plugin:dialog|open: {dialog}"
    );
    // No global Tauri object for page scripts.
    let global = app
        .client
        .execute("return typeof window.__TAURI__", vec![])
        .await?;
    ensure!(global == "undefined", "window.__TAURI__ is {global}");
    // The CSP blocks remote content.
    let csp = app
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               document.addEventListener('securitypolicyviolation',
                 e => done('blocked:' + e.violatedDirective), { once: true });
               const img = document.createElement('img');
               img.src = 'https://example.com/tracker.png';
               document.body.appendChild(img);
               setTimeout(() => done('loaded or ignored'), 5000);"#,
            vec![],
        )
        .await?;
    ensure!(
        csp.as_str()
            .is_some_and(|s| s.starts_with("blocked:img-src")),
        "remote image: {csp}"
    );
    Ok(())
    })
    .await
}

/// JavaScript that measures the header, the window and the first start-page choice.
const MEASURE: &str = r#"const h = document.querySelector('header').getBoundingClientRect();
    const c = document.querySelector('main .choice');
    const r = c ? c.getBoundingClientRect() : null;
    return [h.height, window.innerHeight, r ? r.top : -1, r ? r.bottom : -1];"#;

async fn measure(app: &e2e::App) -> Result<Vec<f64>> {
    let v = app.client.execute(MEASURE, vec![]).await?;
    Ok(v.as_array()
        .map(|a| a.iter().filter_map(|x| x.as_f64()).collect())
        .unwrap_or_default())
}

#[tokio::test]
async fn at_480_by_480_the_header_stays_small_and_the_first_choice_shows_with_larger_text(
) -> Result<()> {
    with_app("narrow_window", async |app, _data| {
        app.wait_for_text("main h1", "What do you want to do?")
            .await?;
        app.client.set_window_size(480, 480).await?;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        for larger in [false, true] {
            if larger {
                // On a narrow window the app's links sit behind Menu.
                app.click_id("menu-toggle").await?;
                app.click_id("large-text").await?;
                let pressed = app
                    .client
                    .find(Locator::Id("large-text"))
                    .await?
                    .attr("aria-pressed")
                    .await?;
                ensure!(
                    pressed.as_deref() == Some("true"),
                    "Larger text shows it is on"
                );
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            }
            let m = measure(app).await?;
            ensure!(m.len() == 4, "measured {m:?}");
            let (header, window, top) = (m[0], m[1], m[2]);
            ensure!(
                header < 0.3 * window,
                "larger text {larger}: the header takes {header} of {window} px"
            );
            ensure!(
            top >= 0.0 && top < window,
            "larger text {larger}: the first choice starts at {top}, below the {window} px window"
        );
        }
        let png = app.screenshot().await?;
        std::fs::write(e2e::artifacts_dir("narrow_window").join("480.png"), png)?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_radio_chosen_with_an_arrow_key_shows_its_focus() -> Result<()> {
    with_app("radio_focus", async |app, _data| {
    app.wait_for_text("main h1", "What do you want to do?")
        .await?;
    let catalog = engine::builtin_catalog()?;
    let first = &catalog.wizards[0].wizard.inputs[0].question;
    app.click("(//main//button[contains(@class,'choice')])[1]").await?;
    app.wait_for_text("main h1", first).await?;
    let radio = app
        .client
        .find(Locator::Css("main input[type=radio]"))
        .await?;
    radio.click().await?;
    radio.send_keys("\u{E015}").await?; // ArrowDown
    let style = app
        .client
        .execute(
            r#"const e = document.activeElement;
               const s = getComputedStyle(e);
               return [e.type || e.tagName, s.outlineStyle, s.outlineWidth, s.boxShadow, e.checked ? 'checked' : ''];"#,
            vec![],
        )
        .await?;
    let parts: Vec<String> = style
        .as_array()
        .map(|a| a.iter().map(|x| x.as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default();
    ensure!(parts.first().map(String::as_str) == Some("radio"), "focus is on a radio: {parts:?}");
    ensure!(parts.get(4).map(String::as_str) == Some("checked"), "the arrow chose the next answer: {parts:?}");
    let outline = parts.get(1).is_some_and(|s| s != "none")
        && parts.get(2).is_some_and(|w| w != "0px");
    let shadow = parts.get(3).is_some_and(|s| s != "none" && !s.is_empty());
    ensure!(outline || shadow, "the focused radio shows its focus: {parts:?}");
    Ok(())
    })
    .await
}
