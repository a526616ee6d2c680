// The Bulk page walked by keyboard alone: from the start page's link to the file, the
// checked plan, the "Provision 4 users" interruption page, the run with its progress
// bar (pause, resume) and the report, in headless Chromium with axe-core (WCAG 2.2 AA)
// on every page. The backend is the fake of tests/mock-backend.ts (mock-bulk.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { uiForThisFile, axeViolations, arrived, focusedId, screenshot } from "./support.mjs";
import { tabAndPress } from "./support.mjs";
import { tabToButton, waitForHeading, APP } from "./support.mjs";
import { closeTheDialog, goBack, nothingChosen, openActivityLog } from "./support.mjs";

const ui = uiForThisFile();

/** The answer to "Does your onboarding template use trusted emails?" (nothing is chosen
 * at first). */
async function trusted(page) {
  await page.getByLabel("Yes, trusted emails", { exact: true }).check();
}

/** Chooses the (fake) dialog's users file and checks it: the plan is shown. */
async function chooseAndCheck(page) {
  await page.getByRole("button", { name: "Choose file" }).click();
  await trusted(page);
  await page.getByRole("button", { name: "Check the file" }).click();
  await waitForHeading(page, "Check the plan");
}

/** From the start page, the bulk page's job started: the file checked, then "Provision
 * 4 users" confirmed. */
async function startTheJob(page) {
  await page.getByRole("button", { name: "Move many users from a file" }).click();
  await chooseAndCheck(page);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Provision 4 users" }).click();
}

/** The bulk page opened with `job` left unfinished (as another process or a crash left
 * it): the offer to carry it on. */
async function openWithUnfinished(page, job) {
  await page.evaluate((j) => window.bulkSetJob(j), job);
  await page.getByRole("button", { name: "Move many users from a file" }).click();
  const offer = page.locator(".unfinished");
  await offer.waitFor();
  return offer;
}

