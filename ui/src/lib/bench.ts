// For `cargo xtask bench` only: tells the backend once that the start page is
// interactive (the bench times it), and when the backend answers with a wizard, walks
// it — the first answer to each question — and reports the result page too.
import { tick } from "svelte";
import { api, type SessionView } from "./api";
import type { Page } from "./nav";

/** What the bench needs of the app: its navigation and its session. */
export interface BenchHost {
  pageChanged(title: string): Promise<void>;
  attempt(work: () => Promise<void>): Promise<void>;
  go(page: Page): void;
  setSession(session: SessionView): void;
}

/** The start and result pages' `onshown`, with the bench's reports added. */
export function benchHooks(app: BenchHost) {
  let readySent = false;
  let walking = false;

  async function walk(wizard: string) {
    let s = await api.startSession(wizard);
    app.setSession(s);
    for (let id = s.decision.pending[0]; id; id = s.decision.pending[0]) {
      app.go({ page: "question", input: id, changing: false });
      await tick();
      const first = s.wizard.inputs.find((i) => i.id === id)?.answers[0];
      if (!first) break;
      s = await api.answerQuestion(s.id, id, first.value);
      app.setSession(s);
    }
    app.go({ page: "check" });
    await tick();
    app.go({ page: "result" });
  }

  return {
    async startShown(title: string) {
      await app.pageChanged(title);
      if (readySent) return;
      readySent = true;
      const wizard = await api.uiReady("start").catch(() => null);
      if (!wizard) return;
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
