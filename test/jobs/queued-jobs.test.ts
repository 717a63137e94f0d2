import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Job } from "../../src/intake/job.ts";
import { createJobRunner } from "../../src/jobs/job-runner.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

// Jobs queued by the release before `Job` was a union by trigger (one flat `GapJob` with optional
// fields), as its builders wrote them to the store: an upgrade finds them queued and must run
// them, each with every field it carried.
const base = { installationId: 7, owner: "acme", repo: "agents", issueNumber: 12 };
const QUEUED: Record<Job["trigger"], Record<string, unknown>> = {
  label: {
    ...{ trigger: "label", deliveryId: "d-label", ...base, actor: "mia" },
    ...{ label: "Capability-Gap", openedWithLabel: true },
    dedupeKey: "opened:101:202:capability-gap:2026-11-23T10:00:00Z",
  },
  command: {
    ...{ trigger: "command", deliveryId: "d-command", ...base, actor: "mia" },
    dedupeKey: "comment:101:303",
    commentBody: "/create-team --dry-run\nTriage Spanish tickets",
    commentCreatedAt: "2026-11-23T10:01:00Z",
  },
  // Queued before comments carried their time.
  approval: {
    ...{ trigger: "approval", deliveryId: "d-approval", ...base, actor: "max" },
    ...{ dedupeKey: "comment:101:304", commentBody: "/approve-team 0123456789ab" },
  },
  control: {
    ...{ trigger: "control", deliveryId: "d-control", ...base, actor: "max" },
    ...{ dedupeKey: "comment:101:305", commentBody: "/team-factory pause" },
    commentCreatedAt: "2026-11-23T10:02:00Z",
  },
  regenerate: {
    ...{ trigger: "regenerate", deliveryId: "d-regenerate", ...base, issueNumber: 13 },
    ...{ actor: "wes", dedupeKey: "comment:101:306", commentBody: "/regenerate" },
    ...{ commentCreatedAt: "2026-11-23T10:03:00Z", onPullRequest: true },
  },
  scan: {
    ...{ trigger: "scan", deliveryId: "scan:acme/agents:skill:sql:2026-11-23:shadow" },
    ...{ shadow: true, ...base, issueNumber: null, actor: "team-factory-scan" },
    scan: {
      ...{ skill: "sql", taskCount: 12, taskIds: ["t1", "t2"], projects: ["Apollo"] },
      ...{ urgency: "high", signals: { total: 6, windowDays: 14 } },
    },
  },
  resume: {
    ...{ trigger: "resume", deliveryId: "resume:d-control:acme/agents:issue:12", ...base },
    ...{ actor: "max", gapKey: "acme/agents:issue:12" },
  },
  labels: {
    ...{ trigger: "labels", deliveryId: "labels:acme/agents:issue:12:14:abc" },
    ...{ dedupeKey: "labels:acme/agents:issue:12:14:abc", ...base, actor: "mia" },
    gapKey: "acme/agents:issue:12",
  },
  "pull-request": {
    ...{ trigger: "pull-request", deliveryId: "pull-request:merged:acme/agents:issue:12:14" },
    ...{ ...base, actor: "max", gapKey: "acme/agents:issue:12" },
    pullRequest: { number: 14, outcome: "merged" },
  },
};

describe("jobs queued by the previous release", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(Object.entries(QUEUED))("a %s job parses with every field it carried", (_, payload) => {
    expect(Job.parse(JSON.parse(JSON.stringify(payload)))).toEqual(payload);
  });

  it("runs each of them from the store, none dropped", async () => {
    for (const payload of Object.values(QUEUED))
      await t.store.enqueueJob({
        deliveryId: String(payload.deliveryId),
        kind: String(payload.trigger),
        payload,
      });
    const ran: Job[] = [];
    const runner = createJobRunner<Job, string, never>({
      store: t.store,
      owner: "upgraded",
      log: { info() {}, warn() {}, error() {} },
      parse: (payload) => Job.safeParse(payload).data ?? null,
      keyOf: (job) => job.deliveryId,
      process: async (job) => {
        ran.push(job);
        return job.trigger;
      },
    });
    await runner.drain();
    await runner.whenIdle();
    expect(ran.map((j) => j.trigger).sort()).toEqual(Object.keys(QUEUED).sort());
    expect(ran.sort((a, b) => a.deliveryId.localeCompare(b.deliveryId))).toEqual(
      Object.values(QUEUED).sort((a, b) =>
        String(a.deliveryId).localeCompare(String(b.deliveryId)),
      ),
    );
    expect(await t.store.listUnfinishedJobs()).toEqual([]);
  });

  it("drops what no trigger names, or a trigger without what it needs", () => {
    expect(Job.safeParse({ ...QUEUED.label, trigger: "nope" }).success).toBe(false);
    const { pullRequest: _, ...noPullRequest } = QUEUED["pull-request"];
    expect(Job.safeParse(noPullRequest).success).toBe(false);
  });
});
