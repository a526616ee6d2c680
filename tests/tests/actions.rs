//! A partner provisions a user with an untrusted email from the real window in demo
//! mode; the test plays the end user through the demo tenant's /sim control API, and
//! the app follows the status to provisioned.

use anyhow::{ensure, Context, Result};
use e2e::{reachable_demo, with_app_env, App};
use engine::decide::Outcome;
use fantoccini::Locator;
use serde_json::{json, Value};
use std::time::Duration;
use webex_sim::control_client::SimControl;

/// The control token the app's demo tenant is started with here (WXM_DEMO_CONTROL_TOKEN).
const CONTROL_TOKEN: &str = "e2e-demo-control-token-0123456789abcdef";
const PARTNER: &str = "alex.partner@demo-telecom.example";

/// The app's demo tenant as the test reaches it: the /sim control API, through which
/// the test plays everyone but the partner, and the Webex API.
struct Tenant {
    base: String,
    control: SimControl,
}

impl Tenant {
    /// Someone other than the partner acts (the end user, the customer's admin, the clock).
    async fn sim(&self, path: &str, body: Value) -> Result<()> {
        let (status, answer) = self.control.post(path, &body).await?;
        ensure!((200..300).contains(&status), "{path}: {answer}");
        Ok(())
    }

    /// Sets the tenant's faults (latency, errors).
    async fn faults(&self, body: Value) -> Result<()> {
        let (status, answer) = self.control.put("faults", &body).await?;
        ensure!((200..300).contains(&status), "faults: {answer}");
        Ok(())
    }

    /// What the Webex API answers the partner to `GET /v1{path}`.
    async fn webex_get(&self, path: &str) -> Result<Value> {
        let (_, token) = self
            .control
            .post("tokens", &json!({ "email": PARTNER }))
            .await?;
        let token = token["token"]
            .as_str()
            .or(token["accessToken"].as_str())
            .context("a demo token")?
            .to_string();
        Ok(reqwest::Client::new()
            .get(format!("{}/v1{path}", self.base))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?)
    }
}

/// Runs `body` against a fresh app whose demo tenant the test reaches (screenshot and
/// log saved on failure).
async fn with_reachable_demo(
    test: &str,
    body: impl AsyncFnOnce(&App, &Tenant) -> Result<()>,
) -> Result<()> {
    let (env, base) = reachable_demo(CONTROL_TOKEN)?;
    let tenant = Tenant {
        control: SimControl::new(&format!("{base}/sim"), CONTROL_TOKEN),
        base,
    };
    with_app_env(test, &env, async |app, _data| body(app, &tenant).await).await
}

async fn walk(app: &App, tenant: &Tenant) -> Result<()> {
    let outcome = to_result(
        app,
        "move-user",
        &[
            ("user_org", "consumer"),
            ("w4bw_org_exists", "yes"),
            ("method", "admin"),
            ("email_trust", "untrusted"),
        ],
        "move-untrusted-email",
    )
    .await?;

    // Provision from the step that adds the user.
    let step = outcome
        .steps
        .iter()
        .find(|s| s.action.as_deref() == Some("provision-subscriber"))
        .context("provision step")?;
    let id = |field: &str| format!("{}-provision-subscriber-{field}", step.id);
    let user = "una.e2e@bw.demo-telecom.example";
    app.type_into(&id("spEnterpriseId"), "DemoTelecom+globex")
        .await?;
    app.type_into(&id("provisioningId"), "sim-tmpl-untrusted")
        .await?;
    app.type_into(&id("userId"), user).await?;
    app.type_into(&id("firstName"), "Una").await?;
    app.type_into(&id("lastName"), "Signup").await?;
    app.type_into(&id("extension"), "4455").await?;
    app.click("//button[normalize-space()='Provision this user']")
        .await?;
    app.wait_for_text_contains("main", "Sent to Webex.").await?;
    app.wait_for_text_contains("main", "activation link")
        .await?;

    // The user's side, through /sim.
    let list = tenant
        .webex_get(&format!("/broadworks/subscribers?userId={user}"))
        .await?;
    let sub = list["items"][0]["id"]
        .as_str()
        .context("the new subscriber")?
        .to_string();
    let email = "una.signup@mail.example";
    for (path, body) in [
        (
            "/end-user/enter-email",
            json!({ "subscriberId": sub, "email": email }),
        ),
        ("/end-user/join-now", json!({ "subscriberId": sub })),
        ("/end-user/activate-account", json!({ "subscriberId": sub })),
        ("/end-user/log-in", json!({ "email": email })),
        ("/end-user/delete-old-account", json!({ "email": email })),
        ("/clock/advance", json!({ "seconds": 60 })),
    ] {
        tenant.sim(path, body).await?;
    }

    // The app follows the status by itself (paced polling) until provisioned.
    app.wait_for_text_contains("main", "Done: the user has Webex for BroadWorks.")
        .await?;

    // The steps Webex's statuses prove are ticked by themselves; the rest by hand.
    let total = outcome.steps.len();
    let boxes = app
        .client
        .find_all(Locator::Css(
            "ol.steps > li > .controls input[type=checkbox]",
        ))
        .await?;
    ensure!(
        boxes.len() == total,
        "{} checkboxes for {total} steps",
        boxes.len()
    );
    let mut done = 0;
    for b in &boxes {
        if b.prop("checked").await?.as_deref() == Some("true") {
            done += 1;
        }
    }
    ensure!(
        done >= total - 4,
        "only {done} of {total} steps were ticked from what Webex reported"
    );
    app.wait_for_text(".progress", &format!("{done} of {total} steps done"))
        .await?;
    for n in 0..total {
        let b = app
            .client
            .find(Locator::Css(&format!(
                "ol.steps > li:nth-child({}) > .controls input[type=checkbox]",
                n + 1
            )))
            .await?;
        if b.prop("checked").await?.as_deref() == Some("true") {
            continue;
        }
        b.click().await?;
        done += 1;
        app.wait_for_text(".progress", &format!("{done} of {total} steps done"))
            .await?;
    }
    ensure!(done == total);
    Ok(())
}

