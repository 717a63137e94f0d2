import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresCluster } from "../../simulator/postgres-cluster.ts";
import { estimateCost } from "../../src/spec/estimate-cost.ts";
import { fixtureSpec } from "../support/fixture-spec.ts";
import {
  BACKENDS,
  type BackendHarness,
  openBackend,
  startPostgresCluster,
  testClock,
} from "./store-backends.ts";

const spec = fixtureSpec("crewai-openai-3");
const gap = (gapKey: string) => ({
  gapKey,
  repo: "octo/app",
  installationId: 7,
  issueNumber: 12,
  trigger: "label",
  actor: "alice",
});

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe.each(BACKENDS)("gaps and durable jobs on %s", (name) => {
  const clock = testClock();
  let h: BackendHarness;
  beforeAll(async () => {
    h = await openBackend({ name, cluster, now: clock.now });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("keeps one record per gap key across triggers; the first actor stays the requester", async () => {
    const first = await h.store.openGap(gap("gap:one"));
    const second = await h.store.openGap({ ...gap("gap:one"), trigger: "command", actor: "bob" });
    expect(first).toMatchObject({
      gapKey: "gap:one",
      state: "received",
      requester: "alice",
      issueNumber: 12,
    });
    expect(second).toMatchObject({ state: "received", requester: "alice", trigger: "label" });
  });

  it("walks the state machine and stores spec, hash, cost, PR and paths", async () => {
    await h.store.openGap(gap("gap:two"));
    const cost = estimateCost({ spec });
    await h.store.updateGap({
      gapKey: "gap:two",
      actor: "alice",
      state: "planned",
      slug: spec.name,
      branch: `team-factory/${spec.name}`,
      spec,
      specHash: "a".repeat(64),
      cost,
    });
    await h.store.updateGap({ gapKey: "gap:two", actor: "alice", state: "publishing" });
    const open = await h.store.updateGap({
      gapKey: "gap:two",
      actor: "alice",
      state: "pr-open",
      prNumber: 31,
      prUrl: "https://github.com/octo/app/pull/31",
      paths: ["teams/x/crew.py", "teams/x/README.md"],
    });
    expect(open).toMatchObject({
      state: "pr-open",
      slug: spec.name,
      specHash: "a".repeat(64),
      prNumber: 31,
      paths: ["teams/x/crew.py", "teams/x/README.md"],
    });
    expect(open.spec).toEqual(spec);
    expect(open.cost?.monthlyUsd).toBe(cost.monthlyUsd);
    expect(await h.store.getGap({ gapKey: "gap:two" })).toEqual(open);
    expect(await h.store.getGap({ gapKey: "gap:none" })).toBeNull();
  });

  it("refuses an illegal move with the allowed next states; a merged gap is final", async () => {
    await h.store.openGap(gap("gap:three"));
    await expect(
      h.store.updateGap({ gapKey: "gap:three", actor: "a", state: "publishing" }),
    ).rejects.toMatchObject({
      message: "gap gap:three cannot move from received to publishing",
      hint: "From received it can move to: planned, rejected, failed, pr-open, merged, closed.",
    });
    for (const state of ["planned", "publishing", "pr-open", "merged"] as const) {
      await h.store.updateGap({ gapKey: "gap:three", actor: "a", state });
    }
    await expect(
      h.store.updateGap({ gapKey: "gap:three", actor: "a", state: "planned" }),
    ).rejects.toMatchObject({
      hint: "merged is final.",
    });
    await expect(
      h.store.updateGap({ gapKey: "gap:missing", actor: "a", state: "planned" }),
    ).rejects.toThrow(/gap gap:missing is not recorded/);
  });

  it("accepts what GitHub did: a merge or a close from any state but merged, and pr-open back", async () => {
    for (const from of ["failed", "planned", "publishing", "awaiting-approval"] as const) {
      const key = `gap:github-${from}`;
      await h.store.openGap(gap(key));
      const path = {
        failed: ["failed"],
        planned: ["planned"],
        publishing: ["planned", "publishing"],
        "awaiting-approval": ["planned", "awaiting-approval"],
      }[from] as ("failed" | "planned" | "publishing" | "awaiting-approval")[];
      for (const state of path) await h.store.updateGap({ gapKey: key, actor: "a", state });
      expect(
        await h.store.updateGap({ gapKey: key, actor: "max", state: "merged", prNumber: 5 }),
      ).toMatchObject({ state: "merged", prNumber: 5 });
    }
    await h.store.openGap(gap("gap:update-failed"));
    for (const state of [
      "planned",
      "publishing",
      "pr-open",
      "planned",
      "publishing",
      "pr-open",
    ] as const)
      await h.store.updateGap({ gapKey: "gap:update-failed", actor: "a", state });
  });

  it("records a job once per delivery and hands it to one worker at a time", async () => {
    const a = await h.store.enqueueJob({
      deliveryId: "d-1",
      kind: "gap",
      payload: { issue: 1 },
      gapKey: "gap:one",
    });
    const again = await h.store.enqueueJob({
      deliveryId: "d-1",
      kind: "gap",
      payload: { issue: 1 },
    });
    expect(a.created).toBe(true);
    expect(again).toEqual({ id: a.id, created: false });
    // Queuing recorded the delivery too: a redelivery is recognised either way.
    expect(await h.store.recordDelivery({ deliveryId: "d-1", event: "issues" })).toBe(false);
    const claimed = await h.store.claimJob({ owner: "w1", leaseSeconds: 60 });
    expect(claimed).toMatchObject({
      id: a.id,
      status: "running",
      owner: "w1",
      attempts: 1,
      payload: { issue: 1 },
    });
    expect(await h.store.claimJob({ owner: "w2" })).toBeNull();
    expect(await h.store.completeJob({ id: a.id, owner: "w2" })).toBe(false);
    expect(await h.store.completeJob({ id: a.id, owner: "w1" })).toBe(true);
    expect((await h.store.listUnfinishedJobs()).map((j) => j.id)).not.toContain(a.id);
  });

  it("requeues a failed job after the retry delay, gives up after max attempts, and re-claims an expired lease", async () => {
    const { id } = await h.store.enqueueJob({
      deliveryId: "d-2",
      kind: "gap",
      payload: {},
      maxAttempts: 2,
    });
    await h.store.claimJob({ owner: "w1" });
    const failed = await h.store.failJob({
      id,
      owner: "w1",
      error: "GitHub said 502",
      retrySeconds: 30,
    });
    expect(failed).toMatchObject({ status: "queued", lastError: "GitHub said 502" });
    expect(await h.store.claimJob({ owner: "w1" })).toBeNull();
    clock.advance(31);
    expect(await h.store.claimJob({ owner: "w2", leaseSeconds: 10 })).toMatchObject({
      id,
      attempts: 2,
    });
    // w2 dies: after its lease a restarted worker takes the job over.
    expect((await h.store.listUnfinishedJobs()).find((j) => j.id === id)).toMatchObject({
      status: "running",
    });
    clock.advance(11);
    expect(await h.store.claimJob({ owner: "w3" })).toMatchObject({ id, owner: "w3", attempts: 3 });
    expect(await h.store.failJob({ id, owner: "w3", error: "again" })).toMatchObject({
      status: "failed",
    });
    expect((await h.store.listUnfinishedJobs()).map((j) => j.id)).not.toContain(id);
  });

  it("fails a job for good when asked to give up", async () => {
    const { id } = await h.store.enqueueJob({ deliveryId: "d-3", kind: "gap", payload: {} });
    await h.store.claimJob({ owner: "w1" });
    expect(
      await h.store.failJob({ id, owner: "w1", error: "invalid payload", giveUp: true }),
    ).toMatchObject({
      status: "failed",
      attempts: 1,
    });
  });

  it("never hands one job to two workers claiming at once", async () => {
    const ids = new Set<number>();
    for (let i = 0; i < 5; i++) {
      ids.add(
        (await h.store.enqueueJob({ deliveryId: `burst-${i}`, kind: "gap", payload: { i } })).id,
      );
    }
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => h.store.claimJob({ owner: `worker-${i}` })),
    );
    const claimed = claims.flatMap((c) => (c ? [c.id] : []));
    expect(claimed.sort()).toEqual([...ids].sort());
    expect(claims.filter((c) => c === null)).toHaveLength(3);
  });

  it("hands one gap to one worker at a time, leaves busy lanes to others, and keeps a renewed lease", async () => {
    for (const left of await h.store.listUnfinishedJobs())
      await h.store.completeJob({ id: left.id, owner: left.owner ?? "" });
    const job = (n: number, gapKey: string, lane: string) =>
      h.store.enqueueJob({ deliveryId: `lease-${n}`, kind: "label", payload: { n }, gapKey, lane });
    const a = await job(1, "gap:lease-a", "octo/one");
    const b = await job(2, "gap:lease-a", "octo/one");
    const c = await job(3, "gap:lease-c", "octo/two");
    const d = await job(4, "gap:lease-d", "octo/one");
    expect((await h.store.claimJob({ owner: "w1", leaseSeconds: 30 }))?.id).toBe(a.id);
    // The gap's second job waits for the first; w2 is busy with octo/two, so it takes d.
    const second = await h.store.claimJob({
      owner: "w2",
      leaseSeconds: 30,
      skipLanes: ["octo/two"],
    });
    expect(second?.id).toBe(d.id);
    expect((await h.store.claimJob({ owner: "w3", leaseSeconds: 30 }))?.id).toBe(c.id);
    expect(await h.store.claimJob({ owner: "w3", leaseSeconds: 30 })).toBeNull();
    // Heartbeats keep the jobs past their first lease; nobody else may renew one.
    const beat = async (...who: [number, string][]) => {
      for (const [id, owner] of who)
        expect(await h.store.renewJobLease({ id, owner, leaseSeconds: 30 })).toBe(true);
    };
    clock.advance(20);
    await beat([a.id, "w1"], [c.id, "w3"], [d.id, "w2"]);
    expect(await h.store.renewJobLease({ id: a.id, owner: "w2", leaseSeconds: 30 })).toBe(false);
    clock.advance(20);
    await beat([c.id, "w3"], [d.id, "w2"]);
    expect(await h.store.claimJob({ owner: "w4", leaseSeconds: 30 })).toBeNull();
    // w1 died after its last heartbeat: 30 s later its job (not the gap's next one) is taken over.
    clock.advance(11);
    expect(await h.store.claimJob({ owner: "w4", leaseSeconds: 30 })).toMatchObject({
      id: a.id,
      owner: "w4",
      attempts: 2,
    });
    await h.store.completeJob({ id: a.id, owner: "w4" });
    expect((await h.store.claimJob({ owner: "w4", leaseSeconds: 30 }))?.id).toBe(b.id);
    for (const [id, owner] of [
      [b.id, "w4"],
      [c.id, "w3"],
      [d.id, "w2"],
    ] as const)
      await h.store.completeJob({ id, owner });
  });
});
