// The board part of the fake backend: one customer, DemoTelecom+globex, with 8 users —
// one moved, four waiting to agree to the move (5, 4 and 4 days, one of them sent the
// email again today, and one for less than a day), one who has not entered their email,
// and two failed (one that a new try can get past). Refreshes, jobs and saved reports
// are recorded in `state` (window.board in the tests).
import { refusal } from "../src/lib/forms.svelte";
import type { Backend, BoardEntry, BoardJobView, BoardView } from "../src/lib/api";

type BoardPart = Pick<
  Backend,
  | "boardList"
  | "boardView"
  | "boardRefresh"
  | "boardChaseCandidates"
  | "boardRetryCandidates"
  | "boardStartJob"
  | "boardResumeJob"
  | "boardExportReport"
>;

const GLOBEX = "DemoTelecom+globex";
const NOW = Date.UTC(2026, 10, 27, 9, 0, 0);
const ago = (days: number) => new Date(NOW - days * 86_400_000).toISOString();

const WORDS: Record<string, [string, string | null]> = {
  provisioned: ["set up in Webex for BroadWorks", null],
  pending_user_migration: ["waiting for the user to agree to the move", "end_user"],
  pending_email_input: ["waiting for the user to enter their email", "end_user"],
  error: ["failed", "partner_admin"],
};

function entry(n: number, name: string, status: string, days: number, extra = {}): BoardEntry {
  const [words, waitingOn] = WORDS[status];
  return {
    subscriberId: `sub-b${n}`,
    userId: `user${n}@bw.example`,
    name,
    email: `${name.split(" ")[0].toLowerCase()}@globex.example`,
    status,
    statusWords: words,
    since: ago(days),
    daysInStatus: days,
    waitingOn,
    nextStep:
      status === "provisioned"
        ? "Done: the user has Webex for BroadWorks."
        : "Waiting for the user: they must open the email from Webex and click Activate Account.",
    problem: null,
    startedBy: n === 1 ? { kind: "session", id: "session-9", label: "move-user" } : null,
    lastChased: null,
    canChase: status === "pending_user_migration",
    canRetry: false,
    ...extra,
  };
}

const explained = (message: string, hint: string) => ({
  code: "webex_error" as const,
  message,
  hint,
  details: "",
  waitingOn: null,
  text: "",
});

function users(): BoardEntry[] {
  return [
    entry(1, "Ada Lovelace", "provisioned", 3),
    entry(2, "Bo Chen", "pending_user_migration", 5),
    entry(3, "Cy Diaz", "pending_user_migration", 4),
    entry(4, "Di Evans", "pending_user_migration", 4, {
      lastChased: ago(0.2),
      canChase: false,
    }),
    entry(5, "Ed Fox", "pending_user_migration", 0.5),
    entry(6, "Flo Gray", "pending_email_input", 2),
    entry(7, "Gus Hill", "error", 1, {
      canRetry: true,
      problem: explained(
        "The customer had not approved you as an external Full Administrator.",
        "Once they have, try again.",
      ),
    }),
    entry(8, "Hal Ives", "error", 1, {
      problem: explained("The email is used by another Webex organization.", "Use another email."),
    }),
  ];
}

export function createBoardMock() {
  const state = {
    refreshes: 0,
    jobs: [] as { kind: string; ids: string[] }[],
    reports: [] as { format: string; outDir: string | null }[],
    /** Set by a test: the board lists a chase left unfinished. */
    unfinished: false,
  };
  let refreshed: string | null = null;
  let entries = users();

  const job = (kind: BoardJobView["kind"], ids: string[], pending = 0): BoardJobView => ({
    id: `board-job-${state.jobs.length}`,
    kind,
    status: pending ? "paused" : "completed",
    total: ids.length + pending,
    sent: kind === "retry-failed" ? 0 : ids.length,
    failed: kind === "retry-failed" ? ids.length : 0,
    skipped: 0,
    unsure: 0,
    pending,
    problems:
      kind === "retry-failed"
        ? ids.map((id) => `${id}: the customer has still not approved you`)
        : [],
  });

  function view(enterprise: string): BoardView {
    if (enterprise !== GLOBEX) {
      return {
        spEnterpriseId: enterprise,
        refreshed:
          refreshed === null
            ? null
            : {
                at: refreshed,
                webexNow: refreshed,
                requests: 1,
                full: true,
              },
        total: 0,
        startedHere: 0,
        counts: [],
        waitingOn: [],
        entries: [],
        jobs: [],
      };
    }
    const count = <K extends string>(key: (e: BoardEntry) => K | null) => {
      const m = new Map<K, number>();
      for (const e of entries) {
        const k = key(e);
        if (k) m.set(k, (m.get(k) ?? 0) + 1);
      }
      return m;
    };
    const labels: Record<string, string> = {
      end_user: "The user",
      partner_admin: "You",
    };
    return {
      spEnterpriseId: GLOBEX,
      refreshed:
        refreshed === null
          ? null
          : {
              at: refreshed,
              webexNow: new Date(NOW).toISOString(),
              requests: state.refreshes === 1 ? 2 : 1,
              full: state.refreshes === 1,
            },
      total: entries.length,
      startedHere: entries.filter((e) => e.startedBy).length,
      counts: [...count((e) => e.status)].map(([status, n]) => ({
        status,
        words: WORDS[status][0],
        count: n,
      })),
      waitingOn: [...count((e) => e.waitingOn)].map(([actor, n]) => ({
        actor,
        label: labels[actor],
        count: n,
      })),
      entries: refreshed ? entries : [],
      jobs: state.unfinished ? [job("chase-consent", ["sub-b2"], 2)] : [],
    };
  }

  const chaseable = (days: number) =>
    entries.filter((e) => e.canChase && (e.daysInStatus ?? 0) >= days);

  const part: BoardPart = {
    boardList: async () => [
      {
        spEnterpriseId: GLOBEX,
        total: 8,
        done: 1,
        waiting: 5,
        failed: 2,
        refreshedAt: refreshed,
      },
    ],
    boardView: async (enterprise) => view(enterprise),
    boardRefresh: async (enterprise) => {
      if (!enterprise.trim()) throw refusal("invalid_form", "Enter the enterprise", "");
      state.refreshes += 1;
      refreshed = new Date(Date.now() - 120_000).toISOString();
      return view(enterprise);
    },
    boardChaseCandidates: async (_enterprise, days) => chaseable(days),
    boardRetryCandidates: async () => entries.filter((e) => e.canRetry),
    boardStartJob: async (_enterprise, kind, ids) => {
      state.jobs.push({ kind, ids });
      if (kind === "chase-consent") {
        entries = entries.map((e) =>
          ids.includes(e.subscriberId)
            ? { ...e, canChase: false, lastChased: new Date(NOW).toISOString() }
            : e,
        );
      }
      return job(kind, ids);
    },
    boardResumeJob: async () => {
      state.unfinished = false;
      state.jobs.push({ kind: "resume", ids: [] });
      return job("chase-consent", ["sub-b2", "sub-b3", "sub-b5"]);
    },
    boardExportReport: async (enterprise, format, outDir) => {
      state.reports.push({ format, outDir });
      return `/home/demo/Downloads/webex-migration-${enterprise.replace("+", "-")}.${format}`;
    },
  };
  return { part, state };
}
