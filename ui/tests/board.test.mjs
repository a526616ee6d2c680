// Following a migration to the end, in headless Chromium with the backend faked at
// src/lib/api.ts (mock-board.ts) and axe (WCAG 2.2 AA) on every page: the result page's
// steps take their state from evidence and follow the statuses Webex reports; the
// customer's board counts users by state and by who acts, chases after a confirmation
// naming how many, shows what a job did, offers Resume, saves the customer's report;
// and the report itself (written by the engine's test) passes axe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  uiForThisFile,
  arrived,
  axeViolations,
  goBack,
  openMoveResult,
  screenshot,
  waitForHeading,
} from "./support.mjs";

const ui = uiForThisFile();
const GLOBEX = "DemoTelecom+globex";

/** The result page of a trusted-email move, Sam provisioned from its step. */
async function provisionSam(page) {
  await openMoveResult(page, "Trusted");
  const panel = page.locator("section.action", { hasText: "Provision the user from here" });
  await panel.getByLabel("Enterprise").fill(GLOBEX);
  await panel.getByLabel("BroadWorks user id").fill("sam@bw.example");
  await panel.getByLabel("First name").fill("Sam");
  await panel.getByLabel("Last name").fill("Free");
  await panel.getByLabel("Email").fill("sam.free@mail.example");
  await panel.getByRole("button", { name: "Provision this user" }).click();
  await panel.getByText("Sent to Webex.").waitFor();
}

const step = (page, id) => page.locator(`#step-${id}`);
const progressLine = (page) => page.locator("p.progress").innerText();

/** Webex reports a new status; the window's watch reads it (as its poll would). */
async function webexReports(page, status, words, finished = false) {
  await page.evaluate(
    ([s, w, f]) => {
      window.webexReports("sub-1", s, w, f);
      window.subscriberChanges.announce();
    },
    [status, words, finished],
  );
}

