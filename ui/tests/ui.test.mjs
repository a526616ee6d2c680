// The start page in real headless Chromium, with the backend faked at src/lib/api.ts;
// the other pages' code, loaded when a page is first opened; the bench's walk.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  APP,
  arrived,
  uiForThisFile,
  axeViolations,
  focusedTag,
  waitForHeading,
} from "./support.mjs";
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

test("a page's code is loaded when it is first opened; code that cannot load is a problem with a way on", async () => {
  const { page, errors, context } = await ui.open();
  const fetched = () =>
    page.evaluate(() =>
      performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname),
    );
  // The start page did not load the other pages.
  assert.ok((await fetched()).includes("/src/pages/StartPage.svelte"));
  for (const other of ["AboutPage", "QuestionPage", "ResultPage", "BulkPage", "BoardPage"]) {
    assert.ok(!(await fetched()).includes(`/src/pages/${other}.svelte`), other);
  }

  // The About page's code cannot be loaded: the problem, in plain words, and a way on.
  await page.route("**/src/pages/AboutPage.svelte*", (route) => route.abort());
  await page.getByRole("button", { name: "About", exact: true }).click();
  await arrived(page, "There is a problem", { what: "the page could not be opened" });
  assert.match(await page.locator("main").innerText(), /This page could not be opened\./);
  assert.match(await page.locator("main").innerText(), /Go to the start page and try again/);
  await page.unroute("**/src/pages/AboutPage.svelte*");
  await page.getByRole("button", { name: "Go to the start page" }).click();
  await arrived(page, "What do you want to do?");

  // Opened again, it loads, and the page takes the focus once it shows.
  await page.getByRole("button", { name: "About", exact: true }).click();
  await arrived(page, "About this app");
  assert.ok((await fetched()).includes("/src/pages/AboutPage.svelte"));
  assert.deepEqual(errors, []);
  await context.close();
});

test("the bench's walk waits for each page and reports the result page once it shows", async () => {
  const { page, errors, context } = await ui.open();
  // Every page heading the window shows, in turn.
  await context.addInitScript(() => {
    window.headings = [];
    new MutationObserver(() => {
      const h1 = document.querySelector("main h1")?.textContent?.trim();
      if (h1 && window.headings.at(-1) !== h1) window.headings.push(h1);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${page.url()}?bench=move-user`);
  await page.waitForFunction(() => window.benchReports?.some((r) => r.page === "result"));
  const reports = await page.evaluate(() => window.benchReports);
  assert.deepEqual(
    reports.map((r) => r.page),
    ["start", "result"],
  );
  // When "result" is reported, the result page is there, titled, its heading focused.
  const result = reports[1];
  assert.equal(result.focused, "H1");
  assert.notEqual(result.h1, "What do you want to do?");
  assert.equal(await page.locator("main h1").innerText(), result.h1);
  const title = await page.title();
  assert.ok(title.startsWith(`${result.h1} – `) && title.endsWith(` – ${APP}`), title);
  // Each page of the walk was shown (its code loaded, mounted) before the next.
  const headings = await page.evaluate(() => window.headings);
  assert.equal(headings[0], "What do you want to do?");
  assert.equal(headings[1], "Where is the user's Webex account today?");
  assert.equal(headings.at(-2), "Check your answers");
  assert.equal(headings.at(-1), result.h1);
  assert.deepEqual(errors, []);
  await context.close();
});