#[tokio::test]
async fn an_untrusted_email_move_runs_from_the_window_to_provisioned() -> Result<()> {
    with_reachable_demo("untrusted_move", walk).await
}

/// Walks a wizard to its result page by clicking the answers' labels.
async fn to_result(
    app: &App,
    wizard_id: &str,
    answers: &[(&str, &str)],
    outcome: &str,
) -> Result<Outcome> {
    let catalog = engine::builtin_catalog()?;
    let wizard = catalog.wizard(wizard_id).context("wizard")?;
    let choice = catalog
        .start
        .choices
        .iter()
        .find(|c| c.wizard == wizard_id)
        .context("choice")?;
    app.start(&choice.label).await?;
    for (input, value) in answers {
        let i = wizard.input(input).context("input")?;
        let label = &i.answer(value).context("value")?.label;
        app.answer(&i.question, label).await?;
    }
    let outcome = wizard.outcome(outcome).context("outcome")?.clone();
    app.see_what_to_do(&outcome.title).await?;
    Ok(outcome)
}

async fn attach_with_approval(app: &App, tenant: &Tenant) -> Result<()> {
    to_result(
        app,
        "attach-org",
        &[
            ("partner_access", "none"),
            ("org_users_100_plus", "no"),
            ("org_domain_verified", "yes"),
        ],
        "customer-approval-required",
    )
    .await?;
    let id = |field: &str| format!("provision-provision-subscriber-{field}");
    app.type_into(&id("spEnterpriseId"), "DemoTelecom+harbor")
        .await?;
    app.type_into(&id("provisioningId"), "sim-tmpl-trusted")
        .await?;
    app.type_into(&id("userId"), "hanna.harbor@bw.demo-telecom.example")
        .await?;
    app.type_into(&id("firstName"), "Hanna").await?;
    app.type_into(&id("lastName"), "Admin").await?;
    app.type_into(&id("email"), "hanna.admin@harbordental.example")
        .await?;
    app.type_into(&id("extension"), "2001").await?;
    app.click("//section[.//h3[normalize-space()='Provision the user from here']][1]//button[normalize-space()='Provision this user']").await?;
    app.wait_for_text_contains("main", "Sent to Webex.").await?;
    tenant
        .sim("/clock/advance", json!({ "seconds": 60 }))
        .await?;
    // Error 2017, explained: the customer must approve the partner, naming the email.
    app.wait_for_text_contains(
        "main",
        "must first approve you as an external Full Administrator",
    )
    .await?;
    app.wait_for_text_contains("main", PARTNER).await?;
    // The customer's administrator adds the partner (their side, through /sim).
    tenant
        .sim(
            "/customer-admin/add-external-admin",
            json!({ "orgId": "sim-org-harbor", "email": PARTNER }),
        )
        .await?;
    app.type_into(
        "customer-approves-verify-full-admin-target",
        "sim-org-harbor",
    )
    .await?;
    app.click("//input[@id='customer-approves-verify-full-admin-target']/following-sibling::button[normalize-space()='Check now']").await?;
    app.wait_for_text_contains("main", "Done: you are a Full Administrator")
        .await?;
    app.click("//button[normalize-space()='Remove Hanna Admin and provision again']")
        .await?;
    tenant
        .sim("/clock/advance", json!({ "seconds": 60 }))
        .await?;
    app.wait_for_text_contains("main", "Done: the user has Webex for BroadWorks.")
        .await?;
    app.type_into(
        "shows-as-customer-verify-org-attached-target",
        "DemoTelecom+harbor",
    )
    .await?;
    app.click("//input[@id='shows-as-customer-verify-org-attached-target']/following-sibling::button[normalize-space()='Check now']").await?;
    app.wait_for_text_contains(
        "main",
        "is attached to the Webex organization sim-org-harbor",
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn attaching_an_org_that_needs_approval_explains_2017_and_attaches_after_the_customer_approves(
) -> Result<()> {
    with_reachable_demo("attach_2017", attach_with_approval).await
}

async fn detach(app: &App, tenant: &Tenant) -> Result<()> {
    to_result(
        app,
        "detach-org",
        &[("flow", "standard"), ("partner_has_access", "yes")],
        "detach-standard",
    )
    .await?;
    // Workspaces by id (Webex cannot list them), after a confirmation naming the count.
    app.type_into(
        "remove-workspaces-remove-workspaces-ids",
        "sim-ws-globex-lobby, sim-ws-globex-boardroom",
    )
    .await?;
    app.click("//textarea[@id='remove-workspaces-remove-workspaces-ids']/following-sibling::button[normalize-space()='Continue']").await?;
    app.click("//button[normalize-space()='Remove 2 workspaces']")
        .await?;
    app.wait_for_text_contains("main", "Removed 2 workspaces.")
        .await?;
    // An enterprise Webex does not know: not found — check the id, with a way back.
    let field = "remove-subscribers-remove-subscribers-enterprise";
    app.type_into(field, "DemoTelecom+nobody").await?;
    app.click(&format!("//input[@id='{field}']/following-sibling::button[normalize-space()='Find the subscribers']")).await?;
    app.wait_for_text_contains(
        "main",
        "The enterprise DemoTelecom+nobody was not found — check the id",
    )
    .await?;
    ensure!(
        !app.text("main").await?.contains("Remove 0"),
        "no confirmation to remove nothing"
    );
    app.click("//button[normalize-space()='Check the enterprise id']")
        .await?;
    app.client.find(Locator::Id(field)).await?.clear().await?;
    for (step, kind, what) in [
        ("remove-subscribers", "remove-subscribers", "subscribers"),
        (
            "remove-pending-users",
            "remove-pending-subscribers",
            "pending users",
        ),
    ] {
        let field = format!("{step}-{kind}-enterprise");
        app.type_into(&field, "DemoTelecom+globex").await?;
        app.click(&format!(
            "//input[@id='{field}']/following-sibling::button[normalize-space()='Find the {what}']"
        ))
        .await?;
        let confirm = app
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::XPath(&format!("//button[starts-with(normalize-space(), 'Remove ') and contains(normalize-space(), ' {what}')]")))
            .await?;
        let label = confirm.text().await?;
        ensure!(
            app.text("main").await?.contains("DemoTelecom+globex"),
            "the confirmation names the enterprise"
        );
        let n: String = label.chars().filter(|c| c.is_ascii_digit()).collect();
        let many = n.parse::<usize>().unwrap_or(0) > 10;
        if many {
            // Slow Webex down so the removal's progress can be seen.
            tenant.faults(json!({ "latencyMs": 40 })).await?;
        }
        confirm.click().await?;
        if many {
            app.wait_for_text_contains("main", &format!(" of {n}…"))
                .await?;
            let busy = app
                .client
                .find_all(Locator::XPath("//button[@disabled and (starts-with(normalize-space(), 'Remove ') or normalize-space()='Cancel' or normalize-space()='No, go back')]"))
                .await?;
            ensure!(
                !busy.is_empty(),
                "the confirmation's buttons are disabled while it runs"
            );
            tenant.faults(json!({})).await?;
        }
        app.wait_for_text_contains("main", &format!("Removed {n} {what}."))
            .await?;
        app.wait_for_text_contains(
            "main",
            &format!("Webex lists no {what} in DemoTelecom+globex now."),
        )
        .await?;
    }
    // The task list shows what the app did, and why each step is done.
    for (step, why) in [
        ("remove-workspaces", "Removed the 2 workspaces you listed"),
        (
            "remove-subscribers",
            "Webex lists no subscribers for DemoTelecom+globex",
        ),
        (
            "remove-pending-users",
            "Webex lists no pending users for DemoTelecom+globex",
        ),
    ] {
        let since = format!("#step-{step} p.since");
        app.wait_for_text_contains(&since, why).await?;
        ensure!(
            app.text(&since).await?.starts_with("Done at "),
            "step {step}"
        );
    }
    // Asked again, there is nothing left to remove, and a way back.
    let field = "remove-pending-users-remove-pending-subscribers-enterprise";
    app.click(&format!("//input[@id='{field}']/following-sibling::button[normalize-space()='Find the pending users']")).await?;
    app.wait_for_text_contains(
        "main",
        "There are no pending users to remove in DemoTelecom+globex",
    )
    .await?;
    // Nothing is left, by the tenant's own account.
    let left = tenant
        .webex_get("/broadworks/subscribers?spEnterpriseId=DemoTelecom%2Bglobex&max=100")
        .await?;
    ensure!(
        left["items"].as_array().is_some_and(|a| a.is_empty()),
        "left behind: {left}"
    );
    Ok(())
}

#[tokio::test]
async fn detaching_removes_workspaces_subscribers_and_pending_users_after_confirmation(
) -> Result<()> {
    with_reachable_demo("detach", detach).await
}
