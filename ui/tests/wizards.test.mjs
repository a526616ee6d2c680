// Every wizard walked from the start page to its result by keyboard alone, in real
// headless Chromium, with axe-core (WCAG 2.2 A/AA) on every page type. The backend
// is the in-memory fake of tests/mock-backend.ts, fed by the real tables.
import { test } from "node:test";
import assert from "node:assert/strict";
import { uiForThisFile, axeViolations, choose, fixture, focusedId } from "./support.mjs";
import { focusedTag, screenshot, waitForHeading, APP } from "./support.mjs";

const ui = uiForThisFile();
const h1 = (page) => page.locator("main h1").innerText();

/** Picks answer number `n` of the question on screen and presses Continue, by keyboard. */
async function answerByKeyboard(page, n) {
  const question = await h1(page);
  for (let i = 0; i < 10; i++) {
    const type = await page.evaluate(() => document.activeElement?.getAttribute("type"));
    if (type === "radio") break;
    await page.keyboard.press("Tab");
  }
  if (n === 0) await page.keyboard.press("Space");
  for (let i = 0; i < n; i++) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForFunction((q) => document.querySelector("main h1")?.textContent !== q, question);
}

/** One path through each wizard: which answer (by position) to give to each question. */
const paths = {
  "move-user": { user_org: 0, w4bw_org_exists: 0, method: 0, email_trust: 1 },
  "attach-org": {
    partner_access: 0,
    org_users_100_plus: 1,
    org_domain_verified: 1,
    org_domain_claimed: 1,
    org_licenses: 1,
  },
  "grant-full-admin": { request_email_received: 0, more_partner_admins: 0 },
  "detach-org": { flow: 0, partner_has_access: 1 },
  "messenger-guest-to-business": { messenger_version: 0 },
};

