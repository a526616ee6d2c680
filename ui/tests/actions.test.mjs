// The actions a procedure's steps offer (provision, watch, remove, check), walked in
// real headless Chromium with the backend faked at src/lib/api.ts, axe on each state.
import { test } from "node:test";
import assert from "node:assert/strict";
import { uiForThisFile, axeViolations, choose, focusedId, screenshot } from "./support.mjs";
import { goBack, openActivityLog, openMoveResult, toMoveResult } from "./support.mjs";
import { startMovingAFreeAccount, waitForHeading, APP } from "./support.mjs";

const ui = uiForThisFile();

/** Starts move-user for a free account and looks `enterprise` up on the next question. */
async function lookUpTheEnterprise(page, enterprise) {
  await startMovingAFreeAccount(page);
  await page.getByText("Look it up in your Webex").click();
  await page.getByLabel("The customer's BroadWorks enterprise id").fill(enterprise);
  await page.getByRole("button", { name: "Look it up" }).click();
}

/** Fills the provision panel with Una's details. */
async function fillUna(panel) {
  await panel.getByLabel("BroadWorks user id").fill("una.ui@bw.example");
  await panel.getByLabel("First name").fill("Una");
  await panel.getByLabel("Last name").fill("Signup");
}

/** Provisions Una from the result page, once, and waits until she is shown. */
async function provisionUna(page) {
  const panel = page.locator("section.action", { hasText: "Provision the user from here" });
  await fillUna(panel);
  await panel.getByRole("button", { name: "Provision this user" }).click();
  await page.getByText("Una Signup").first().waitFor();
}

test("a partner provisions the user from the step, sees form errors first, then the status", async () => {
  const { page, context, errors } = await ui.open();
  await openMoveResult(page, "Untrusted");

  const panel = page.locator("section.action", { hasText: "Provision the user from here" });
  await panel.getByRole("button", { name: "Provision this user" }).click();
  const summary = panel.locator(".error-summary");
  await summary.waitFor();
  assert.match(await summary.innerText(), /Enter the BroadWorks user id/);
  await screenshot(page, "action-provision-errors");
  assert.equal(
    await page.evaluate(() => document.activeElement?.className.includes("error-summary")),
    true,
  );

  await fillUna(panel);
  await panel.getByRole("button", { name: "Provision this user" }).dblclick();
  await panel.getByText("Sent to Webex.").waitFor();
  // A double click sent one request, and the button is gone once it worked: only an
  // explicit "Provision again" sends once more.
  assert.equal(await page.evaluate(() => window.provisionCalls), 1);
  assert.equal(await panel.getByRole("button", { name: "Provision this user" }).count(), 0);
  await panel.getByRole("button", { name: "Provision again" }).waitFor();
  // The watching step shows the new user and who must act next.
  await page.getByText("Una Signup").first().waitFor();
  assert.match(await page.locator(".subscribers").first().innerText(), /activation link/);
  assert.deepEqual(await axeViolations(page), [], "result page with action panels");
  await screenshot(page, "result-with-actions");
  assert.deepEqual(errors, []);
  await context.close();
});

/** The result page of a standard detach, where the partner still has access. */
async function openDetachResult(page) {
  await page.getByRole("button", { name: /^Detach/ }).click();
  await page.getByRole("radio").first().check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("radio").first().check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "See what to do" }).click();
}

/** Asks the panel removing `what` to find them in `enterprise`; resolves to the panel. */
async function findIn(page, what, enterprise) {
  const panel = page.locator("section.action", { hasText: `Remove the ${what} from here` });
  await panel.getByLabel("Enterprise").fill(enterprise);
  await panel.getByRole("button", { name: `Find the ${what}` }).click();
  return panel;
}

test("removing workspaces asks first, naming the count, and says what was removed", async () => {
  const { page, context } = await ui.open();
  await openDetachResult(page);
  const panel = page.locator("section.action", { hasText: "Remove the workspaces from here" });
  await panel.getByLabel("Workspace ids, one a line").fill("ws-1\nws-2");
  await panel.getByRole("button", { name: "Continue" }).click();
  await panel.getByRole("heading", { name: "Remove 2 workspaces?" }).waitFor();
  assert.match(await panel.innerText(), /This cannot be undone/);
  assert.deepEqual(await axeViolations(page), [], "the confirmation");
  await screenshot(page, "action-remove-confirm");
  await panel.getByRole("button", { name: "Remove 2 workspaces" }).click();
  await panel.getByText("Removed 2 workspaces.").waitFor();
  // Typed in, they go in one call: removing all of them is what proves the step.
  assert.deepEqual(await page.evaluate(() => window.removeCalls), [["ws-1", "ws-2"]]);
  await context.close();
});