test("the result page's steps follow the evidence: the provision, each status Webex reports, a tick by hand", async () => {
  const { page, context, errors } = await ui.open();
  await provisionSam(page);

  // The provision worked: its step is done, with when and why.
  await step(page, "add-user")
    .getByText(/^Done at .+ — You provisioned Sam Free$/)
    .waitFor();
  assert.equal(await progressLine(page), "1 of 14 steps done");
  assert.match(await step(page, "activate-account").innerText(), /Waiting for someone else/);

  // Webex reports Sam must agree to the move: the steps it proves are done, live.
  await webexReports(page, "pending_user_migration", "waiting for the user to agree to the move");
  await step(page, "email-sent")
    .getByText(/Done at .* — Webex reports Sam Free waiting for the user to agree to the move/)
    .waitFor();
  assert.equal(await progressLine(page), "4 of 14 steps done");

  // Then provisioned: the user's steps and Webex's are done.
  await webexReports(page, "provisioned", "set up in Webex for BroadWorks", true);
  await step(page, "download")
    .getByText(/Webex reports Sam Free set up in Webex for BroadWorks/)
    .waitFor();
  assert.equal(await progressLine(page), "11 of 14 steps done");

  // The two checks before starting and the precheck are ticked by hand: they say so.
  await page.locator("#done-org-exists").check();
  await step(page, "org-exists")
    .getByText(/^Marked done by you at .+$/)
    .waitFor();
  await page.locator("#done-template-trusted").check();
  await page.locator("#done-precheck").check();
  await page.getByText("14 of 14 steps done").waitFor();
  await page.locator("#done-template-trusted").uncheck();
  await step(page, "template-trusted")
    .getByText(/^Marked not done by you at/)
    .waitFor();
  assert.equal(await progressLine(page), "13 of 14 steps done");
  assert.deepEqual(await axeViolations(page), [], "result page with evidence");
  await screenshot(page, "result-evidence");

  // From here, the customer's board.
  await page.getByRole("button", { name: "Follow this customer's users on their board" }).click();
  await arrived(page, `Migration board: ${GLOBEX}`, { what: "board from the result" });
  await goBack(page, "Move the user with trusted email");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the customer's board: counts, a chase confirmed by number, what it did, retry, resume, the report", async () => {
  const { page, context, errors } = await ui.open();
  await page
    .getByRole("button", { name: "Follow a customer's users until they are moved" })
    .click();

  // Which customer: the boards known, or an id; an empty id is refused on Continue.
  await arrived(page, "Which customer do you want to follow?", { what: "choose a board" });
  assert.match(
    await page.locator("main").innerText(),
    /8 users: 1 moved, 5 waiting, 2 with a problem · not checked yet/,
  );
  await page.getByRole("button", { name: "Show their board" }).click();
  await page.locator("#error-summary").waitFor();
  assert.match(
    await page.locator("#error-summary").innerText(),
    /Enter the customer's BroadWorks enterprise id/,
  );
  assert.equal(
    await page.title(),
    "Error: Which customer do you want to follow? – Webex Migration Wizard",
  );
  await screenshot(page, "board-choose");
  await page.getByLabel("Their BroadWorks enterprise id").fill(GLOBEX);
  await page.getByRole("button", { name: "Show their board" }).click();

  // The first look reads the customer from Webex at once.
  await arrived(page, `Migration board: ${GLOBEX}`, { what: "board" });
  await page.getByText("Checked: 8 users.").waitFor();
  assert.match(
    await page.locator("#board-checked").innerText(),
    /^Checked 2 minutes ago · 2 requests to Webex$/,
  );
  assert.equal(await page.evaluate(() => window.board.refreshes), 1);
  const main = await page.locator("main").innerText();
  assert.match(main, /Webex has 8 users for this customer; this app started 1 of them/);
  const states = await page.locator("#board-states").innerText();
  assert.match(states, /Waiting for the user to agree to the move\s+4/);
  assert.match(states, /Failed\s+2/);
  const actors = await page.locator("#board-actors").innerText();
  assert.match(actors, /^You\s+2\s+The user\s+5$/);
  // The table: the failed first, then the longest waiting, the moved last.
  const rows = await page.locator("tbody tr").allInnerTexts();
  assert.equal(rows.length, 8);
  assert.match(rows[0], /Gus Hill/);
  assert.match(rows[2], /Bo Chen.*for 5 days/s);
  assert.match(rows[7], /Ada Lovelace.*No one: done.*Wizard: move-user/s);
  assert.match(rows[3] + rows[4], /Email sent again by this app/);
  await screenshot(page, "board");

  // The chase names how many: 2 waited more than 3 days (a third was sent it today).
  const chase = page.locator("#board-chase");
  assert.equal(
    await chase.innerText(),
    "Send the consent email again to the 2 users waiting more than 3 days",
  );
  await page.getByLabel("Chase users who have waited more than how many days?").fill("0");
  assert.equal(
    await chase.innerText(),
    "Send the consent email again to the 3 users waiting more than 0 days",
  );
  await page.getByLabel("Chase users who have waited more than how many days?").fill("3");
  await chase.click();
  await arrived(page, "Send the consent email again to 2 users?", { what: "chase confirmation" });
  const confirm = await page.locator("main").innerText();
  assert.match(confirm, /Bo Chen \(bo@globex\.example\)/);
  assert.match(confirm, /Cy Diaz/);
  assert.doesNotMatch(confirm, /Di Evans|Ed Fox/);
  await screenshot(page, "board-chase-confirm");
  await page.getByRole("button", { name: "Send the email to 2 users" }).click();

  // What the job did.
  await arrived(page, "The consent email was sent again to 2 users", { what: "chase done" });
  assert.deepEqual(await page.evaluate(() => window.board.jobs), [
    { kind: "chase-consent", ids: ["sub-b2", "sub-b3"] },
  ]);
  assert.match(await page.locator("main").innerText(), /Email sent again\s+2 users/);
  await screenshot(page, "board-chase-done");
  await page.getByRole("button", { name: "Go back to the board" }).click();
  await waitForHeading(page, `Migration board: ${GLOBEX}`);
  await page.locator("#board-chase-none").waitFor();

  // Try the failed again: the one a new try can help; the job's problems are listed.
  await page.getByRole("button", { name: "Try the failed again (1 user)" }).click();
  await arrived(page, "Try 1 user again?", { what: "retry confirmation" });
  await page.getByRole("button", { name: "Try 1 user again" }).click();
  await arrived(page, "0 users provisioned again", { what: "retry done" });
  assert.match(
    await page.locator("main").innerText(),
    /sub-b7: the customer has still not approved you/,
  );
  await page.getByRole("button", { name: "Go back to the board" }).click();

  // A job left unfinished is offered again.
  await page.evaluate(() => (window.board.unfinished = true));
  await page.getByRole("button", { name: "Refresh" }).click();
  await page
    .getByText(
      /Not finished: Sending the consent email again to 3 users — 1 user done, 2 users left/,
    )
    .waitFor();
  assert.deepEqual(await axeViolations(page), [], "board with an unfinished job");
  await page.getByRole("button", { name: "Carry on with this job" }).click();
  await arrived(page, "The consent email was sent again to 3 users", { what: "resumed" });
  await page.getByRole("button", { name: "Go back to the board" }).click();
  await waitForHeading(page, `Migration board: ${GLOBEX}`);

  // The customer's report, as a spreadsheet, in the Downloads folder.
  await page.getByLabel("A spreadsheet (CSV)").check();
  await page.getByRole("button", { name: "Save the report" }).click();
  await page.getByText("webex-migration-DemoTelecom-globex.csv").waitFor();
  assert.deepEqual(await page.evaluate(() => window.board.reports), [
    { format: "csv", outDir: null },
  ]);
  assert.deepEqual(await axeViolations(page), [], "board with the report saved");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the board's table takes the window's width, and scrolls in its own region when narrow", async () => {
  const { page, context } = await ui.open();
  await page.setViewportSize({ width: 1024, height: 768 });
  await page
    .getByRole("button", { name: "Follow a customer's users until they are moved" })
    .click();
  await page.getByLabel("Their BroadWorks enterprise id").fill(GLOBEX);
  await page.getByRole("button", { name: "Show their board" }).click();
  await waitForHeading(page, `Migration board: ${GLOBEX}`);
  const region = page.getByRole("region", { name: "Users table" });
  await region.waitFor();
  const size = () =>
    region.evaluate((r) => ({
      width: r.getBoundingClientRect().width,
      client: r.clientWidth,
      scroll: r.scrollWidth,
    }));
  // 1024 × 768: the table is wider than the page's text (48rem before), nothing scrolls.
  const wide = await size();
  assert.ok(wide.width > 940, `the table is ${wide.width} px wide`);
  assert.ok(wide.scroll <= wide.client, "no sideways scroll at 1024 px");
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
    "the page does not scroll sideways",
  );
  assert.deepEqual(await axeViolations(page), [], "board at 1024×768");
  await screenshot(page, "board-1024");
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.ok((await size()).width > 1180, "the table grows with the window");
  await screenshot(page, "board-1280");

  // 480 × 480: the table keeps readable columns and scrolls inside its region, which the
  // keyboard reaches and moves.
  await page.setViewportSize({ width: 480, height: 480 });
  const narrow = await size();
  assert.ok(narrow.scroll > narrow.client, "the table scrolls sideways in its region");
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
    "only the region scrolls, not the page",
  );
  await region.focus();
  assert.equal(await region.evaluate((r) => r === document.activeElement), true);
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(
    () => document.querySelector(".table-region").scrollLeft > 0,
    undefined,
    { timeout: 5000 },
  );
  assert.deepEqual(await axeViolations(page), [], "board at 480×480");
  await context.close();
});

test("the customer's report, as the engine writes it, passes axe and names every waiting user", async () => {
  const { page, context } = await ui.open();
  const html = readFileSync(new URL("./fixtures/board-report.html", import.meta.url), "utf8");
  await page.setContent(html);
  assert.deepEqual(await axeViolations(page), [], "the customer's report");
  const text = await page.locator("body").innerText();
  for (const name of ["Bo Chen", "Cy Diaz", "Di Evans", "Ed <Fox> & Co", "Flo Gray"]) {
    assert.ok(text.includes(name), name);
  }
  await screenshot(page, "board-report");
  await context.close();
});
