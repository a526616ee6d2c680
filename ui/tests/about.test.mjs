// The About page in real headless Chromium, with the backend faked at src/lib/api.ts:
// version and build, the Webex API, the licences, and Back to the page it was opened from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { uiForThisFile, arrived, axeViolations, waitForHeading, screenshot } from "./support.mjs";
import { goBack, openActivityLog } from "./support.mjs";

const ui = uiForThisFile();

test("About says the version, the build, the Webex API and the licences, and goes back", async () => {
  const { page, errors, context } = await ui.open();
  await page.getByRole("button", { name: "About", exact: true }).click();
  await arrived(page, "About this app");
  assert.equal(await page.locator("#about-version").innerText(), "0.1.0");
  assert.equal(await page.locator("#about-build").innerText(), "1a2b3c4d5e6f, 2026-12-02");
  assert.equal(await page.locator("#about-webex-api").innerText(), "https://webexapis.com/v1");
  assert.match(await page.locator("#about-licence").innerText(), /^MIT\./);

  await page.getByRole("button", { name: "Show the licences" }).click();
  const licences = page.locator("#licences");
  await licences.waitFor();
  assert.match(await licences.innerText(), /svelte 5\.57\.3\s+MIT License/);
  assert.deepEqual(await axeViolations(page), [], "the licences shown");
  await screenshot(page, "about");

  await goBack(page, "What do you want to do?");
  assert.deepEqual(errors, []);
  await context.close();
});

test("About opened from the activity log goes back to the page under the log", async () => {
  const { page, errors, context } = await ui.open();
  await openActivityLog(page);
  await page.getByRole("button", { name: "About", exact: true }).click();
  await waitForHeading(page, "About this app");
  await goBack(page, "What do you want to do?");
  assert.deepEqual(errors, []);
  await context.close();
});
