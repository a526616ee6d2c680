// For `cargo xtask bench` only: tells the backend once that the start page is
// interactive (the bench times it), and when the backend answers with a wizard, walks
// it — the first answer to each question — and reports the result page too. Each page's
// code is loaded the first time it opens, so the walk waits on every page until it has
// shown itself (mounted, titled, its heading focused), as a person would.
import { api, type SessionView } from "./api";
import type { Page } from "./nav";

/** What the bench needs of the app: its navigation and its session. */
export interface BenchHost {
  pageChanged(title: string): Promise<void>;
  attempt(work: () => Promise<void>): Promise<void>;
  go(page: Page): void;
  setSession(session: SessionView): void;
}

// The bulk walk (`WXM_BENCH_WALK=bulk`): the Bulk page driven as a person drives it — the
// file (preset by the bench in WXM_CHOOSE_FILE, as the end-to-end tests preset it), the
// answers, the plan, the confirmation — then the job watched on that page to its end, and
// back to the start page. The bench measures the app's memory before and after.
const BULK_ENTERPRISE = "DemoTelecom+globex";
const BULK_TEMPLATE = "sim-tmpl-trusted";

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits (up to `seconds`) for an element of `selector` whose text matches `text`. */
async function element(selector: string, text: string | RegExp, seconds: number) {
  const until = Date.now() + seconds * 1000;
  const matches = (t: string) => (typeof text === "string" ? t === text : text.test(t));
  for (;;) {
    const found = [...document.querySelectorAll<HTMLElement>(selector)].find((e) =>
      matches(e.textContent?.trim() ?? ""),
    );
    if (found) return found;
    if (Date.now() > until) throw new Error(`bench: no ${selector} "${text}" after ${seconds} s`);
    await sleep(100);
  }
}

async function fill(label: string, value: string) {
  const l = (await element("main label", label, 10)) as HTMLLabelElement;
  const input = document.getElementById(l.htmlFor) as HTMLInputElement | null;
  if (!input) throw new Error(`bench: no field for "${label}"`);
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

async function bulkWalk(app: BenchHost, leaving: () => void) {
  // The bench measures the idle start page first, then says go.
  const until = Date.now() + 60_000;
  while ((await api.uiReady("bulk-wait")) !== "go") {
    if (Date.now() > until) throw new Error("bench: no go from the bench after 60 s");
    await sleep(200);
  }
  app.go({ page: "bulk" });
  (await element("main button", "Choose file", 10)).click();
  // The file is the app's once the button says so (the backend answers a moment later).
  await element("main button", "Choose another file", 30);
  (await element("main label", "Yes, trusted emails", 10)).click();
  await fill("Enterprise, for rows that do not name one (optional)", BULK_ENTERPRISE);
  await fill("Provisioning ID, for rows that do not name one (optional)", BULK_TEMPLATE);
  (await element("main button", "Check the file", 10)).click();
  // Checking 5,000 users takes a while; a refusal of the form stops the walk at once.
  const planned = await Promise.race([
    element("main button", "Continue", 900),
    element(".error-summary, [role=alert]", /./, 900).then(
      () => null,
      () => null,
    ),
  ]);
  if (!planned) throw new Error("bench: the Bulk page refused the form");
  planned.click();
  (await element("main button", /^Provision \d+ users$/, 10)).click();
  // Sent, then followed until Webex has settled every user.
  const back = await element("main button", "Go to the start page", 1800);
  leaving();
  back.click();
}

/** The start and result pages' `onshown`, with the bench's reports added; `shown`, called by
 * the app on every page change. */
export function benchHooks(app: BenchHost) {
  let readySent = false;
  let walking = false;
  let bulkWalked = false;
  /** Lets the walk go on once the page it went to has shown itself. */
  let arrive: (() => void) | null = null;

  /** Goes to `page` and waits until it has shown itself. */
  function visit(page: Page): Promise<void> {
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    app.go(page);
    return arrived;
  }

  async function walk(wizard: string) {
    let s = await api.startSession(wizard);
    app.setSession(s);
    for (let id = s.decision.pending[0]; id; id = s.decision.pending[0]) {
      await visit({ page: "question", input: id, changing: false });
      const first = s.wizard.inputs.find((i) => i.id === id)?.answers[0];
      if (!first) break;
      s = await api.answerQuestion(s.id, id, first.value);
      app.setSession(s);
    }
    await visit({ page: "check" });
    await visit({ page: "result" });
  }

  return {
    /** Every page change, once the page has its title and focus: the walk goes on. */
    shown() {
      const next = arrive;
      arrive = null;
      next?.();
    },
    async startShown(title: string) {
      await app.pageChanged(title);
      if (bulkWalked) {
        // Back on the start page after the bulk job: the bench measures now.
        bulkWalked = false;
        await api.uiReady("bulk-done").catch(() => null);
      }
      if (readySent) return;
      readySent = true;
      const wizard = await api.uiReady("start").catch(() => null);
      if (!wizard) return;
      if (wizard === "bulk") {
        try {
          await bulkWalk(app, () => (bulkWalked = true));
        } catch (e) {
          // Said to the bench at once (it would wait for "bulk-done" otherwise), and shown.
          await api.uiReady("bulk-failed").catch(() => null);
          await app.attempt(() => Promise.reject(e));
        }
        return;
      }
      walking = true;
      await app.attempt(() => walk(wizard));
    },
    async resultShown(title: string) {
      await app.pageChanged(title);
      if (!walking) return;
      walking = false;
      await api.uiReady("result").catch(() => null);
    },
  };
}
