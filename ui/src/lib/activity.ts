// The activity log in plain words: what each audit `action` id the engine records means
// to a person, and repeated checks of the same thing shown once with a count.
import type { AuditRecord } from "./bindings";

type Words = {
  /** The sentence for one line; `t` is the target in the person's words. */
  say: (t: string) => string;
  /** How the target is worded when the record has none, or only an internal id the
   * person never saw (a Webex subscriber id) and no name for it is known. */
  none: string;
  /** The target is an internal Webex id (subscriber, workspace): never the main text. */
  internal?: boolean;
};

/** Every action id the engine records (crates/engine/src: actions, lookups, bulk,
 * messenger, trainer, sign-in), in plain words. */
export const ACTION_WORDS: Record<string, Words> = {
  // One user, from a wizard's result page.
  "precheck-user": { say: (t) => `Checked whether ${t} can be moved`, none: "a user" },
  "provision-subscriber": { say: (t) => `Provisioned ${t}`, none: "a user" },
  "watch-subscriber-status": {
    say: (t) => `Checked ${t}'s status`,
    none: "a user",
    internal: true,
  },
  "resend-consent-email": {
    say: (t) => `Sent the move email again to ${t}`,
    none: "a user",
    internal: true,
  },
  "find-subscriber": { say: (t) => `Looked for ${t} in Webex`, none: "a user" },
  "list-enterprises": {
    say: () => "Listed your customers' enterprises",
    none: "",
  },
  "list-organizations": {
    say: () => "Listed the organizations you manage",
    none: "",
  },
  // Detaching an organization.
  "list-subscribers": {
    say: (t) => `Listed the users and workspaces of ${t}`,
    none: "an enterprise",
  },
  "remove-subscribers": { say: (t) => `Removed ${t}`, none: "a user", internal: true },
  "remove-workspaces": { say: (t) => `Removed ${t}`, none: "a workspace", internal: true },
  // Checks and look-ups that answer a question.
  "verify-full-admin": {
    say: (t) => `Checked who is a Full Administrator of ${t}`,
    none: "an organization",
  },
  "verify-org-attached": {
    say: (t) => `Checked that ${t} is attached to its organization`,
    none: "an enterprise",
  },
  "enterprise-has-org": {
    say: (t) => `Looked up whether ${t} has a Webex organization`,
    none: "an enterprise",
  },
  "partner-full-admin": {
    say: (t) => `Looked up who is a Full Administrator of ${t}`,
    none: "an organization",
  },
  // Moving many users from a file.
  plan: { say: () => "Checked the users of a file before moving them", none: "" },
  precheck: { say: (t) => `Checked whether ${t} can be moved`, none: "a user" },
  "look-up": { say: (t) => `Looked for ${t} in Webex`, none: "a user" },
  run: { say: () => "Started moving the users of a file", none: "" },
  provision: { say: (t) => `Provisioned ${t}`, none: "a user" },
  "status-check": { say: (t) => `Checked the status of ${t}`, none: "the users" },
  pause: { say: () => "Paused moving the users of a file", none: "" },
  cancel: { say: () => "Cancelled moving the users of a file", none: "" },
  "retry-failed": { say: () => "Set the users that failed to be tried again", none: "" },
  finish: { say: () => "Finished moving the users of a file", none: "" },
  // Everything else.
  "messenger-notices": { say: () => "Wrote the Messenger notices", none: "" },
  "sign-in": { say: () => "Signed in", none: "" },
  "sign-out": { say: () => "Signed out", none: "" },
  "demo-control": { say: () => "Changed the demo tenant (trainer)", none: "" },
};

/** Who acted, when it was this app rather than a signed-in person. */
const WHO_WORDS: Record<string, string> = {
  bulk: "This app (moving users from a file)",
  app: "This app",
  trainer: "The trainer",
  demo: "Demo tenant",
};

export function whoWords(who: string): string {
  return WHO_WORDS[who] ?? who;
}

/** The line's action as a sentence; `names` gives the person's name for an internal id
 * when this window has seen it. An unknown action shows its id, never nothing. */
export function actionWords(r: AuditRecord, names?: (id: string) => string | undefined): string {
  const words = ACTION_WORDS[r.action];
  const target = r.target?.trim() || "";
  if (!words) return target ? `${r.action} (${target})` : r.action;
  return words.say(targetWords(words, target, names));
}

function targetWords(
  words: Words,
  target: string,
  names?: (id: string) => string | undefined,
): string {
  if (!target) return words.none;
  if (!words.internal) return target;
  return names?.(target) ?? words.none;
}

/** The result in plain words; the raw result goes under "Details". */
export function resultWords(r: AuditRecord): { text: string; failed: boolean } {
  const failed = r.result.startsWith("failed");
  return { text: failed ? "Failed" : "Done", failed };
}

/** Consecutive lines that say the same thing, shown as one: newest first. */
export type ActivityGroup = {
  key: number;
  /** The lines, newest first; the first one speaks for the group. */
  records: AuditRecord[];
};

/** The log newest first, with consecutive lines of the same action, target, person and
 * result shown as one. A failure is never grouped with a success (the result differs). */
export function groupActivity(oldestFirst: AuditRecord[]): ActivityGroup[] {
  const groups: ActivityGroup[] = [];
  for (const r of [...oldestFirst].reverse()) {
    const last = groups[groups.length - 1]?.records[0];
    if (
      last &&
      last.action === r.action &&
      (last.target ?? "") === (r.target ?? "") &&
      last.result === r.result &&
      last.who === r.who
    ) {
      groups[groups.length - 1].records.push(r);
    } else {
      groups.push({ key: r.id, records: [r] });
    }
  }
  return groups;
}
