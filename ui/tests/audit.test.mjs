// The activity log after a big job: it shows the newest lines first and more on request,
// in real headless Chromium with the backend faked at src/lib/api.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { uiForThisFile, axeViolations, openActivityLog, screenshot } from "./support.mjs";

const ui = uiForThisFile();

test("a long activity log shows its newest 500 lines, then older ones on request", async () => {
  const { page, context } = await ui.open();
  // 1,200 provisions on top of the fake log's 10 lines: 1,210 in all.
  await page.evaluate(() => window.auditProvisionMany(1200));
  await openActivityLog(page);
  await page.getByText("The newest 500 lines").waitFor();
  const rows = page.locator("tbody tr.activity");
  assert.equal(await rows.count(), 500);
  // Newest first: the last provision heads the table.
  assert.match(await rows.first().locator(".what").innerText(), /user1200@globex\.example/);
  assert.deepEqual(await axeViolations(page), [], "a long activity log");
  await screenshot(page, "activity-log-long");

  const older = page.getByRole("button", { name: "Show 500 older lines" });
  await older.click();
  await page.getByText("The newest 1000 lines").waitFor();
  assert.equal(await rows.count(), 1000);
  assert.match(await rows.nth(999).locator(".what").innerText(), /user201@globex\.example/);

  // The last page: every line shows, the button goes and the count says so.
  await older.click();
  await page.getByText(/^1210 lines/).waitFor();
  assert.equal(await older.count(), 0);
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute("role")),
    "status",
    "focus moves to the count when the button goes",
  );
  // The oldest line of the fake log is the demo sign-in.
  assert.ok((await rows.count()) < 1210, "repeated checks still show once");

  // A filter starts again from the newest lines.
  await page.getByLabel("Show lines containing").fill("globex");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByText(/^The newest 500 lines/).waitFor();
  await context.close();
});
