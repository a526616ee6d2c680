// The Messenger notices kit walked by keyboard alone, from the Messenger wizard's task
// list to the confirmation, in real headless Chromium with axe-core (WCAG 2.2 A/AA) on
// every page. The backend is the fake of tests/mock-backend.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { uiForThisFile, axeViolations, choose, fixture, focusedId } from "./support.mjs";
import { tabAndPress } from "./support.mjs";
import { screenshot, tabTo, waitForHeading, APP, arrived as arrivedOnPage } from "./support.mjs";
import { closeTheDialog, goBack, nothingChosen } from "./support.mjs";

const WIZARD = fixture.wizards["messenger-guest-to-business"];
const ui = uiForThisFile();

/** The page changed: its title names it and the wizard, focus is on its h1, axe finds nothing. */
const arrived = (page, heading, what) =>
  arrivedOnPage(page, heading, { title: `${heading} – ${WIZARD.title}`, what });

/** Continue was pressed with a problem: the summary is focused and links to the field. */
async function summaryLinks(page, heading, expected, what) {
  await page.locator("#error-summary").waitFor();
  assert.equal(await focusedId(page), "error-summary");
  assert.equal(await page.title(), `Error: ${heading} – ${WIZARD.title} – ${APP}`);
  const links = await page
    .locator("#error-summary a")
    .evaluateAll((as) => as.map((a) => [a.getAttribute("href"), a.textContent.trim()]));
  assert.equal(links.length, expected.length, JSON.stringify(links));
  for (const [i, [href, text]] of expected.entries()) {
    assert.equal(links[i][0], href);
    assert.match(links[i][1], text);
  }
  assert.deepEqual(await axeViolations(page), [], what);
}

async function openTaskList(page) {
  const choice = fixture.start.choices.find((c) => c.id === WIZARD.id);
  await page.getByRole("button", { name: choice.label }).click();
  await waitForHeading(page, WIZARD.inputs[0].question);
  await choose(page, WIZARD.inputs[0].answers[0].label);
  await waitForHeading(page, "Check your answers");
  await page.getByRole("button", { name: "See what to do" }).click();
  await waitForHeading(page, "Activate the inactive Guest users");
}

