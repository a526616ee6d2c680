// One action at a time, and its failure in words: a second click while the first is
// under way sends nothing. One that worked may prove a step (`evidenceSeen`).
import { explain } from "../forms.svelte";
import type { ApiError } from "../bindings";
import { evidenceSeen } from "../subscribers.svelte";

export class ActionRun {
  busy = $state(false);
  problem = $state<ApiError | null>(null);

  async run(work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.problem = null;
    this.busy = true;
    try {
      await work();
      // What worked (a precheck, a provision, a check) may prove a step.
      evidenceSeen.seen();
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  fail(e: unknown): void {
    this.problem = explain(e);
  }
}
