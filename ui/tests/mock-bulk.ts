// The fake bulk backend of the UI tests: a plan of 6 users (4 to provision, one blocked,
// one already there) and a run that stops half way until the test lets it go on
// (`window.bulkContinue()`), is paused, or is cancelled.
import { refusal } from "../src/lib/forms.svelte";
import type { Backend, JobPlan, JobProgress, JobStatus, JobSummary } from "../src/lib/api";

const TOTAL = 6;

/** `path`: the path behind a chosen file's id (refused when the id was not given out). */
export function createBulkBackend(path: (file: string) => string) {
  let status: JobStatus = "planned";
  let pauseReason: string | null = null;
  let runningIn: string | null = null;
  let done = 0;
  let release: (() => void) | null = null;
  /** The email trust of each plan asked for, in order. */
  const planned: string[] = [];

  function progress(): JobProgress {
    const left = 4 - done;
    const label =
      status === "running"
        ? "Provisioning"
        : status === "paused"
          ? "Paused"
          : status === "completed_with_problems"
            ? "Completed with problems"
            : status === "planning"
              ? "Checking users"
              : status === "cancelled"
                ? "Cancelled"
                : "Waiting for your confirmation";
    return {
      jobId: "job-1",
      status,
      statusLabel: label,
      total: TOTAL,
      counts: { pending: left, inFlight: 0, done, failedRetryable: 0, failed: 0, skipped: 2 },
      webex: {
        provisioned: Math.max(done - 1, 0),
        stillProvisioning: 0,
        waitingForUser: done ? 1 : 0,
        error: 0,
      },
      ratePerSec: status === "running" ? 2 : 0,
      secondsLeft: status === "running" ? left : null,
      message: `${label}: ${done} of ${TOTAL} users sent, 0 failed.`,
    };
  }

  function summary(): JobSummary {
    const p = progress();
    return {
      id: "job-1",
      file: "/home/demo/users.csv",
      status,
      statusLabel: p.statusLabel,
      emailTrust: "trusted",
      total: TOTAL,
      counts: p.counts,
      createdAt: "2025-01-01T10:00:00Z",
      updatedAt: "2025-01-01T10:05:00Z",
      pauseReason,
      runningIn,
    };
  }

  const plan: JobPlan = {
    jobId: "job-1",
    file: "/home/demo/users.csv",
    status: "planned",
    emailTrust: "trusted",
    rowsRead: 7,
    problems: [
      {
        row: 8,
        column: "email",
        value: "bob@",
        problem: "is not a valid email address; correct it (name@example.com)",
      },
    ],
    groups: [
      {
        id: "provision-new-user",
        title: "New to Webex: provisioned",
        count: 3,
        willRun: true,
        receives: "A welcome email from Webex to set up their account.",
        waitsFor: null,
        wizard: null,
        examples: ["ann@bw.example"],
      },
      {
        id: "move-trusted-email",
        title: "Move the user with trusted email",
        count: 1,
        willRun: true,
        receives: "An email asking them to agree to move their existing Webex account.",
        waitsFor: "The user agrees to the move in that email.",
        wizard: null,
        examples: ["sam@bw.example"],
      },
      {
        id: "customer_approval",
        title: "Needs the customer's approval first",
        count: 1,
        willRun: false,
        receives: null,
        waitsFor: null,
        wizard: "grant-full-admin",
        examples: ["hugo@bw.example"],
      },
    ],
    blockers: [
      {
        id: "customer_approval",
        message: "needs the customer's approval first: 1 enterprise",
        users: 1,
        wizard: "grant-full-admin",
      },
    ],
    firstUsers: [
      { spEnterpriseId: "DemoTelecom+acme", userId: "ann@bw.example", email: "ann@acme.example" },
    ],
    toProvision: 4,
    blocked: 1,
  };

  const backend = {
    bulkPlan: async (file: string, request: { emailTrust: string }) => {
      planned.push(request.emailTrust);
      const chosen = path(file);
      if (!chosen.endsWith(".csv")) {
        throw refusal(
          "bulk_file_unreadable",
          `cannot read the users file ${chosen}: No such file or directory (os error 2)`,
          "Check that the file is still there and that you can open it, then choose it again.",
        );
      }
      return plan;
    },
    bulkRun: async (_jobId: string, onProgress: (p: JobProgress) => void) => {
      if (status === "planning") {
        // As the engine does: a job stopped while checking users finishes its plan.
        status = "planned";
        return summary();
      }
      status = "running";
      pauseReason = null;
      onProgress(progress());
      while (done < 2) {
        await new Promise((r) => setTimeout(r, 30));
        done += 1;
        onProgress(progress());
      }
      await new Promise<void>((r) => (release = r));
      release = null;
      const now = status as JobStatus; // changed by pause or cancel while waiting
      if (now === "paused" || now === "cancelled") return summary();
      done = 4;
      status = "completed_with_problems";
      onProgress(progress());
      return summary();
    },
    bulkProgress: async () => progress(),
    bulkJobPlan: async () => ({ ...plan, status }),
    bulkJobs: async () => [summary()],
    bulkPause: async () => {
      status = "paused";
      release?.();
      return status;
    },
    bulkCancel: async () => {
      status = "cancelled";
      release?.();
      return status;
    },
    bulkRetryFailed: async () => 0,
    /** In the chosen folder (an id the dialog gave out), or Downloads. */
    bulkReport: async (jobId: string, outDir: string | null) =>
      `${outDir === null ? "/home/demo/Downloads" : path(outDir)}/webex-bulk-report-${jobId}.html`,
    bulkJobReport: async () => {
      const row = (n: number, userId: string, waiting: boolean) => ({
        row: n,
        userId,
        spEnterpriseId: "DemoTelecom+acme",
        email: `${userId.split("@")[0]}@acme.example`,
        outcome: waiting ? "Move the user with trusted email" : "New user: provision",
        finalStatus: waiting ? "Waiting for the user" : "Provisioned",
        stillToDo: waiting ? "Agree to move their Webex account, from the email Webex sent." : "",
        waitingForUser: waiting,
        errorCode: "",
        error: "",
        trackingId: "",
      });
      const rows = [row(2, "ann@bw.example", false), row(5, "sam@bw.example", true)];
      return {
        job: summary(),
        rows,
        totals: {
          users: rows.length,
          provisioned: 1,
          waitingForUser: 1,
          stillProvisioning: 0,
          alreadyThere: 0,
          blocked: 0,
          failed: 0,
          notSent: 0,
          rowsRefused: 0,
        },
        problems: [],
      };
    },
  } satisfies Partial<Backend>;
  const letGo = () => release?.();
  /** Puts the job where a test needs it (as another process or a crash left it). */
  const setJob = (job: {
    status: JobStatus;
    pauseReason?: string | null;
    runningIn?: string | null;
  }) => {
    status = job.status;
    pauseReason = job.pauseReason ?? null;
    runningIn = job.runningIn ?? null;
  };
  return { backend, letGo, setJob, planned };
}
