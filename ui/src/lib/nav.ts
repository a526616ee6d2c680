// Where a wizard session goes next, from what the engine decided.
import type { SessionView } from "./bindings";

export type Page =
  | { page: "start" }
  | { page: "signin" }
  /** `back`: the page the person came from, where its "Back" returns. */
  | { page: "audit"; back: Page }
  | { page: "about"; back: Page }
  | { page: "bulk" }
  /** A customer's migration board (`enterprise`: none yet, the page asks which). */
  | { page: "board"; enterprise: string | null; back: Page }
  | { page: "question"; input: string; changing: boolean }
  | { page: "unsure"; input: string; changing: boolean }
  | { page: "check" }
  | { page: "result" }
  | { page: "messenger-notices" }
  | { page: "delete"; id: string; title: string };

/** What a page gets from the app: a way back, and `onshown` to call with its title once
 * it shows (the app then sets the window title and moves focus to the page's h1). */
export type PageProps = { onback: () => void; onshown: (title: string) => void };

/** A page opened from the header (the activity log, About) remembers the page under it,
 * so its "Back" returns there; opened from another header page, it keeps that one's. */
export function openedFrom(current: Page): Page {
  return current.page === "audit" || current.page === "about" ? current.back : current;
}

/** Where "Back" goes on a page of stages: the stage before `stage` in `order`, or null
 * when Back leaves the page (from the first stage, or one not in `order`). */
export function stageBefore<S extends string>(order: readonly S[], stage: S): S | null {
  const at = order.indexOf(stage);
  return at > 0 ? order[at - 1] : null;
}

/** After an answer (or on resume): the next question that matters, else check answers. */
export function nextPage(session: SessionView, changing: boolean): Page {
  const next = session.decision.pending[0];
  if (next) return { page: "question", input: next, changing };
  return { page: "check" };
}

/** Where "Back" goes from a question: the question answered before it, or the start. */
export function previousPage(session: SessionView, input: string, changing: boolean): Page {
  if (changing) return { page: "check" };
  const answered = session.wizard.inputs
    .map((i) => i.id)
    .filter((id) => id in session.decision.answers && id !== input);
  const order = session.wizard.inputs.map((i) => i.id);
  const before = answered.filter((id) => order.indexOf(id) < order.indexOf(input));
  const last = before[before.length - 1];
  return last ? { page: "question", input: last, changing: false } : { page: "start" };
}

/** The label of the answer given to an input, if any. */
export function answerLabel(session: SessionView, inputId: string): string | undefined {
  const input = session.wizard.inputs.find((i) => i.id === inputId);
  const value = session.decision.answers[inputId];
  return input?.answers.find((a) => a.value === value)?.label;
}
