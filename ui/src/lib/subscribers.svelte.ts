// Tells every panel that shows a session's subscribers that they changed: the provision
// and follow panels and the trainer's actions announce it, and the watching panels read
// the subscribers again. One typed, shared value instead of a `window` event. The
// panels of a session share one watch of its subscribers (`sessionSubscribers`).
import { api } from "./api";
import type { ActionContext, ProvisionForm, SubscriberView } from "./bindings";

class SubscriberChanges {
  /** Goes up by one with each change: read it in an effect to follow the changes. */
  count = $state(0);

  announce(): void {
    this.count += 1;
  }
}

export const subscriberChanges = new SubscriberChanges();

/** Something a session's panels did or read may prove one of its steps (an action
 * that worked, a status Webex reported that had not been seen): its result page reads
 * the session again, so the steps and the progress line follow what really happened. */
class StepEvidenceSeen {
  /** Goes up by one each time: read it in an effect. */
  count = $state(0);

  seen(): void {
    this.count += 1;
  }
}

export const evidenceSeen = new StepEvidenceSeen();

/** A user as the forms that name one take it: the trainer's "End user's screen". */
export type KnownUser = { spEnterpriseId: string; userId: string; email: string };

/**
 * What this window learned while it is open, so its forms need not ask it twice: by
 * wizard session, the user last checked with Webex (as the form held them) and the
 * customer's enterprise a look-up found; and the user provisioned last. Forms fill
 * only what the person has not typed (`Prefill`, forms.svelte.ts).
 */
class KnownThisRun {
  /** By wizard session: the user of the last check with Webex ("precheck"). */
  checked = $state<Record<string, ProvisionForm>>({});
  /** By wizard session: the customer's BroadWorks enterprise id a look-up found. */
  enterprise = $state<Record<string, string>>({});
  /** The user provisioned last, from any session. */
  provisioned = $state<KnownUser | null>(null);
}

export const known = new KnownThisRun();

/** The names of the subscribers this window has shown, by Webex id: the activity log
 * names "Tara Ng" where its line only has the id Webex gave her. The most recent
 * `NAMES_KEPT` only, so a window open all day does not grow with every user it saw
 * (a line beyond them says "a user", as for one this window never showed). */
const names = new Map<string, string>();
const NAMES_KEPT = 1000;

export function rememberSubscribers(views: SubscriberView[]): void {
  for (const s of views) {
    // Seen again: it becomes the most recent (a Map keeps the order of insertion).
    names.delete(s.id);
    names.set(s.id, s.name || s.userId);
  }
  for (const id of names.keys()) {
    if (names.size <= NAMES_KEPT) break;
    names.delete(id);
  }
}

export function subscriberName(id: string): string | undefined {
  return names.get(id);
}

/** How often a session's subscribers are read while someone else still has to act. */
const POLL_MS = 4000;

/**
 * The subscribers of one session and where each stands, read for every panel that shows
 * them: one read a subscriber however many panels are open (a read asked for while one
 * is under way joins it), and one paced poll while anyone still has to act.
 */
export class SessionSubscribers {
  views = $state<SubscriberView[]>([]);
  /** The last read's failure, for the panels to show; cleared by a read that works. */
  failure = $state<unknown>(null);
  /** Who shows them (panels and the result page), and who of those polls (panels). */
  #holders = 0;
  #pollers = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #reading: Promise<void> | null = null;
  /** The statuses of the last read, to tell a new one. */
  #statuses = "";

  constructor(
    readonly sessionId: string,
    readonly ctx: ActionContext,
  ) {}

  /** Reads them again (or joins the read under way). */
  refresh(): Promise<void> {
    this.#reading ??= this.#read().finally(() => (this.#reading = null));
    return this.#reading;
  }

  async #read(): Promise<void> {
    try {
      const ids = await api.sessionSubscribers(this.sessionId);
      this.views = await Promise.all(ids.map((id) => api.subscriberStatus(this.ctx, id)));
      rememberSubscribers(this.views);
      this.failure = null;
      const statuses = this.views.map((v) => `${v.id}:${v.state.status}`).join(" ");
      if (statuses !== this.#statuses) evidenceSeen.seen();
      this.#statuses = statuses;
    } catch (e) {
      this.failure = e;
      throw e;
    }
  }

  /**
   * A panel (`poll`) or a page that only reads them starts showing them; call what it
   * returns when it goes. When the last one goes, the poll stops and the watch is
   * forgotten: nothing of it outlives the page.
   */
  join(poll = true): () => void {
    this.#holders += 1;
    if (poll && this.#pollers++ === 0) {
      this.#timer = setInterval(() => {
        if (this.views.some((w) => !w.state.finished)) void this.refresh().catch(() => {});
      }, POLL_MS);
    }
    let gone = false;
    return () => {
      if (gone) return;
      gone = true;
      if (poll && --this.#pollers === 0) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
      if (--this.#holders === 0 && watched.get(this.sessionId) === this) {
        watched.delete(this.sessionId);
      }
    };
  }
}

const watched = new Map<string, SessionSubscribers>();

/** The one shared watch of a session's subscribers; `join` it while it is shown. */
export function sessionSubscribers(sessionId: string, ctx: ActionContext): SessionSubscribers {
  let watch = watched.get(sessionId);
  if (!watch) {
    watch = new SessionSubscribers(sessionId, ctx);
    watched.set(sessionId, watch);
  }
  return watch;
}