test("an enterprise with nothing to remove is said plainly, with a way back to its id", async () => {
  const { page, context, errors } = await ui.open();
  await openDetachResult(page);
  const panel = page.locator("section.action", { hasText: "Remove the subscribers from here" });
  const field = panel.getByLabel("Enterprise");
  await field.fill("DemoTelecom+nope");
  await panel.getByRole("button", { name: "Find the subscribers" }).click();
  await panel.getByText("The enterprise DemoTelecom+nope was not found — check the id.").waitFor();
  // No interruption asks to remove nothing.
  assert.doesNotMatch(await panel.innerText(), /Remove 0|cannot be undone/);
  assert.equal(await panel.getByRole("button", { name: /^Remove / }).count(), 0);
  assert.deepEqual(await axeViolations(page), [], "nothing to remove");
  await screenshot(page, "action-remove-not-found");
  await panel.getByRole("button", { name: "Check the enterprise id" }).click();
  assert.equal(await focusedId(page), await field.getAttribute("id"));
  assert.equal(await panel.getByText("was not found").count(), 0);

  // A known enterprise without any: the sentence names it.
  const pending = await findIn(page, "pending users", "DemoTelecom+globex");
  await pending
    .getByText("There are no pending users to remove in DemoTelecom+globex.", { exact: true })
    .waitFor();
  assert.equal(await pending.getByRole("button", { name: "Check the enterprise id" }).count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("removing subscribers names the enterprise, shows progress with the buttons off, then the result", async () => {
  const { page, context, errors } = await ui.open();
  await openDetachResult(page);
  const panel = await findIn(page, "subscribers", "DemoTelecom+globex");
  await panel
    .getByRole("heading", { name: "Remove 25 subscribers from DemoTelecom+globex?" })
    .waitFor();
  assert.deepEqual(await axeViolations(page), [], "the confirmation naming the enterprise");
  await screenshot(page, "action-remove-subscribers-confirm");
  const remove = panel.getByRole("button", { name: "Remove 25 subscribers", exact: true });
  const cancel = panel.getByRole("button", { name: "Cancel" });
  await page.evaluate(() => (window.holdRemovals = true));
  await remove.click();
  // While it runs: both buttons off, the group busy, and how far it has got, politely.
  const progress = panel.locator("[aria-live=polite]");
  await progress.getByText("Removed 0 of 25…", { exact: true }).waitFor();
  await page.evaluate(() => window.releaseRemoval());
  await progress.getByText("Removed 10 of 25…", { exact: true }).waitFor();
  assert.equal(await remove.isDisabled(), true);
  assert.equal(await cancel.isDisabled(), true);
  assert.equal(await panel.locator("[role=group][aria-busy=true]").count(), 1);
  await screenshot(page, "action-remove-progress");
  await page.evaluate(() => {
    window.holdRemovals = false;
    window.releaseRemoval();
  });
  await panel.getByText("Removed 25 subscribers.").waitFor();
  // Listed again afterwards: what proves the step done, and said.
  await panel.getByText("Webex lists no subscribers in DemoTelecom+globex now.").waitFor();
  await screenshot(page, "action-remove-done");
  // One call a batch of at most 10.
  const calls = await page.evaluate(() => window.removeCalls.map((ids) => ids.length));
  assert.deepEqual(calls, [10, 10, 5]);
  assert.equal(await panel.getByRole("button", { name: "Cancel" }).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a removal that fails part way stops, saying what was removed and the problem", async () => {
  const { page, context } = await ui.open();
  await openDetachResult(page);
  const panel = await findIn(page, "subscribers", "DemoTelecom+broken");
  await panel.getByRole("button", { name: "Remove 15 subscribers", exact: true }).click();
  await panel.getByText("Webex could not remove sim-sub-broken-12.").first().waitFor();
  const text = await panel.innerText();
  assert.match(text, /Removed 10 subscribers\./);
  assert.match(text, /Stopped before the other 5 subscribers: they were not removed\./);
  const calls = await page.evaluate(() => window.removeCalls.length);
  assert.equal(calls, 2);
  await screenshot(page, "action-remove-stopped");
  await context.close();
});

/** The activity log's lines as shown: what each says, and its result. */
async function activityLines(page) {
  return page.locator("tbody tr.activity").evaluateAll((rows) =>
    rows.map((r) => ({
      what: r.querySelector(".what").textContent.trim(),
      result: r.querySelector(".result").textContent.trim(),
    })),
  );
}

test("the activity log: newest first, plain words, repeated checks once, can be filtered", async () => {
  const { page, context } = await ui.open();
  await openActivityLog(page);
  assert.equal(await page.title(), `Activity log – ${APP}`);
  await page.getByText("10 lines").waitFor();
  const lines = await activityLines(page);
  assert.deepEqual(
    lines.map((l) => [l.what.replace(/, last at .*$/, ""), l.result]),
    [
      // An action this UI has no words for shows its id, never nothing.
      ["mystery-action (thing-1)", "Done"],
      // Six checks of one user, newest first: the failure between them stands alone.
      ["Checked a user's status 2 times", "Done"],
      ["Checked a user's status", "Failed"],
      ["Checked a user's status 3 times", "Done"],
      ["Provisioned tara.ng@globex.example", "Done"],
      ["Removed a workspace", "Failed"],
      ["Signed in", "Done"],
    ],
  );
  assert.match(lines[1].what, /2 times, last at \d/);
  // Times are local and readable (the shared formatter): never ISO, never "11/23/2026".
  const whens = await page.locator("tbody tr.activity td.when").allInnerTexts();
  assert.equal(whens.length, lines.length);
  for (const when of whens) {
    assert.doesNotMatch(when, /\d{4}-\d{2}-\d{2}|T\d{2}:|\//, when);
    assert.match(when, / at \d{1,2}:\d{2}:\d{2}/, when);
  }
  // Webex's internal ids are not the text; they, the request and the tracking id are
  // under "Details".
  const table = page.locator("tbody");
  assert.doesNotMatch(lines.map((l) => l.what).join("\n"), /sim-sub|·/);
  const failedCheck = page.locator("tbody tr.activity").nth(2);
  await failedCheck.getByText("Details").click();
  assert.match(await failedCheck.innerText(), /sim-sub-00363/);
  assert.match(await failedCheck.innerText(), /GET \/broadworks\/subscribers\/sim-sub-00363/);
  assert.match(await failedCheck.innerText(), /ROUTER_W4/);
  assert.match(await table.innerText(), /Demo tenant/);
  assert.deepEqual(await axeViolations(page), [], "activity log");
  await screenshot(page, "activity-log");

  await page.getByLabel("Only what failed").check();
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByText("2 lines", { exact: true }).waitFor();
  const failed = page.locator("tbody tr.activity").nth(1);
  await failed.getByText("Details").click();
  assert.match(await failed.innerText(), /ROUTER_1/);

  // Opened from the start page, Back goes there.
  await goBack(page, "What do you want to do?");
  await context.close();
});

test("the activity log's Back returns to the page it was opened from", async () => {
  const { page, context } = await ui.open();
  await startMovingAFreeAccount(page);
  const question = await page.locator("main h1").innerText();
  await openActivityLog(page);
  // Opened again from itself, it still returns to the question.
  await openActivityLog(page);
  await goBack(page, question);
  await context.close();
});

test("from the result page: the log names the user this window provisioned, then Back returns", async () => {
  const { page, context } = await ui.open();
  await openMoveResult(page, "Untrusted");
  await provisionUna(page);

  await openActivityLog(page);
  const lines = (await activityLines(page)).map((l) => l.what);
  assert.ok(lines.includes("Provisioned una.ui@bw.example"), lines.join("\n"));
  // Her status checks read with her name, however many panels asked.
  assert.ok(
    lines.some((l) => /^Checked Una Signup's status/.test(l)),
    lines.join("\n"),
  );
  await goBack(page, "Move the user with untrusted email");
  await context.close();
});

test("a look-up that finds nothing says so, chooses nothing, and offers what Webex has", async () => {
  const { page, context } = await ui.open();
  await startMovingAFreeAccount(page);
  await page.getByLabel("No, this will be the first user").check();
  await page.getByText("Look it up in your Webex").click();
  await page.getByRole("button", { name: "Look it up" }).click();
  await page.getByText("Enter the enterprise id to look up").first().waitFor();
  await page.getByLabel("The customer's BroadWorks enterprise id").fill("Globex");
  await page.getByRole("button", { name: "Look it up" }).click();
  const status = page.locator(".panel.found");
  await status.getByText(/not found in your Webex — check the id/).waitFor();
  await status.getByText("We did not choose an answer.").waitFor();
  assert.doesNotMatch(await status.innerText(), /Found in your Webex/);
  // The person's own answer stays; nothing is chosen for them.
  assert.equal(await page.getByLabel("No, this will be the first user").isChecked(), true);
  assert.equal(await page.getByLabel("Yes, at least one user is set up").isChecked(), false);
  assert.deepEqual(await axeViolations(page), [], "a look-up that found nothing");
  await screenshot(page, "question-lookup-not-found");
  // Choosing from the list looks that one up.
  await status.getByRole("button", { name: "DemoTelecom+globex" }).click();
  await page.getByText(/^Found in your Webex: the enterprise DemoTelecom\+globex/).waitFor();
  assert.equal(await page.getByLabel("Yes, at least one user is set up").isChecked(), true);
  assert.equal(
    await page.getByLabel("The customer's BroadWorks enterprise id").inputValue(),
    "DemoTelecom+globex",
  );
  await context.close();
});

test("a question the tenant can answer is looked up, preselected, and marked on check answers", async () => {
  const { page, context } = await ui.open();
  await lookUpTheEnterprise(page, "DemoTelecom+globex");
  await page.getByText(/^Found in your Webex: the enterprise DemoTelecom\+globex/).waitFor();
  assert.equal(await page.getByLabel("Yes, at least one user is set up").isChecked(), true);
  assert.deepEqual(await axeViolations(page), [], "question page with a look-up");
  await screenshot(page, "question-lookup");
  await page.getByRole("button", { name: "Continue" }).click();
  await choose(page, "You add the user");
  await choose(page, "Trusted emails");
  await waitForHeading(page, "Check your answers");
  assert.match(await page.locator(".summary").innerText(), /Found in your Webex/);
  await context.close();
});

test("the customer's Full Admin check says what they will see, in their words", async () => {
  const { page, context } = await ui.open();
  await page.getByRole("button", { name: /Give my partner Full Admin access/ }).click();
  await choose(page, "Yes, I have the email");
  await choose(page, "No, only their main administrator");
  await page.getByRole("button", { name: "See what to do" }).click();
  await waitForHeading(page, "Approve your partner's request");
  const check = page.locator("section.action", { hasText: "How to check it" });
  assert.match(await check.innerText(), /admin\.webex\.com.*All external administrators/s);
  // No organization id to type, and nothing in the partner's voice.
  assert.equal(await page.getByText("Check it with Webex").count(), 0);
  assert.equal(await page.getByLabel("Customer's organization id").count(), 0);
  assert.doesNotMatch(
    await page.locator("main").innerText(),
    /alex\.partner|is not a Full Administrator/,
  );
  assert.deepEqual(await axeViolations(page), [], "the customer's result page");
  await context.close();
});

test("a partner's Full Admin check asks for the organization id before asking Webex", async () => {
  const { page, context } = await ui.open();
  await page.getByRole("button", { name: /Add Webex for BroadWorks/ }).click();
  await choose(page, "Yes, I am an external Full Admin");
  await page.getByRole("button", { name: "See what to do" }).click();
  const panel = page.locator("section.action", { hasText: "Check it with Webex" }).first();
  await panel.getByRole("button", { name: "Check now" }).click();
  await panel.getByText("Enter the customer's organization id to check").first().waitFor();
  assert.equal(await panel.getByRole("status").count(), 0, "nothing was checked");
  await panel.getByLabel("Customer's organization id").fill("org-1");
  await panel.getByRole("button", { name: "Check now" }).click();
  await panel
    .getByRole("status")
    .getByText(/^Done: you are a Full Administrator/)
    .waitFor();
  await context.close();
});

test("panels that show the same user share one status check, and one paced poll", async () => {
  const { page, context } = await ui.open();
  await page.clock.install();
  await openMoveResult(page, "Untrusted");
  const panels = page.locator("section.action", {
    hasText: "Nobody provisioned from this plan yet",
  });
  assert.ok((await panels.count()) >= 2, "several panels show the user");
  await provisionUna(page);
  const checks = () => page.evaluate(() => window.statusChecks.length);
  assert.equal(await checks(), 1, "one check for the one user, however many panels");
  // A change announced while a read is under way joins it.
  await page.evaluate(() => {
    window.subscriberChanges.announce();
    window.subscriberChanges.announce();
  });
  await page.waitForFunction(() => window.statusChecks.length >= 2);
  await page.clock.runFor(100);
  assert.equal(await checks(), 2);
  // While the user still has to act, one check every few seconds, not one a panel.
  await page.clock.runFor(4000);
  await page.waitForFunction(() => window.statusChecks.length >= 3);
  await page.clock.runFor(100);
  assert.equal(await checks(), 3);
  // Once the result page is left, nothing of it polls on.
  await page.getByRole("button", { name: "Back to the start page" }).click();
  await waitForHeading(page, "What do you want to do?");
  await page.clock.runFor(20000);
  assert.equal(await checks(), 3, "no status check after the page is left");
  await context.close();
});

test("the provision form takes the enterprise looked up and the user checked; the trainer, the user provisioned", async () => {
  const { page, context, errors } = await ui.open();
  await lookUpTheEnterprise(page, "DemoTelecom+globex");
  await page.getByText(/^Found in your Webex: the enterprise DemoTelecom\+globex/).waitFor();
  await page.getByRole("button", { name: "Continue" }).click();
  await toMoveResult(page, "Untrusted");

  const check = page.locator("section.action", { hasText: "Check the user with Webex" });
  const provision = page.locator("section.action", { hasText: "Provision the user from here" });
  const value = (panel, label) => panel.getByLabel(label, { exact: true }).inputValue();
  // The enterprise found by the look-up, in both forms.
  assert.equal(await value(provision, "Enterprise"), "DemoTelecom+globex");
  assert.equal(await value(check, "Enterprise"), "DemoTelecom+globex");
  assert.match(await provision.innerText(), /The enterprise is the one you looked up/);
  assert.equal(await value(provision, "Email"), "");

  // What the person types in the provision form stays theirs.
  await provision.getByLabel("Last name").fill("Signup-Typed");
  // The user checked with Webex fills the rest of the provision form.
  await check.getByLabel("BroadWorks user id").fill("una.ui@bw.example");
  await check.getByLabel("First name").fill("Una");
  await check.getByLabel("Last name").fill("Signup");
  await check.getByLabel("Email", { exact: true }).fill("una@globex.example");
  await check.getByLabel("Package").selectOption("basic");
  await check.getByRole("button", { name: "Check with Webex first" }).click();
  await check.getByText("Webex expects this to work.").waitFor();
  assert.equal(await value(provision, "BroadWorks user id"), "una.ui@bw.example");
  assert.equal(await value(provision, "First name"), "Una");
  assert.equal(await value(provision, "Email"), "una@globex.example");
  assert.equal(await provision.getByLabel("Package").inputValue(), "basic");
  assert.equal(await value(provision, "Last name"), "Signup-Typed", "never over what was typed");
  assert.equal(await value(provision, "Enterprise"), "DemoTelecom+globex");
  assert.match(await provision.innerText(), /Filled in from the user you checked with Webex/);
  assert.deepEqual(await axeViolations(page), [], "the provision form filled in");
  await screenshot(page, "action-provision-prefilled");

  // The trainer's "End user's screen" opens on the user just provisioned.
  await provision.getByRole("button", { name: "Provision this user" }).click();
  await provision.getByText("Sent to Webex.").waitFor();
  await page.locator("#show-trainer").click();
  const trainer = page.getByRole("complementary", { name: "End user's screen" });
  await trainer.waitFor();
  const field = (id) => trainer.locator(`#${id}`).inputValue();
  assert.equal(await field("trainer-email"), "una@globex.example");
  assert.equal(await field("trainer-enterprise"), "DemoTelecom+globex");
  assert.equal(await field("trainer-user-id"), "una.ui@bw.example");
  assert.match(await trainer.innerText(), /Filled in with the user you provisioned last/);
  // What the trainer types stays, even when the user is provisioned again.
  await trainer.locator("#trainer-email").fill("sam.free@mail.example");
  await provision.getByRole("button", { name: "Provision again" }).click();
  await page.waitForFunction(() => window.provisionCalls === 2);
  assert.equal(await field("trainer-email"), "sam.free@mail.example");
  assert.equal(await field("trainer-user-id"), "una.ui@bw.example");
  assert.deepEqual(await axeViolations(page), [], "the trainer filled in");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a look-up that found nothing fills nothing in", async () => {
  const { page, context } = await ui.open();
  await lookUpTheEnterprise(page, "Globex");
  await page.getByText(/not found in your Webex — check the id/).waitFor();
  await choose(page, "Yes, at least one user is set up");
  await toMoveResult(page, "Untrusted");
  const provision = page.locator("section.action", { hasText: "Provision the user from here" });
  assert.equal(await provision.getByLabel("Enterprise", { exact: true }).inputValue(), "");
  assert.doesNotMatch(await provision.innerText(), /looked up|Filled in/);
  await context.close();
});
