// Starts Vite on the UI with the test harness page, and Debian's Chromium through
// playwright-core (no browser download). axe-core checks WCAG 2.2 A/AA.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createServer } from "vite";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const axePath = require.resolve("axe-core/axe.min.js");

export async function startUi() {
  const server = await createServer({
    root,
    logLevel: "error",
    server: { port: 0, strictPort: false, host: "127.0.0.1" },
  });
  await server.listen();
  const base = `http://127.0.0.1:${server.httpServer.address().port}`;
  const browser = await chromium.launch({
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
  return {
    async open(colorScheme = "light") {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${base}/tests/harness.html`);
      await page.getByRole("heading", { level: 1, name: "What do you want to do?" }).waitFor();
      return { page, errors, context };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export async function axeViolations(page) {
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
