// The sign-in page in real headless Chromium, with the backend faked at src/lib/api.ts
// (tests/mock-signin.ts): Webex in the system browser, a personal access token, the
// demo tenant, sign out, and the no-keychain notice. axe checks every state.
import { test } from "node:test";
import assert from "node:assert/strict";
import { uiForThisFile, axeViolations, focusedTag, screenshot } from "./support.mjs";
import { waitForHeading, APP } from "./support.mjs";

const ui = uiForThisFile();

/** Presses the button and waits for the error summary; resolves to its text. */
async function problemsAfter(page, button) {
  await page.locator(button).click();
  const summary = page.locator("#error-summary");
  await summary.waitFor();
  return summary.innerText();
}

/** A new window on the sign-in page; `search` plays the machine (`?keychain=none`). */
async function openSignIn(search = "") {
  const opened = await ui.open();
  const { page } = opened;
  if (search) {
    await page.goto(`${page.url()}${search}`);
    await waitForHeading(page, "What do you want to do?");
  }
  await page.getByRole("button", { name: "Sign in" }).click();
  await waitForHeading(page, "Sign in");
  return opened;
}

test("the sign-in page offers Webex, a personal access token and the demo tenant", async () => {
  const { page, errors, context } = await openSignIn();
  assert.equal(await page.title(), `Sign in – ${APP}`);
  assert.equal(await focusedTag(page), "H1");
  assert.match(await page.locator("#signed-in").innerText(), /demo tenant/);
  for (const name of ["Sign in with Webex", "Use a personal access token", "Use the demo tenant"]) {
    await page.getByRole("heading", { level: 2, name }).waitFor();
  }
  // The demo tenant is marked in the header on this page too.
  assert.match(await page.locator(".where").innerText(), /Demo tenant/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "sign-in");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a personal access token signs in; a wrong one is shown as a problem and cleared", async () => {
  const { page, errors, context } = await openSignIn();
  const problems = await problemsAfter(page, "#sign-in-token");
  assert.equal(await page.title(), `Error: Sign in – ${APP}`);
  assert.match(problems, /Paste your personal access token/);

  await page.getByLabel("Personal access token").fill("wrong-token");
  await page.locator("#sign-in-token").click();
  await page.locator("#token-error").waitFor();
  assert.match(await page.locator("#token-error").innerText(), /valid access token/);
  assert.equal(await page.getByLabel("Personal access token").inputValue(), "");
  assert.deepEqual(await axeViolations(page), [], "error state");
  await screenshot(page, "sign-in-token-error");

  await page.getByLabel("Personal access token").fill("good-token");
  await page.locator("#sign-in-token").click();
  await waitForHeading(page, "What do you want to do?");
  const banner = await page.locator(".where").innerText();
  assert.match(banner, /Signed in as Pat Partner/);
  assert.match(banner, /Partner Telecom/);
  assert.doesNotMatch(banner, /Demo tenant/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("Webex sign-in waits for the browser, can be cancelled, and then signs in", async () => {
  const { page, errors, context } = await openSignIn();
  // Validate on submit only: both fields are named.
  const summary = await problemsAfter(page, "#sign-in-webex");
  assert.match(summary, /client id/);
  assert.match(summary, /client secret/);

  await page.getByLabel("Client id of your Webex integration").fill("C123");
  await page.getByLabel("Client secret of your Webex integration").fill("s3cret");
  await page.locator("#sign-in-webex").click();
  await waitForHeading(page, "Finish signing in in your browser");
  assert.deepEqual(await axeViolations(page), [], "waiting page");
  await page.getByRole("button", { name: "Cancel" }).click();
  await waitForHeading(page, "Sign in");
  // The secret is kept from last time: not asked again.
  assert.equal(await page.locator("#client-secret").count(), 0);

  await page.locator("#sign-in-webex").click();
  await waitForHeading(page, "Finish signing in in your browser");
  await page.evaluate(() => window.completeWebexSignIn());
  await waitForHeading(page, "What do you want to do?");
  assert.match(await page.locator(".where").innerText(), /Signed in as Pat Partner/);

  // Sign out from the sign-in page: not signed in, the demo button still there.
  await page.getByRole("button", { name: "Sign out or switch" }).click();
  await waitForHeading(page, "Sign in");
  await page.locator("#sign-out").click();
  await page.getByText("You are not signed in. Choose how to sign in.").waitFor();
  assert.match(await page.locator(".where").innerText(), /Not signed in/);
  await page.locator("#use-demo").click();
  await waitForHeading(page, "What do you want to do?");
  assert.match(await page.locator(".where").innerText(), /Demo tenant/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("leaving the page while it waits for the browser cancels the sign-in", async () => {
  const { page, errors, context } = await openSignIn();
  await page.getByLabel("Client id of your Webex integration").fill("C123");
  await page.getByLabel("Client secret of your Webex integration").fill("s3cret");
  await page.locator("#sign-in-webex").click();
  await waitForHeading(page, "Finish signing in in your browser");
  await page.getByRole("button", { name: "About", exact: true }).click();
  await waitForHeading(page, "About this app");
  // The wait ended with the page: the browser coming back finds nothing to finish.
  await page.waitForFunction(() => window.completeWebexSignIn === undefined);
  assert.equal(await page.title(), `About this app – ${APP}`);
  assert.equal(await focusedTag(page), "H1");
  assert.match(await page.locator(".where").innerText(), /Demo tenant/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a declined Webex sign-in is shown with what to do next", async () => {
  const { page, context } = await openSignIn();
  await page.getByLabel("Client id of your Webex integration").fill("declines");
  await page.getByLabel("Client secret of your Webex integration").fill("x");
  await page.locator("#sign-in-webex").click();
  await waitForHeading(page, "Finish signing in in your browser");
  await page.evaluate(() => window.completeWebexSignIn());
  await page.locator("#error-summary").waitFor();
  assert.match(await page.locator("#error-summary").innerText(), /did not sign you in/);
  assert.match(await page.locator("main").innerText(), /accept the access the app asks for/);
  await context.close();
});

test("without a keychain the page says so in one plain sentence", async () => {
  const { page, context } = await openSignIn("?keychain=none");
  const notice = page.locator("#keychain-notice");
  assert.equal(await notice.getAttribute("data-code"), "keychain_unavailable");
  assert.match(await notice.innerText(), /^No keychain is available on this computer/);
  assert.doesNotMatch(
    await page.locator("main").innerText(),
    /kept in this computer's keychain/,
    "the page does not promise a keychain",
  );
  await page.getByLabel("Personal access token").fill("good-token");
  await page.locator("#sign-in-token").click();
  await waitForHeading(page, "What do you want to do?");
  assert.match(await page.locator(".where").innerText(), /no keychain/);
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});