for (const choice of fixture.start.choices) {
  test(`${choice.id}: a keyboard user walks from the start page to the result`, async () => {
    const { page, errors, context } = await ui.open();
    const wizard = fixture.wizards[choice.id];
    await page.getByRole("button", { name: choice.label }).focus();
    await page.keyboard.press("Enter");
    const answers = {};
    for (let guard = 0; guard < 10; guard++) {
      const title = await h1(page);
      if (title === "Check your answers") break;
      const input = wizard.inputs.find((i) => i.question === title);
      assert.ok(input, `a question page for "${title}"`);
      assert.equal(await page.title(), `${title} – ${wizard.title} – ${APP}`);
      assert.equal(await focusedTag(page), "H1");
      const n = paths[choice.id][input.id];
      answers[input.id] = input.answers[n].value;
      await answerByKeyboard(page, n);
    }
    await waitForHeading(page, "Check your answers");
    const key = Object.keys(answers)
      .sort()
      .map((k) => `${k}=${answers[k]}`)
      .join("&");
    const decision = fixture.decisions[choice.id][key];
    assert.ok(decision?.outcome, `answers ${key} decide an outcome`);
    await page.getByRole("button", { name: "See what to do" }).press("Enter");
    await waitForHeading(page, decision.procedure.title);
    assert.match(await page.locator(".why").innerText(), new RegExp(escape(decision.reason)));
    const steps = await page.locator("ol.steps > li").count();
    assert.equal(steps, decision.procedure.stepIds.length);
    assert.deepEqual(await axeViolations(page), [], "result page");
    // Sources are named by their section; the files behind them only under Details.
    assert.doesNotMatch(await page.locator("main").innerText(), /\.txt\b|\.md\b/);
    await screenshot(page, `result-${choice.id}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

test("an unanswered question shows an error summary, and 'I'm not sure' shows how to find out", async () => {
  const { page, context } = await ui.open();
  await page.getByRole("button", { name: fixture.start.choices[0].label }).click();
  const first = fixture.wizards["move-user"].inputs[0];
  await waitForHeading(page, first.question);
  assert.deepEqual(await axeViolations(page), [], "question page");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.locator("#error-summary").waitFor();
  assert.equal(await focusedId(page), "error-summary");
  assert.match(await page.title(), /^Error: /);
  assert.match(await page.locator(".error-message").innerText(), /Choose an answer/);
  assert.deepEqual(await axeViolations(page), [], "question page with an error");
  await screenshot(page, "question-error");

  await page.getByLabel("I'm not sure").check();
  await page.getByRole("button", { name: "Continue" }).click();
  await waitForHeading(page, "How to find out");
  assert.match(await page.locator(".panel").innerText(), new RegExp(escape(first.unsure)));
  assert.deepEqual(await axeViolations(page), [], "how to find out page");
  await screenshot(page, "unsure");
  await page.getByRole("button", { name: "Go back to the question" }).click();
  await waitForHeading(page, first.question);
  await context.close();
});

test("changing an answer drops answers it makes irrelevant and asks newly needed questions first", async () => {
  const { page, context } = await ui.open();
  const w = fixture.wizards["move-user"];
  const q = (id) => w.inputs.find((i) => i.id === id);
  const label = (id, value) => q(id).answers.find((a) => a.value === value).label;
  await page.getByRole("button", { name: fixture.start.choices[0].label }).click();
  for (const [id, value] of [
    ["user_org", "consumer"],
    ["w4bw_org_exists", "yes"],
    ["method", "admin"],
    ["email_trust", "trusted"],
  ]) {
    await waitForHeading(page, q(id).question);
    await choose(page, label(id, value));
  }
  await waitForHeading(page, "Check your answers");
  assert.equal(await page.locator(".summary .row").count(), 4);
  assert.deepEqual(await axeViolations(page), [], "check answers page");
  await screenshot(page, "check-answers");

  // A user in a company's organization: the other three answers no longer matter.
  await page
    .getByRole("link", { name: `Change your answer to: ${q("user_org").question}` })
    .click();
  await waitForHeading(page, q("user_org").question);
  assert.equal(
    await page.getByLabel(label("user_org", "consumer"), { exact: true }).isChecked(),
    true,
  );
  await choose(page, label("user_org", "customer"));
  await waitForHeading(page, "Check your answers");
  assert.equal(await page.locator(".summary .row").count(), 1);

  // Back to a free account: the dropped question is asked again before the check page.
  await page
    .getByRole("link", { name: `Change your answer to: ${q("user_org").question}` })
    .click();
  await choose(page, label("user_org", "consumer"));
  await waitForHeading(page, q("w4bw_org_exists").question);
  await choose(page, label("w4bw_org_exists", "no"));
  await waitForHeading(page, "Check your answers");
  assert.equal(await page.locator(".summary .row").count(), 2);
  await context.close();
});

test("steps can be marked done with a note, the plan saved, and a session resumed or deleted", async () => {
  const { page, context } = await ui.open();
  await page.getByRole("button", { name: fixture.start.choices[4].label }).click();
  const w = fixture.wizards["messenger-guest-to-business"];
  await choose(page, w.inputs[0].answers[0].label);
  await page.getByRole("button", { name: "See what to do" }).click();
  const decision = fixture.decisions["messenger-guest-to-business"]["messenger_version=6_or_later"];
  await waitForHeading(page, decision.procedure.title);
  // A customer administrator reads "You" for their own steps.
  assert.match(await page.locator("ol.steps > li").first().innerText(), /You/);
  await page.getByLabel("Done: step 1").focus();
  await page.keyboard.press("Space");
  await page.getByText(`1 of ${decision.procedure.stepIds.length} steps done`).waitFor();
  await page.locator("ol.steps > li").first().getByText("Add a note").click();
  await page.getByLabel("Note for step 1").fill("Sent the list to Sam");
  await page.getByRole("button", { name: "Save note" }).first().click();
  await page.getByText("Your note: Sent the list to Sam").waitFor();
  await page.getByRole("button", { name: "Save this plan" }).click();
  const saved = page.getByRole("status").filter({ hasText: "Plan saved" });
  await saved.waitFor();
  assert.equal((await page.evaluate(() => window.exportedPlans)).length, 1);
  const [path] = await page.evaluate(() => window.exportedPlans);
  // The file's name, then Open and Show in folder (the app opens what it saved).
  assert.match(await saved.innerText(), /Plan saved: webex-plan-[\w-]+\.html/);
  assert.doesNotMatch(await saved.innerText(), /\/home\/demo/);
  await saved.getByRole("button", { name: "Open" }).click();
  await saved.getByRole("button", { name: "Show in folder" }).click();
  await page.waitForFunction(() => window.opened.length === 2);
  assert.deepEqual(await page.evaluate(() => window.opened), [`open ${path}`, `show ${path}`]);
  assert.match(path, /^\/home\/demo\/Downloads\//);
  assert.deepEqual(await axeViolations(page), [], "result page with the plan saved");

  // Another folder, chosen in the system's dialog: the plan is saved there, and the app
  // opens it from there.
  const where = page.locator("#plan-folder-chosen");
  assert.equal(await where.innerText(), "The plan is saved in your Downloads folder.");
  await page.evaluate(() => window.dialogs.nextFolder("/home/demo/plans"));
  await page.getByRole("button", { name: "Choose another folder" }).click();
  await page.getByText("The plan is saved in the folder plans.").waitFor();
  assert.deepEqual(await axeViolations(page), [], "result page with a folder chosen");
  await screenshot(page, "result-plan-folder");
  await page.getByRole("button", { name: "Save this plan" }).click();
  await page.waitForFunction(() => window.exportedPlans.length === 2);
  const inFolder = (await page.evaluate(() => window.exportedPlans))[1];
  assert.match(inFolder, /^\/home\/demo\/plans\/webex-plan-[\w-]+\.html$/);
  await saved.getByRole("button", { name: "Show in folder" }).click();
  await page.waitForFunction(() => window.opened.length === 3);
  assert.equal((await page.evaluate(() => window.opened))[2], `show ${inFolder}`);
  // And back to the Downloads folder: focus returns to the button that chooses.
  await page.getByRole("button", { name: "Use the Downloads folder" }).click();
  assert.equal(await where.innerText(), "The plan is saved in your Downloads folder.");
  assert.equal(await focusedId(page), "plan-folder");
  await page.getByRole("button", { name: "Save this plan" }).click();
  await page.waitForFunction(() => window.exportedPlans.length === 3);
  assert.equal((await page.evaluate(() => window.exportedPlans))[2], path);
  await saved.getByRole("button", { name: "Open" }).click();
  await page.waitForFunction(() => window.opened.length === 4);
  assert.equal((await page.evaluate(() => window.opened))[3], `open ${path}`);

  await page.getByRole("button", { name: "Back to the start page" }).click();
  await waitForHeading(page, fixture.start.question);
  const recent = page.locator(".recent li");
  assert.equal(await recent.count(), 1);
  assert.match(await recent.innerText(), /1 of \d+ steps done/);
  assert.deepEqual(await axeViolations(page), [], "start page with recent sessions");
  await recent.getByRole("button", { name: decision.procedure.title, exact: true }).click();
  await waitForHeading(page, decision.procedure.title);
  assert.equal(await page.getByLabel("Done: step 1").isChecked(), true);

  await page.getByRole("button", { name: "Back to the start page" }).click();
  await recent.getByRole("button", { name: /^Delete/ }).click();
  await waitForHeading(page, "Delete this session?");
  assert.deepEqual(await axeViolations(page), [], "delete confirmation page");
  await screenshot(page, "delete-session");
  await page.getByRole("button", { name: "No, keep it" }).click();
  assert.equal(await page.locator(".recent li").count(), 1);
  await page
    .locator(".recent li")
    .getByRole("button", { name: /^Delete/ })
    .click();
  await page.getByRole("button", { name: "Delete the session" }).click();
  await waitForHeading(page, fixture.start.question);
  assert.equal(await page.locator(".recent li").count(), 0);
  await context.close();
});
