import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Job, Job as JobSchema } from "../../src/intake/job.ts";
import { createJobRunner } from "../../src/jobs/job-runner.ts";
import type { Store } from "../../src/store/store.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

const silent = { info() {}, warn() {}, error() {} };
const job = (deliveryId: string, repo = "app"): Job => ({
  trigger: "label",
  deliveryId,
  installationId: 7,
  owner: "acme",
  repo,
  issueNumber: Number(deliveryId.replace(/\D/g, "")) || 1,
  actor: "alice",
  label: "capability-gap",
});
const submission = (j: Job) => ({
  deliveryId: j.deliveryId,
  kind: j.trigger,
  gapKey: `acme/${j.repo}:issue:${j.issueNumber}`,
  job: j,
});
const common = {
  log: silent,
  parse: (payload: unknown) => JobSchema.safeParse(payload).data ?? null,
  keyOf: (j: Job) => `${j.owner}/${j.repo}`,
};
const ignored = { kind: "ignored", reason: "test" } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("job leases and stored jobs (jobs once ran twice, and a dead replica's jobs waited 600 s)", () => {
  let store: Store;
  let t: TestDatabase;
  // Real time plus jumps the tests make: the store's lease clock.
  let skew = 0;
  beforeAll(async () => {
    t = await openTestDatabase({ now: () => new Date(Date.now() + skew) });
    store = t.store;
  });
  afterAll(async () => {
    await t.close().catch(() => undefined); // the last test closed the store already
  });

  it("claims only what can start now: one repository's backlog stays in the store", async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const runs: string[] = [];
    const runner = createJobRunner({
      store,
      owner: "busy-1",
      ...common,
      process: async (j) => {
        runs.push(j.deliveryId);
        await gate;
        return ignored;
      },
    });
    for (let i = 1; i <= 10; i++) await runner.submit(submission(job(`backlog-${i}`)));
    await sleep(50);
    const held = await store.listUnfinishedJobs();
    // One runs and one waits behind it (its lease renewed); eight are left to any replica.
    expect(held.filter((j) => j.status === "running")).toHaveLength(2);
    expect(held.filter((j) => j.status === "queued")).toHaveLength(8);
    release();
    await runner.whenIdle();
    expect(runs).toHaveLength(10);
    expect(new Set(runs).size).toBe(10);
  });

  it("lets another replica take a dead replica's job over within 30 s by default", async () => {
    const dead = createJobRunner({
      store,
      owner: "dead-1",
      ...common,
      process: () => new Promise<never>(() => {}),
    });
    await dead.submit(submission(job("orphan-1", "orphans")));
    await sleep(20);
    dead.stopPolling(); // no more heartbeats: the process is gone
    const claimed = (await store.listUnfinishedJobs()).find((j) => j.deliveryId === "orphan-1");
    expect(claimed).toMatchObject({ status: "running", owner: "dead-1" });
    const leaseMs = Date.parse(claimed?.leaseUntil ?? "") - (Date.now() + skew);
    expect(leaseMs).toBeLessThanOrEqual(30_000);
    const ran: string[] = [];
    const heir = createJobRunner({
      store,
      owner: "heir-1",
      ...common,
      process: async (j) => {
        ran.push(j.deliveryId);
        return ignored;
      },
    });
    skew += 31_000;
    await heir.drain();
    await heir.whenIdle();
    expect(ran).toEqual(["orphan-1"]);
    skew = 0;
  });

  it("renews the lease of a job that runs longer than it, so no other replica runs it too", async () => {
    const runs: string[] = [];
    const make = (owner: string) =>
      createJobRunner({
        store,
        owner,
        ...common,
        leaseSeconds: 1,
        pollMs: 100,
        process: async (j) => {
          runs.push(`${owner}:${j.deliveryId}`);
          await sleep(1600);
          return ignored;
        },
      });
    const first = make("long-1");
    const second = make("long-2");
    second.start();
    await first.submit(submission(job("long-9", "slow")));
    await sleep(50);
    await first.whenIdle();
    await sleep(200);
    second.stopPolling();
    expect(runs).toEqual(["long-1:long-9"]);
  });

  it("drops a stored payload that is not a job, for good, without running anything", async () => {
    const ran: unknown[] = [];
    const runner = createJobRunner({
      store,
      owner: "payloads-1",
      ...common,
      process: async (j) => {
        ran.push(j);
        return ignored;
      },
    });
    await store.enqueueJob({ deliveryId: "bad-1", kind: "label", payload: { trigger: "nope" } });
    await runner.drain();
    await runner.whenIdle();
    expect(ran).toEqual([]);
    expect(await store.listUnfinishedJobs()).toEqual([]);
  });

  // Last: it closes the store.
  it("says it gave up only when the store recorded the last failure", async () => {
    const gaveUp: string[] = [];
    const runner = createJobRunner({
      store,
      owner: "outage-1",
      ...common,
      process: async () => {
        await store.close(); // the store goes away mid-job
        throw new Error("the store could not be reached");
      },
      onGiveUp: async (j) => {
        gaveUp.push(j.deliveryId);
      },
    });
    await store.enqueueJob({
      deliveryId: "outage-1",
      kind: "label",
      payload: job("outage-1"),
      gapKey: "acme/app:issue:1",
      maxAttempts: 1,
    });
    await runner.drain();
    await runner.whenIdle();
    expect(gaveUp).toEqual([]);
  });
});
