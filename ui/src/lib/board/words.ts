// The board's words: who acts, in the order a partner reads them, and a user's line.
import type { BoardEntry, BoardJobView } from "../bindings";
import { days } from "../time";

/** Actors in the order the counts list them: you first, Webex last. */
export const ACTOR_ORDER = ["partner_admin", "end_user", "customer_admin", "webex"];

/** Where an entry sorts: problems first, then the longest waiting, the done last. */
export function byUrgency(a: BoardEntry, b: BoardEntry): number {
  const rank = (e: BoardEntry) => (e.status === "error" ? 0 : e.waitingOn ? 1 : 2);
  return rank(a) - rank(b) || (b.daysInStatus ?? 0) - (a.daysInStatus ?? 0);
}

/** "waiting for the user to agree to the move, for 4 days". */
export function statusLine(e: BoardEntry): string {
  if (e.daysInStatus === null || e.status === "provisioned") return e.statusWords;
  return `${e.statusWords}, for ${days(e.daysInStatus)}`;
}

/** "1 user" / "4 users". */
export function users(n: number): string {
  return `${n} ${n === 1 ? "user" : "users"}`;
}

/** A job not finished: the app stopped while it ran, or it paused for a sign-in. */
export function unfinished(job: BoardJobView): boolean {
  return job.pending > 0;
}

/** What a job is, in words: "Consent email sent again to 4 users", "Trying the failed again: 2 users". */
export function jobWhat(job: BoardJobView): string {
  const finished = job.pending === 0;
  if (job.kind === "chase-consent") {
    return `${finished ? "Consent email sent again" : "Sending the consent email again"} to ${users(job.total)}`;
  }
  return `${finished ? "Tried again" : "Trying again"}: ${users(job.total)} who had failed`;
}

/** A sentence's first letter in capitals: "Waiting for the user…". */
export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