test("a keyboard user prepares the notices: file, users, details, confirmation", async () => {
  const { page, errors, context } = await ui.open();
  await openTaskList(page);

  // The task list offers the kit on the step that sends the instructions.
  const button = page.getByRole("button", { name: "Prepare the notices to users" });
  assert.equal(await button.count(), 1);
  const box = await button.boundingBox();
  assert.ok(box.width >= 24 && box.height >= 24, "a 24px target");
  await tabAndPress(page, "#step-send-download-instructions button.button");

  // 1. The file, chosen in the system's dialog.
  const fileQ = "Which file lists the users to move?";
  await arrived(page, fileQ, "file page");
  await screenshot(page, "messenger-file");
  await tabAndPress(page, "form button[type=submit]");
  await summaryLinks(page, fileQ, [["#users-file", /^Choose the users file$/]], "file page, empty");
  await screenshot(page, "messenger-file-error");
  assert.match(await page.locator("#users-file-error").innerText(), /Choose the users file/);
  await page.locator("#error-summary a").press("Enter");
  assert.equal(await focusedId(page), "users-file");
  await page.evaluate(() => window.dialogs.nextFile("/home/demo/inactive-users.txt"));
  await page.keyboard.press("Enter");
  await page.getByText("Chosen: inactive-users.txt").waitFor();
  assert.deepEqual(await page.evaluate(() => window.dialogs.asked), ["messenger_users"]);
  await tabAndPress(page, "form button[type=submit]");
  await summaryLinks(page, fileQ, [["#users-file", /cannot read the users file/]], "file unread");
  assert.match(await page.locator("form").innerText(), /Check that the file is still there/);
  await page.evaluate(() => window.dialogs.nextFile("/home/demo/inactive-users.csv"));
  await tabAndPress(page, "#users-file");
  await page.getByText("Chosen: inactive-users.csv").waitFor();
  await tabAndPress(page, "form button[type=submit]");

  // 2. The users: every valid row ticked, the refused rows listed with their problem.
  const usersQ = "Choose who gets a notice";
  await arrived(page, usersQ, "users page");
  assert.match(
    await page.locator("main").innerText(),
    /inactive-users\.csv: 3 users can get a notice/,
  );
  const boxes = page.locator("table input[type=checkbox]");
  assert.equal(await boxes.count(), 3);
  for (let i = 0; i < 3; i++) assert.equal(await boxes.nth(i).isChecked(), true);
  const refused = await page.locator(".refused").innerText();
  assert.match(refused, /2 rows were left out/);
  assert.match(refused, /Row 3, email: 'bad\.email@' is not an email address/);
  assert.match(refused, /Row 4, userSSOId: 'jdoe' is also on row 1/);
  assert.match(await page.locator("table").innerText(), /Zoë Ångström/);
  await screenshot(page, "messenger-users");
  for (const row of [1, 2, 5]) {
    await tabAndPress(page, `#user-${row}`, "Space");
  }
  assert.match(await page.locator("main [role=status]").innerText(), /0 of 3 chosen/);
  await tabAndPress(page, "button[type=submit]");
  await summaryLinks(page, usersQ, [["#user-1", /Choose at least one user/]], "no user chosen");
  for (const row of [1, 2]) {
    await tabAndPress(page, `#user-${row}`, "Space");
  }
  await tabAndPress(page, "button[type=submit]");

  // 3. The details, validated on Continue.
  const detailsQ = "Write the notices";
  await arrived(page, detailsQ, "details page");
  await tabTo(page, "#download-url");
  await page.keyboard.type("download.example.com/webex");
  await page.keyboard.press("Tab");
  await page.keyboard.type("admin");
  await tabTo(page, "button[type=submit]");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Write 2 notices");
  await page.keyboard.press("Enter");
  await summaryLinks(
    page,
    detailsQ,
    [
      ["#download-url", /starts with https:\/\/ or http:\/\//],
      ["#sender", /like name@example\.com/],
    ],
    "details with errors",
  );
  await screenshot(page, "messenger-details-errors");
  await tabTo(page, "#download-url");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("https://download.example.com/webex");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("it-admin@example.com");
  // The folder: Downloads unless another is chosen.
  assert.match(
    await page.locator("#out-dir-chosen").innerText(),
    /^Notices are saved in your Downloads folder\.$/,
  );
  await page.evaluate(() => window.dialogs.nextFolder("/home/demo/full"));
  await page.keyboard.press("Tab");
  assert.equal(await focusedId(page), "out-dir");
  await page.keyboard.press("Enter");
  await page.getByText("Notices are saved in the folder full.").waitFor();
  await tabAndPress(page, "button[type=submit]");
  // Notices already there are not replaced unless asked.
  await summaryLinks(page, detailsQ, [["#out-dir", /already exist/]], "files exist");
  await screenshot(page, "messenger-details-folder");
  await tabAndPress(page, "#replace", "Space");
  await tabAndPress(page, "button[type=submit]");

  // 4. The confirmation: how many, where, and what to do next.
  await arrived(page, "2 notices written", "confirmation page");
  const done = await page.locator("main").innerText();
  assert.match(done, /Saved in the folder: full/);
  assert.doesNotMatch(done, /\/home\/demo/, "names, not paths");
  await page.getByRole("button", { name: "Open the folder" }).click();
  await page.waitForFunction(() => window.opened.length === 1);
  assert.deepEqual(await page.evaluate(() => window.opened), ["open /home/demo/full"]);
  assert.match(done, /notice-jdoe\.eml/);
  assert.match(done, /notice-zangstrom\.eml/);
  assert.doesNotMatch(done, /notice-mmuller\.eml/);
  assert.match(done, /messenger-notices-mail-merge\.csv/);
  assert.match(done, /Send the notices/);
  await screenshot(page, "messenger-done");
  assert.match(done, /set these users' status to active and reset\s+their passwords/);
  const sent = await page.evaluate(() => window.messengerNotices);
  assert.deepEqual(sent, [
    {
      selected: ["jdoe", "zangstrom"],
      downloadUrl: "https://download.example.com/webex",
      sender: "it-admin@example.com",
      outDir: "/home/demo/full",
    },
  ]);

  await tabAndPress(page, "main button.button:not(.secondary)");
  await waitForHeading(page, "Activate the inactive Guest users");
  assert.deepEqual(errors, []);
  await context.close();
});

test("closing the file dialog leaves the page as it was, and an unknown file is asked for again", async () => {
  const { page, context } = await ui.open();
  await openTaskList(page);
  await page.getByRole("button", { name: "Prepare the notices to users" }).click();
  const fileQ = "Which file lists the users to move?";
  await waitForHeading(page, fileQ);
  await closeTheDialog(page, "Choose file");
  await nothingChosen(page, "users-file");

  // Chosen, then the app forgets it (as after a restart): the page asks for it again.
  await page.getByRole("button", { name: "Choose file" }).click();
  await page.getByText("Chosen: users.csv").waitFor();
  await page.evaluate(() => window.dialogs.forget());
  await page.getByRole("button", { name: "Continue" }).click();
  await summaryLinks(page, fileQ, [["#users-file", /^Choose the file again$/]], "file forgotten");
  assert.equal(await page.locator("#users-file").innerText(), "Choose file");
  await context.close();
});

test("the Downloads folder is used when no folder is given, and Back returns step by step", async () => {
  const { page, context } = await ui.open();
  await openTaskList(page);
  await page.getByRole("button", { name: "Prepare the notices to users" }).click();
  await waitForHeading(page, "Which file lists the users to move?");
  await page.evaluate(() => window.dialogs.nextFile("C:\\Users\\me\\users.csv"));
  await page.getByRole("button", { name: "Choose file" }).click();
  await page.getByText("Chosen: users.csv").waitFor();
  await page.getByRole("button", { name: "Continue" }).click();
  await waitForHeading(page, "Choose who gets a notice");
  await page.getByRole("button", { name: "Continue" }).click();
  await waitForHeading(page, "Write the notices");
  await goBack(page, "Choose who gets a notice");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Download address").fill("https://dl.example.com/");
  await page.getByLabel("Your email address").fill("me@example.com");
  // A folder chosen, then Downloads again; closing the dialog changes nothing.
  const where = page.locator("#out-dir-chosen");
  await page.getByRole("button", { name: "Choose another folder" }).click();
  await page.getByText("Notices are saved in the folder notices.").waitFor();
  assert.deepEqual(await axeViolations(page), [], "details with a folder chosen");
  await screenshot(page, "messenger-details-folder-chosen");
  await page.getByRole("button", { name: "Use the Downloads folder" }).click();
  assert.equal(await where.innerText(), "Notices are saved in your Downloads folder.");
  assert.equal(await focusedId(page), "out-dir");
  assert.equal(await page.getByRole("button", { name: "Use the Downloads folder" }).count(), 0);
  await closeTheDialog(page, "Choose another folder");
  assert.equal(await where.innerText(), "Notices are saved in your Downloads folder.");
  await page.getByRole("button", { name: "Write 3 notices" }).click();
  await waitForHeading(page, "3 notices written");
  assert.match(await page.locator(".confirmation").innerText(), /Saved in the folder: Downloads/);
  assert.equal((await page.evaluate(() => window.messengerNotices))[0].outDir, null);
  assert.deepEqual(await axeViolations(page), [], "confirmation page");

  await page.getByRole("button", { name: "Back to the task list" }).click();
  await waitForHeading(page, "Activate the inactive Guest users");
  await context.close();
});
