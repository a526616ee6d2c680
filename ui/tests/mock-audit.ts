// The fake activity log: a few lines written before the window opened (a failed removal,
// a user checked again and again with one failure among the checks, an action this UI
// has no words for), then a line for each provision and status check the fake backend
// makes, as the engine writes them: oldest first.
import type { AuditFilter, AuditRecord } from "../src/lib/api";

const WHO = "alex.partner@demo-telecom.example";
const START = Date.parse("2026-11-23T09:00:00.000Z");

type Line = Pick<AuditRecord, "action" | "target" | "result"> & Partial<AuditRecord>;

export function createAuditMock() {
  const lines: AuditRecord[] = [];
  let clock = START;

  /** Appends one line, four seconds after the one before. */
  function record(line: Line): void {
    clock += 4000;
    const call = line.method !== undefined;
    lines.push({
      id: lines.length + 1,
      at: new Date(clock).toISOString(),
      who: WHO,
      sessionId: null,
      wizard: null,
      rule: null,
      answers: null,
      method: null,
      path: null,
      httpStatus: null,
      trackingId: null,
      detail: call ? `${line.method} ${line.path}` : "",
      jobId: null,
      ...line,
    });
  }

  const check = (id: string, n: number, result = "ok") =>
    record({
      action: "watch-subscriber-status",
      target: id,
      method: "GET",
      path: `/broadworks/subscribers/${id}`,
      httpStatus: result === "ok" ? 200 : 503,
      trackingId: `ROUTER_W${n}`,
      result: result === "ok" ? "ok" : "failed: HTTP 503",
    });

  record({
    who: "demo",
    action: "sign-in",
    target: null,
    result: "ok",
    detail: "Signed in to the demo tenant",
  });
  record({
    sessionId: "session-1",
    wizard: "detach-org",
    rule: "standard",
    answers: '{"flow":"standard"}',
    action: "remove-workspaces",
    target: "missing-ws",
    method: "DELETE",
    path: "/broadworks/workspaces/missing-ws",
    httpStatus: 404,
    trackingId: "ROUTER_1",
    result: "failed: not_found",
  });
  record({
    action: "provision-subscriber",
    target: "tara.ng@globex.example",
    method: "POST",
    path: "/broadworks/subscribers",
    httpStatus: 200,
    trackingId: "ROUTER_P1",
    result: "ok",
  });
  check("sim-sub-00363", 1);
  check("sim-sub-00363", 2);
  check("sim-sub-00363", 3);
  check("sim-sub-00363", 4, "failed");
  check("sim-sub-00363", 5);
  check("sim-sub-00363", 6);
  record({ action: "mystery-action", target: "thing-1", result: "ok" });

  return {
    /** What the fake backend's provision and status calls write. */
    provisioned: (userId: string) =>
      record({
        action: "provision-subscriber",
        target: userId,
        method: "POST",
        path: "/broadworks/subscribers",
        httpStatus: 200,
        trackingId: `ROUTER_P${lines.length}`,
        result: "ok",
      }),
    checked: (id: string) => check(id, lines.length),
    /** A test's long log: `n` more provisions, as a big bulk job leaves. */
    provisionMany: (n: number) => {
      for (let i = 1; i <= n; i++) {
        record({
          action: "provision-subscriber",
          target: `user${i}@globex.example`,
          method: "POST",
          path: "/broadworks/subscribers",
          httpStatus: 200,
          trackingId: `ROUTER_M${i}`,
          result: "ok",
        });
      }
    },
    auditLog: async (filter: AuditFilter, newest?: number): Promise<AuditRecord[]> => {
      const found = lines.filter(
        (r) =>
          (!filter.failuresOnly || r.result.startsWith("failed")) &&
          (!filter.changesOnly || (r.method !== null && r.method !== "GET")) &&
          filter.text
            .toLowerCase()
            .split(/\s+/)
            .filter(Boolean)
            .every((w) => JSON.stringify(r).toLowerCase().includes(w)),
      );
      return newest === undefined ? found : found.slice(-newest);
    },
  };
}
