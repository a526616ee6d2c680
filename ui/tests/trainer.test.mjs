// The trainer's "End user's screen" in demo mode, in real headless Chromium with the
// backend faked at src/lib/api.ts: the panel beside the partner's view, what the user
// sees after each action, the "what just happened" line, the reset that asks first,
// and the larger-text mode — axe on each state, light and dark.
import { test } from "node:test";
import assert from "node:assert/strict";
import { uiForThisFile, axeViolations, focusedId, screenshot, waitForHeading } from "./support.mjs";

const ui = uiForThisFile();

async function openPanel(page) {
  const toggle = page.getByRole("button", { name: "End user's screen", exact: true });
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true", "the toggle shows it is on");
  const panel = page.getByRole("complementary", { name: "End user's screen" });
  await panel.waitFor();
  return panel;
}

test("the end user's screen is marked as practice and plays the user's side beside the partner's", async () => {
  const { page, context, errors } = await ui.open();
  await page.setViewportSize({ width: 1280, height: 900 });
  const panel = await openPanel(page);
  assert.equal(await focusedId(page), "trainer-title", "focus moves to the panel");
  assert.match(await panel.innerText(), /Practice only: demo tenant/);
  // Side by side on a wide window.
  const main = await page.locator("main").boundingBox();
  const aside = await panel.boundingBox();
  assert.ok(aside.x >= main.x + main.width - 1, "the panel is a second column");

  const happened = page.locator("#trainer-happened");
  assert.equal(await happened.getAttribute("aria-live"), "polite");
  assert.match(await happened.innerText(), /nothing yet/);

  // A missing email is named, in plain words, and focused.
  await panel.getByRole("button", { name: "Open the mailbox" }).click();
  await panel.getByText("Enter the user's email address.").waitFor();
  assert.equal(await focusedId(page), "trainer-problem");

  await panel.getByLabel("User's email address").fill("sam.free@mail.example");
  await panel.getByRole("button", { name: "Open the mailbox" }).click();
  await panel.getByText("Your Webex account is moving to your service provider").waitFor();
  assert.match(await happened.innerText(), /one email from Webex/);
  // When it was sent, in local, readable words (not an ISO string).
  const sent = await panel.getByText(/^From Webex · /).innerText();
  assert.doesNotMatch(sent, /\d{4}-\d{2}-\d{2}|T\d{2}:|\//, sent);
  const changes = () => page.evaluate(() => window.subscriberChanges.count);
  const before = await changes();

  await panel.getByRole("button", { name: "Activate Account" }).click();
  await panel.getByRole("heading", { name: "What the user sees" }).waitFor();
  assert.match(await panel.locator("#trainer-sees").innerText(), /Consumer portal/);
  assert.match(await happened.innerText(), /^What just happened: Sam clicked Activate Account/);
  await panel.getByRole("button", { name: "Log in" }).click();
  await happened.getByText(/signed in to the Consumer portal/).waitFor();
  await panel.getByRole("button", { name: "Delete Account" }).click();
  await happened.getByText(/setting up Sam's new account/).waitFor();
  await panel.getByRole("button", { name: "Let time pass" }).click();
  await happened.getByText("A minute passed; Webex finished the work that was due.").waitFor();
  assert.equal((await changes()) - before, 4, "the partner's view refreshes");

  // The customer's administrator approves the partner.
  await panel.getByLabel("Customer", { exact: true }).selectOption("sim-org-harbor");
  assert.equal(
    await panel.getByLabel("Partner administrator's email").inputValue(),
    "alex.partner@demo-telecom.example",
  );
  await panel.getByRole("button", { name: "Add as external Full Administrator" }).click();
  await panel.getByRole("heading", { name: "What the customer's administrator sees" }).waitFor();
  assert.match(await happened.innerText(), /Harbor Dental's administrator added/);
  assert.deepEqual(await axeViolations(page), [], "the panel after actions");
  await screenshot(page, "trainer");
  assert.deepEqual(errors, []);

  // Narrow windows stack the panel under the partner's view.
  await page.setViewportSize({ width: 700, height: 900 });
  const narrowMain = await page.locator("main").boundingBox();
  const narrowAside = await panel.boundingBox();
  assert.ok(narrowAside.y >= narrowMain.y + narrowMain.height - 1, "stacked");

  // There, the app's links are behind Menu.
  await page.getByRole("button", { name: "Menu" }).click();
  const toggle = page.getByRole("button", { name: "End user's screen", exact: true });
  await toggle.click();
  assert.equal(await panel.count(), 0);
  // Choosing closes the menu; the toggle behind it says it is off.
  assert.equal(await page.locator("#show-trainer").getAttribute("aria-pressed"), "false");
  await context.close();
});

test("reset asks first, offers the seeded scenarios, and can be cancelled", async () => {
  for (const scheme of ["light", "dark"]) {
    const { page, context } = await ui.open(scheme);
    const panel = await openPanel(page);
    const radio = panel.getByRole("radio", { name: "demo" });
    assert.equal(await radio.isChecked(), true);
    await panel.getByRole("button", { name: "Reset demo" }).click();
    const confirm = panel.getByRole("group", { name: "Reset the demo tenant?" });
    await confirm.waitFor();
    assert.equal(await focusedId(page), "trainer-reset-confirm");
    assert.match(await confirm.innerText(), /Your plans and notes in this app are kept/);
    assert.deepEqual(await axeViolations(page), [], `reset confirmation (${scheme})`);
    await screenshot(page, `trainer-reset-${scheme}`);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    assert.equal(await page.evaluate(() => window.trainer.resets), 0, "cancel resets nothing");
    await panel.getByRole("button", { name: "Reset demo" }).click();
    await panel.getByRole("button", { name: "Yes, reset the demo" }).click();
    await page
      .locator("#trainer-happened")
      .getByText(/reset to the 'demo' scenario/)
      .waitFor();
    assert.equal(await page.evaluate(() => window.trainer.resets), 1);
    assert.equal(await focusedId(page), "trainer-reset");
    await context.close();
  }
});

test("larger text scales the whole UI, lasts for the session, and stays accessible", async () => {
  const { page, context } = await ui.open();
  const size = () =>
    page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const before = await size();
  const toggle = page.getByRole("button", { name: "Larger text" });
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  const after = await size();
  assert.ok(after >= before * 1.3, `${before}px → ${after}px`);
  const h1 = await page
    .locator("main h1")
    .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(h1 > after, "headings scale with it");
  await openPanel(page);
  assert.deepEqual(await axeViolations(page), [], "large text with the panel");

  // Kept for the session: a reload keeps it.
  await page.reload();
  await waitForHeading(page, "What do you want to do?");
  assert.equal(
    await page.getByRole("button", { name: "Larger text" }).getAttribute("aria-pressed"),
    "true",
  );
  assert.ok((await size()) >= before * 1.3);
  await context.close();
});
