// The UI in real headless Chromium (Debian's), served by Vite, with the backend
// mocked at src/lib/api.ts. Every page type is checked with axe-core (WCAG 2.2 AA).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createServer } from "vite";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const axePath = require.resolve("axe-core/axe.min.js");

let server;
let browser;
let base;

before(async () => {
  server = await createServer({
    root,
    logLevel: "error",
    server: { port: 0, strictPort: false, host: "127.0.0.1" },
  });
  await server.listen();
  const address = server.httpServer.address();
  base = `http://127.0.0.1:${address.port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
      },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  });
}

async function openApp(colorScheme = "light") {
  const context = await browser.newContext({ colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}/tests/harness.html`);
  await page.getByRole("heading", { level: 1, name: "What do you want to do?" }).waitFor();
  return { page, errors, context };
}

test("the start page shows the wizards and the demo tenant, and a keyboard user can open one", async () => {
  const { page, errors, context } = await openApp();
  assert.equal(await page.title(), "What do you want to do? – Webex Migration Wizard");
  assert.match(await page.locator(".where").innerText(), /Demo tenant/);
  assert.match(await page.locator(".where").innerText(), /Alex Partner/);
  const labels = await page.locator("main .choice .label").allInnerTexts();
  assert.deepEqual(labels, [
    "Move a user who already has Webex",
    "Give my partner Full Admin access",
  ]);
  assert.deepEqual(await axeViolations(page), []);

  // Keyboard only: focus starts on the question; Tab reaches the first choice.
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H1");
  await page.keyboard.press("Tab");
  assert.match(
    await page.evaluate(() => document.activeElement?.textContent ?? ""),
    /Move a user who already has Webex/,
  );
  await page.keyboard.press("Enter");
  await page
    .getByRole("heading", { level: 1, name: "Move a user who already has Webex" })
    .waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H1");
  assert.equal(await page.title(), "Move a user who already has Webex – Webex Migration Wizard");
  assert.deepEqual(await axeViolations(page), []);

  await page.getByRole("link", { name: "Back" }).press("Enter");
  await page.getByRole("heading", { level: 1, name: "What do you want to do?" }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("the dark theme is readable too", async () => {
  const { page, context } = await openApp("dark");
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(bg, "rgb(255, 255, 255)");
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});
