// The start page in real headless Chromium, with the backend faked at src/lib/api.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { uiForThisFile, axeViolations, focusedTag, waitForHeading } from "./support.mjs";
import { screenshot } from "./support.mjs";

const ui = uiForThisFile();

test("the start page shows the wizards and the demo tenant, and a keyboard user can open one", async () => {
  const { page, errors, context } = await ui.open();
  assert.equal(await page.title(), "What do you want to do? – Webex Migration Wizard");
  assert.match(await page.locator(".where").innerText(), /Demo tenant/);
  assert.match(await page.locator(".where").innerText(), /Alex Partner/);
  const labels = await page.locator("main .choice .label").allInnerTexts();
  assert.equal(labels.length, 5);
  assert.match(labels[0], /Move a user who already has Webex/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "start");

  // Keyboard only: focus starts on the question; Tab reaches the first choice.
  assert.equal(await focusedTag(page), "H1");
  await page.keyboard.press("Tab");
  assert.match(
    await page.evaluate(() => document.activeElement?.textContent ?? ""),
    /Move a user who already has Webex/,
  );
  await page.keyboard.press("Enter");
  await waitForHeading(page, "Where is the user's Webex account today?");
  assert.equal(await focusedTag(page), "H1");

  await page.getByRole("link", { name: "Back" }).press("Enter");
  await waitForHeading(page, "What do you want to do?");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the dark theme is readable too", async () => {
  const { page, context } = await ui.open("dark");
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(bg, "rgb(255, 255, 255)");
  assert.deepEqual(await axeViolations(page), []);
  await page.getByRole("button", { name: /Move a user/ }).click();
  await waitForHeading(page, "Where is the user's Webex account today?");
  assert.deepEqual(await axeViolations(page), [], "question page, dark");
  await screenshot(page, "question-dark");
  await context.close();
});