test("a keyboard user moves users from a file: plan, confirmation, progress, report", async () => {
  const { page, errors } = await ui.open();

  // The start page links to the Bulk page below the wizard choices.
  await tabToButton(page, "Move many users from a file");
  await page.keyboard.press("Enter");

  // 1. The file, chosen in the system's dialog and validated on Continue.
  const fileQ = "Which file lists the users to move?";
  await arrived(page, fileQ, { what: "file page" });
  await screenshot(page, "bulk-file");
  // Nothing is chosen for the person: the template decides, and only they know it.
  assert.equal(await page.locator("input[name=email-trust]:checked").count(), 0);
  await tabAndPress(page, "form button[type=submit]");
  await page.locator("#error-summary").waitFor();
  assert.equal(await focusedId(page), "error-summary");
  assert.equal(await page.title(), `Error: ${fileQ} – ${APP}`);
  // Both questions, in the form's order.
  const links = page.locator("#error-summary a");
  assert.deepEqual(await links.allInnerTexts(), [
    "Choose the users file",
    "Choose whether your onboarding template uses trusted emails",
  ]);
  assert.deepEqual(await links.evaluateAll((all) => all.map((a) => a.getAttribute("href"))), [
    "#users-file",
    "#email-trust-0",
  ]);
  assert.deepEqual(await axeViolations(page), [], "file page, empty");
  await screenshot(page, "bulk-file-error");
  await links.first().press("Enter");
  assert.equal(await focusedId(page), "users-file");
  await page.evaluate(() => window.dialogs.nextFile("/home/demo/users.txt"));
  await page.keyboard.press("Enter");
  await page.getByText("Chosen: users.txt").waitFor();
  assert.equal(await focusedId(page), "users-file");
  assert.equal(await page.locator("#users-file").innerText(), "Choose another file");
  assert.deepEqual(await page.evaluate(() => window.dialogs.asked), ["bulk_users"]);
  // The next question, by keyboard: Tab reaches its first answer, Space chooses it.
  await tabAndPress(page, "#email-trust-0", "Space");
  assert.equal(await page.locator("#email-trust-0").isChecked(), true);
  await tabAndPress(page, "form button[type=submit]");
  await page
    .getByText(/cannot read the users file/)
    .first()
    .waitFor();
  assert.match(await page.locator("form").innerText(), /Check that the file is still there/);
  await page.evaluate(() => window.dialogs.nextFile("/home/demo/users.csv"));
  await tabAndPress(page, "#users-file");
  await page.getByText("Chosen: users.csv").waitFor();
  await tabAndPress(page, "form button[type=submit]");

  // 2. The plan: groups with counts, what users receive, blockers, refused rows.
  await arrived(page, "Check the plan", { what: "plan page" });
  const plan = await page.locator("main").innerText();
  assert.match(plan, /4 users will be provisioned; 1 cannot start yet/);
  assert.match(plan, /New to Webex: provisioned: 3 users/);
  assert.match(plan, /They receive: A welcome email/);
  assert.match(plan, /Then we wait for: The user agrees to the move/);
  assert.match(plan, /needs the customer's approval first: 1 enterprise/);
  assert.match(plan, /Row 8, column “email” \(“bob@”\): is not a valid email address/);
  assert.match(plan, /ann@bw\.example \(DemoTelecom\+acme\)/);
  assert.match(plan, /7 rows read from users\.csv\./, "the file's name, not its folders");
  assert.doesNotMatch(plan, /\/home\/demo/);
  await screenshot(page, "bulk-plan");
  await tabToButton(page, "Continue");
  await page.keyboard.press("Enter");

  // 3. The interruption page names the count and says it cannot be undone.
  await arrived(page, "Provision 4 users", { what: "confirmation page" });
  assert.match(await page.locator("main").innerText(), /This cannot be undone/);
  await screenshot(page, "bulk-confirm");
  await tabToButton(page, "Provision 4 users");
  await page.keyboard.press("Enter");

  // 4. The run: a progress bar and a polite live region; pause and resume.
  await arrived(page, "Provisioning users", { what: "run page" });
  const bar = page.getByRole("progressbar", { name: "Users sent" });
  await page.waitForFunction(
    () => document.querySelector("[role=progressbar]")?.getAttribute("aria-valuenow") === "4",
  );
  assert.equal(await bar.getAttribute("aria-valuemax"), "6");
  assert.equal(await page.locator("main [aria-live=polite]").count(), 1);
  assert.deepEqual(await axeViolations(page), [], "run page with progress");
  await tabToButton(page, "Pause");
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Resume" }).waitFor();
  assert.match(await page.locator("main").innerText(), /Paused/);
  await tabToButton(page, "Resume");
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Pause" }).waitFor();
  await page.evaluate(() => window.bulkContinue());

  // 5. Done: the totals, and the report saved.
  await arrived(page, "Completed with problems", { what: "done page" });
  assert.equal(await bar.getAttribute("aria-valuenow"), "6");
  const live = await page.locator("main [aria-live=polite]").innerText();
  assert.match(live, /Completed with problems: 4 of 6 users sent/);
  // No rate or time left once finished; who Webex waits for, what they must do; a way back.
  await page.getByRole("heading", { name: "What happens next" }).waitFor();
  const done = await page.locator("main").innerText();
  assert.doesNotMatch(done, /users a second|Time left|not known yet/);
  assert.match(done, /1 user has to act before they can use Webex/);
  assert.match(done, /sam@bw\.example\s+sam@acme\.example\s+Agree to move their Webex account/);
  assert.doesNotMatch(done, /ann@bw\.example/, "only the users Webex waits for");
  assert.equal(await page.getByRole("link", { name: "Back" }).count(), 1);
  await page.getByRole("button", { name: "Move more users from a file" }).waitFor();
  await tabToButton(page, "Save the report");
  await page.keyboard.press("Enter");
  await page.getByText("webex-bulk-report-job-1.html").waitFor();
  await page.getByRole("button", { name: "Show in folder" }).click();
  await page.waitForFunction(() => window.opened.length === 1);
  assert.deepEqual(await page.evaluate(() => window.opened), [
    "show /home/demo/Downloads/webex-bulk-report-job-1.html",
  ]);
  assert.deepEqual(await axeViolations(page), [], "done page with report");
  await screenshot(page, "bulk-done");

  // Another folder, chosen in the system's dialog: the report is saved (and opened) there.
  const where = page.locator("#report-folder-chosen");
  assert.equal(await where.innerText(), "The report is saved in your Downloads folder.");
  await page.evaluate(() => window.dialogs.nextFolder("/home/demo/reports"));
  await page.getByRole("button", { name: "Choose another folder" }).click();
  await page.getByText("The report is saved in the folder reports.").waitFor();
  await page.getByRole("button", { name: "Save the report" }).click();
  const saved = page.getByRole("status").filter({ hasText: "Report saved" });
  await saved.getByRole("button", { name: "Open" }).click();
  await page.waitForFunction(() => window.opened.length === 2);
  assert.equal(
    (await page.evaluate(() => window.opened))[1],
    "open /home/demo/reports/webex-bulk-report-job-1.html",
  );
  assert.deepEqual(await axeViolations(page), [], "done page with the report in a folder");
  // And back to the Downloads folder.
  await page.getByRole("button", { name: "Use the Downloads folder" }).click();
  assert.equal(await where.innerText(), "The report is saved in your Downloads folder.");
  await page.getByRole("button", { name: "Save the report" }).click();
  await saved.getByRole("button", { name: "Show in folder" }).click();
  await page.waitForFunction(() => window.opened.length === 3);
  assert.equal(
    (await page.evaluate(() => window.opened))[2],
    "show /home/demo/Downloads/webex-bulk-report-job-1.html",
  );
  assert.deepEqual(errors, []);
});

test("Check the file without a chosen file asks for it, at the Choose file button", async () => {
  const { page } = await ui.open();
  await page.getByRole("button", { name: "Move many users from a file" }).click();
  await waitForHeading(page, "Which file lists the users to move?");
  await trusted(page);
  await page.getByRole("button", { name: "Check the file" }).click();
  const summary = page.locator("#error-summary");
  await summary.waitFor();
  assert.match(await summary.innerText(), /There is a problem\s+Choose the users file$/);
  // The same words by the field, which the button names as its description.
  assert.match(await page.locator("#users-file-error").innerText(), /Choose the users file/);
  const described = await page.locator("#users-file").getAttribute("aria-describedby");
  assert.ok(described.split(" ").includes("users-file-error"), described);
  // The field in error has GOV.UK's red bar.
  const bar = await page
    .locator("[role=group]:has(#users-file)")
    .evaluate((g) => getComputedStyle(g).borderLeftWidth);
  assert.equal(bar, "5px");
  await summary.getByRole("link", { name: "Choose the users file" }).click();
  assert.equal(await focusedId(page), "users-file");
  assert.deepEqual(await page.evaluate(() => window.dialogs.asked), [], "no dialog opened");
});

test("Check the file without saying whether emails are trusted names that question", async () => {
  const { page } = await ui.open();
  await page.getByRole("button", { name: "Move many users from a file" }).click();
  await waitForHeading(page, "Which file lists the users to move?");
  const answers = page.locator("input[name=email-trust]");
  assert.equal(await answers.count(), 2);
  assert.equal(await page.locator("input[name=email-trust]:checked").count(), 0, "none chosen");
  await page.getByRole("button", { name: "Choose file" }).click();
  await page.getByText("Chosen: users.csv").waitFor();
  await page.getByRole("button", { name: "Check the file" }).click();
  const summary = page.locator("#error-summary");
  await summary.waitFor();
  const question = "Choose whether your onboarding template uses trusted emails";
  assert.deepEqual(await summary.locator("a").allInnerTexts(), [question]);
  assert.equal(await focusedId(page), "error-summary");
  // The same words by the question, which its group names as its description; a red bar.
  const group = page.getByRole("group", {
    name: "Does your onboarding template use trusted emails?",
  });
  assert.match(await page.locator("#email-trust-0-error").innerText(), new RegExp(question));
  const described = await group.getAttribute("aria-describedby");
  assert.ok(described.split(" ").includes("email-trust-0-error"), described);
  assert.equal(await group.evaluate((g) => getComputedStyle(g).borderLeftWidth), "5px");
  assert.equal(await page.locator("#users-file-error").count(), 0, "the file is chosen");
  assert.deepEqual(await axeViolations(page), [], "file page, trust not chosen");
  await screenshot(page, "bulk-file-trust-error");
  await summary.getByRole("link", { name: question }).click();
  assert.equal(await focusedId(page), "email-trust-0");
  await page.getByLabel("No, untrusted emails", { exact: true }).check();
  await page.getByRole("button", { name: "Check the file" }).click();
  await waitForHeading(page, "Check the plan");
  assert.deepEqual(await page.evaluate(() => window.bulkPlanned), ["untrusted"]);
});

test("closing the dialog leaves the form as it was: nothing chosen, or the file chosen before", async () => {
  const { page } = await ui.open();
  await page.getByRole("button", { name: "Move many users from a file" }).click();
  await closeTheDialog(page, "Choose file");
  await nothingChosen(page, "users-file");

  await page.evaluate(() => window.dialogs.nextFile("/home/demo/march.csv"));
  await page.getByRole("button", { name: "Choose file" }).click();
  await page.getByText("Chosen: march.csv").waitFor();
  assert.deepEqual(await axeViolations(page), [], "file page, a file chosen");
  await screenshot(page, "bulk-file-chosen");
  await closeTheDialog(page, "Choose another file");
  assert.equal(await page.locator("#users-file-chosen").innerText(), "Chosen: march.csv");
  await trusted(page);
  await page.getByRole("button", { name: "Check the file" }).click();
  await waitForHeading(page, "Check the plan");
});

test("a file the app no longer knows is asked for again at its field", async () => {
  const { page } = await ui.open();
  await page.getByRole("button", { name: "Move many users from a file" }).click();
  await page.getByRole("button", { name: "Choose file" }).click();
  await page.getByText("Chosen: users.csv").waitFor();
  await page.evaluate(() => window.dialogs.forget()); // as after a restart
  await trusted(page);
  await page.getByRole("button", { name: "Check the file" }).click();
  await page.locator("#error-summary").waitFor();
  assert.equal(await page.locator("#error-summary a").innerText(), "Choose the file again");
  assert.equal(await page.locator("#error-summary a").getAttribute("href"), "#users-file");
  assert.match(await page.locator("form").innerText(), /does not know that file/);
  // What was chosen is gone: the button chooses afresh.
  assert.equal(await page.locator("#users-file").innerText(), "Choose file");
  assert.deepEqual(await axeViolations(page), [], "file to choose again");
  await chooseAndCheck(page);
});

test("a job left paused is offered again when the page is opened later, and carries on", async () => {
  const { page } = await ui.open();
  await startTheJob(page);
  await page.getByRole("button", { name: "Pause" }).click();
  await page.getByRole("button", { name: "Resume" }).waitFor();

  // Later (the page is left, as when the app closes): it offers the unfinished job,
  // read back from the backend's database.
  // Back from the activity log returns to the bulk page, opened afresh.
  await openActivityLog(page);
  await goBack(page, "Which file lists the users to move?");
  const offer = page.locator(".unfinished");
  await offer.waitFor();
  assert.match(await offer.innerText(), /A job did not finish: users\.csv —/);
  assert.deepEqual(await axeViolations(page), [], "file page offering the unfinished job");
  await offer.getByRole("button", { name: "Carry on with this job" }).click();
  await waitForHeading(page, "Provisioning users");
  await page.evaluate(() => window.bulkContinue());
  await waitForHeading(page, "Completed with problems");
});

test("a job left running goes on, but its end does not retitle the page shown or take its focus", async () => {
  const { page, errors, context } = await ui.open();
  await startTheJob(page);
  await waitForHeading(page, "Provisioning users");
  await openActivityLog(page);
  await page.getByLabel("Show lines containing").focus();

  // The job ends while the activity log shows: nothing of the bulk page comes back.
  await page.evaluate(() => window.bulkContinue());
  await page.waitForTimeout(300);
  assert.equal(await page.title(), `Activity log – ${APP}`);
  assert.equal(await focusedId(page), "audit-filter");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a job stopped while checking users is carried on to its plan, never straight to sending", async () => {
  const { page } = await ui.open();
  const offer = await openWithUnfinished(page, { status: "planning" });
  assert.match(await offer.innerText(), /Checking users/);
  await offer.getByRole("button", { name: "Carry on with this job" }).click();
  await waitForHeading(page, "Check the plan");
  await screenshot(page, "bulk-carry-on-plan");
});

test("a job another program is running is not offered to run twice; a sign-in pause says why", async () => {
  const { page } = await ui.open();
  const offer = await openWithUnfinished(page, {
    status: "running",
    runningIn: "wxm (process 4242)",
  });
  assert.match(await offer.innerText(), /being run now by wxm \(process 4242\)/);
  assert.equal(await offer.getByRole("button", { name: "Carry on with this job" }).count(), 0);
  assert.deepEqual(await axeViolations(page), [], "offer of a job run elsewhere");

  await page.evaluate(() =>
    window.bulkSetJob({ status: "paused", pauseReason: "sign_in_expired" }),
  );
  await page.getByRole("link", { name: "Back" }).click();
  await page.getByRole("button", { name: "Move many users from a file" }).click();
  await offer.waitFor();
  assert.match(await offer.innerText(), /your Webex sign-in ended\. No user was marked failed/);
  await screenshot(page, "bulk-paused-sign-in");
});

test("an unfinished job can be cancelled instead of carried on, after a confirmation", async () => {
  const { page } = await ui.open();
  const offer = await openWithUnfinished(page, { status: "planned" });
  await offer.getByRole("button", { name: "Cancel this job" }).click();
  // Asked first, with what it means and a way back.
  const confirm = page.getByRole("group", { name: "Cancel this job?" });
  await confirm.waitFor();
  assert.equal(await focusedId(page), "drop-job");
  assert.match(await confirm.innerText(), /Users not yet sent to Webex will not be sent/);
  assert.deepEqual(await axeViolations(page), [], "confirming the cancel of an unfinished job");
  await screenshot(page, "bulk-cancel-unfinished");
  await confirm.getByRole("button", { name: "No, keep it" }).click();
  assert.equal(await offer.getByRole("button", { name: "Carry on with this job" }).count(), 1);
  assert.equal(await focusedId(page), "drop-job-open", "focus returns to where it was");

  await offer.getByRole("button", { name: "Cancel this job" }).click();
  await page.getByRole("button", { name: "Yes, cancel the job" }).click();
  await page.getByText(/is cancelled\. Nothing more will be sent for it\./).waitFor();
  // A cancelled job is not offered again.
  assert.equal(await offer.count(), 0);
  await page.getByRole("link", { name: "Back" }).click();
  await page.getByRole("button", { name: "Move many users from a file" }).click();
  await waitForHeading(page, "Which file lists the users to move?");
  assert.equal(await offer.count(), 0);
});

test("a job Webex refused the account for says so, and who must sign in to carry it on", async () => {
  const { page } = await ui.open();
  const offer = await openWithUnfinished(page, { status: "paused", pauseReason: "not_allowed" });
  assert.match(
    await offer.innerText(),
    /Webex does not allow the account you signed in with to add these users\. No user was marked failed\. Sign in as a partner administrator/,
  );
  assert.deepEqual(await axeViolations(page), [], "offer of a job paused for the account");
});

test("cancelling a running job asks first, offers Pause instead, and ends the job", async () => {
  const { page } = await ui.open();
  await startTheJob(page);
  await waitForHeading(page, "Provisioning users");

  await page.getByRole("button", { name: "Cancel the job" }).click();
  const confirm = page.getByRole("group", { name: "Cancel this job?" });
  await confirm.waitFor();
  assert.equal(await focusedId(page), "cancel-job");
  assert.match(await confirm.innerText(), /To stop for now and go on later, choose Pause instead/);
  assert.deepEqual(await axeViolations(page), [], "confirming the cancel of a running job");
  await screenshot(page, "bulk-cancel-running");
  await confirm.getByRole("button", { name: "No, let it go on" }).click();
  assert.equal(await focusedId(page), "cancel-job-open", "focus returns to where it was");

  await page.getByRole("button", { name: "Cancel the job" }).click();
  await page.getByRole("button", { name: "Yes, cancel the job" }).click();
  await waitForHeading(page, "Cancelled");
});
