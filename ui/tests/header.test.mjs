// The app's header in real headless Chromium, with the backend faked at src/lib/api.ts:
// one row at the default 1024×768 and at 1280×800, the same height while "Connecting…"
// and once the demo badge shows (the page does not jump), and on a 480×480 window a
// compact header with its links behind Menu. axe checks each.
import { test } from "node:test";
import assert from "node:assert/strict";
import { uiForThisFile, axeViolations, screenshot, waitForHeading } from "./support.mjs";

const ui = uiForThisFile();

/** The header's height, and where the page's h1 starts. */
const measure = (page) =>
  page.evaluate(() => ({
    header: document.querySelector("header").getBoundingClientRect().height,
    h1: document.querySelector("main h1").getBoundingClientRect().top,
  }));

/** How many rows the header's parts (product, where, Menu or links) take. */
const headerRows = (page) =>
  page.evaluate(() => {
    const parts = [...document.querySelectorAll("header .product, header .where, header > *")]
      .filter((e) => !e.matches(".skip-link") && getComputedStyle(e).display !== "none")
      .map((e) => {
        const b = e.getBoundingClientRect();
        return { top: b.top, bottom: b.bottom };
      })
      .sort((a, b) => a.top - b.top);
    let rows = 1;
    for (let i = 1; i < parts.length; i++) if (parts[i].top >= parts[i - 1].bottom) rows++;
    return rows;
  });

/** A window still connecting: the fake backend answers when the test says so. */
async function openConnecting(width, height) {
  const opened = await ui.open();
  const { page } = opened;
  await page.setViewportSize({ width, height });
  await page.goto(`${page.url()}?connect=hold`);
  await waitForHeading(page, "What do you want to do?");
  await page.locator(".where").getByText("Connecting…").waitFor();
  return opened;
}

for (const [width, height] of [
  [1024, 768],
  [1280, 800],
  [480, 480],
]) {
  test(`at ${width}×${height} the header keeps its height when "Connecting…" becomes the demo badge`, async () => {
    const { page, context, errors } = await openConnecting(width, height);
    const before = await measure(page);
    if (width === 1024) await screenshot(page, "header-connecting");
    await page.evaluate(() => window.connectNow());
    await page.locator(".where").getByText("Demo tenant").waitFor();
    // The demo's own link is there too (the header's widest moment).
    if (width >= 1024) await page.locator("#show-trainer").waitFor();
    const after = await measure(page);
    assert.equal(after.header, before.header, "the header's height");
    assert.equal(after.h1, before.h1, "the page does not move");
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("at 1024×768 and 1280×800 the header is one row, with every link in view", async () => {
  const { page, context } = await ui.open();
  for (const [width, height] of [
    [1024, 768],
    [1280, 800],
  ]) {
    await page.setViewportSize({ width, height });
    await page.locator("#show-trainer").waitFor();
    assert.equal(await headerRows(page), 1, `one row at ${width}`);
    const { header } = await measure(page);
    assert.ok(header < 70, `the header is ${header} px high at ${width}`);
    assert.equal(await page.locator("#menu-toggle").isVisible(), false);
    for (const name of ["Sign in", "Activity log", "End user's screen", "Larger text", "About"]) {
      assert.ok(await page.getByRole("button", { name, exact: true }).isVisible(), name);
    }
    // Nothing is wider than the window.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
    assert.deepEqual(await axeViolations(page), [], `start page at ${width}`);
    await screenshot(page, `header-${width}`);
  }
  // Larger text: the links may take a second row, but stay in view where they were.
  await page.setViewportSize({ width: 1024, height: 768 });
  const larger = page.getByRole("button", { name: "Larger text" });
  await larger.click();
  assert.equal(await larger.getAttribute("aria-pressed"), "true");
  assert.ok(await larger.isVisible());
  assert.ok((await headerRows(page)) <= 2, "at most two rows with larger text");
  assert.deepEqual(await axeViolations(page), [], "start page at 1024, larger text");
  await screenshot(page, "header-1024-larger");
  await context.close();
});

test("at 480×480 the header is compact, its links behind Menu, and the first choice shows", async () => {
  const { page, context } = await ui.open();
  await page.setViewportSize({ width: 480, height: 480 });
  const menu = page.getByRole("button", { name: "Menu" });
  assert.equal(await menu.getAttribute("aria-expanded"), "false");
  assert.equal(await page.getByRole("button", { name: "Activity log" }).isVisible(), false);
  for (const larger of [false, true]) {
    const { header } = await measure(page);
    assert.ok(header < 0.3 * 480, `larger text ${larger}: the header is ${header} px high`);
    const choice = await page.locator("main .choice").first().boundingBox();
    assert.ok(choice.y < 480, `larger text ${larger}: the first choice starts at ${choice.y}`);
    assert.deepEqual(await axeViolations(page), [], `480×480, larger text ${larger}`);
    await screenshot(page, `header-480${larger ? "-larger" : ""}`);
    if (!larger) {
      await menu.click();
      assert.equal(await menu.getAttribute("aria-expanded"), "true");
      await page.getByRole("button", { name: "Larger text" }).click();
      // Choosing closes the menu.
      assert.equal(await menu.getAttribute("aria-expanded"), "false");
    }
  }
  await context.close();
});
