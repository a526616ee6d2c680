// The fake tenant's removals: DemoTelecom+globex lists the users the window set up plus
// 25 more (none pending), DemoTelecom+broken lists 15 of which the 12th makes Webex fail,
// any other enterprise is unknown; what was removed is not listed again. Each removal call is kept (its ids) in
// `window.removeCalls`; while `window.holdRemovals` is true each call waits for
// `window.releaseRemoval()`, so a test can look at the page between two calls.
import { refusal } from "../src/lib/forms.svelte";
import type { DetachTargets, RemovalKind, SubscriberView } from "../src/lib/api";

/** How long one removal call takes when not held. */
const CALL_MS = 50;

const made = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i + 1}` }) as SubscriberView);

type Gate = { removeCalls: string[][]; holdRemovals?: boolean; releaseRemoval: () => void };

export function createRemovalMock(setUp: () => SubscriberView[]) {
  const held: (() => void)[] = [];
  const gate = globalThis as unknown as Gate;
  gate.removeCalls = [];
  gate.releaseRemoval = () => held.shift()?.();
  const removed = new Set<string>();
  return {
    detachTargets: async (_ctx: unknown, enterprise: string): Promise<DetachTargets> => {
      const subscribers =
        enterprise === "DemoTelecom+globex"
          ? [...setUp(), ...made("sim-sub-globex", 25)]
          : enterprise === "DemoTelecom+broken"
            ? made("sim-sub-broken", 15)
            : [];
      return {
        spEnterpriseId: enterprise,
        subscribers: subscribers.filter((s) => !removed.has(s.id)),
        pending: [],
      };
    },
    removeItems: async (_ctx: unknown, _kind: RemovalKind, ids: string[]) => {
      gate.removeCalls.push(ids);
      await new Promise<void>((done) =>
        gate.holdRemovals ? held.push(done) : setTimeout(done, CALL_MS),
      );
      if (ids.includes("sim-sub-broken-12"))
        throw refusal("webex_error", "Webex could not remove sim-sub-broken-12.", "Try again.");
      ids.forEach((id) => removed.add(id));
      return { removed: ids, failed: [] };
    },
  };
}
