// Work a page started that can outlast it (a bulk job runs for minutes; a sign-in waits
// for the browser): once the page is left, what comes later goes nowhere, and keeps
// nothing of the page in memory.
import { onDestroy } from "svelte";

/** What `until` answers when the page was left first. */
export const LEFT = Symbol("left");

export interface WhileShown {
  /** True once the page is left. */
  readonly left: boolean;
  /** `work`'s answer, or `LEFT` as soon as the page is left (`work` goes on). */
  until<T>(work: Promise<T>): Promise<T | typeof LEFT>;
  /** A callback that calls `handler` while the page is shown, and nothing after. */
  forward<T>(handler: (value: T) => void): (value: T) => void;
}

/** Call while the page is set up: its `onDestroy` ends what it started. */
export function whileShown(): WhileShown {
  let left = false;
  let leave = () => {};
  const leaving = new Promise<typeof LEFT>((resolve) => (leave = () => resolve(LEFT)));
  const forwards: { to: ((value: never) => void) | null }[] = [];
  onDestroy(() => {
    left = true;
    leave();
    for (const f of forwards) f.to = null;
    forwards.length = 0;
  });
  return {
    get left() {
      return left;
    },
    until: (work) => Promise.race([work, leaving]),
    forward<T>(handler: (value: T) => void) {
      const f: { to: ((value: T) => void) | null } = { to: handler };
      if (left) f.to = null;
      else forwards.push(f);
      return (value: T) => f.to?.(value);
    },
  };
}
