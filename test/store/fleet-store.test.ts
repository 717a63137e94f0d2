import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresCluster } from "../../simulator/postgres-cluster.ts";
import {
  BACKENDS,
  type BackendHarness,
  openBackend,
  startPostgresCluster,
  testClock,
} from "./store-backends.ts";

// In the store, on every backend: jobs are claimed fairly across installations and their
// repositories, and each installation has one GitHub write budget that a pause stops for all.
let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe.each(BACKENDS)("a fleet's jobs and GitHub budgets on %s", (name) => {
  const clock = testClock();
  let h: BackendHarness;
  let n = 0;
  beforeAll(async () => {
    h = await openBackend({ name, cluster, now: clock.now });
  });
  afterAll(async () => {
    await h?.close();
  });

  const enqueue = (installationId: number, lane: string, kind = "label") =>
    h.store.enqueueJob({
      deliveryId: `${name}-${++n}`,
      kind,
      payload: { installationId, lane },
      lane,
      installationId,
    });
  const claimAll = async (owner: string, max = Number.POSITIVE_INFINITY) => {
    const claimed: { installationId: number; lane: string; kind: string }[] = [];
    while (claimed.length < max) {
      const job = await h.store.claimJob({ owner, leaseSeconds: 60 });
      if (!job) break;
      const payload = job.payload as { installationId: number; lane: string };
      claimed.push({ ...payload, kind: job.kind });
      await h.store.completeJob({ id: job.id, owner });
    }
    return claimed;
  };

  it("takes another installation's single job next, however many the first has queued", async () => {
    for (let i = 0; i < 100; i++) await enqueue(100, `busy/r${i % 2}`);
    await enqueue(200, "quiet/only");
    const order = await claimAll("w-fair");
    expect(order).toHaveLength(101);
    // One job of the backlog, then the single one: it waits one job, not a hundred.
    expect(order.findIndex((j) => j.installationId === 200)).toBe(1);
    // Within the backlog's installation its two repositories take turns.
    expect(order.slice(2, 8).map((j) => j.lane)).toEqual([
      "busy/r1",
      "busy/r0",
      "busy/r1",
      "busy/r0",
      "busy/r1",
      "busy/r0",
    ]);
  });

  it("claims people's requests before scan gaps", async () => {
    await enqueue(300, "scan/a", "scan");
    await enqueue(300, "scan/b", "scan");
    await enqueue(400, "people/a", "command");
    await enqueue(400, "people/b", "approval");
    const order = await claimAll("w-kind");
    expect(order.map((j) => j.kind)).toEqual(["command", "approval", "scan", "scan"]);
  });

  it("leaves an installation at its running cap to the others", async () => {
    for (let i = 0; i < 3; i++) await enqueue(500, `capped/r${i}`);
    const claim = () =>
      h.store.claimJob({ owner: "w-cap", leaseSeconds: 60, maxPerInstallation: 2 });
    const first = await claim();
    const second = await claim();
    expect([first?.payload, second?.payload]).toMatchObject([
      { installationId: 500 },
      { installationId: 500 },
    ]);
    expect(await claim()).toBeNull();
    await h.store.completeJob({ id: Number(first?.id), owner: "w-cap" });
    expect((await claim())?.payload).toMatchObject({ installationId: 500 });
    await claimAll("w-cap");
  });

  it("grants an installation's writes within its windows, each installation apart", async () => {
    const windows = [{ limit: 3, ms: 10_000 }];
    const take = (installationId: number) =>
      h.store.takeGitHubWrite({ installationId, windows, marginMs: 250 });
    const waits = [];
    for (let i = 0; i < 4; i++) waits.push((await take(1)).waitMs);
    expect(waits).toEqual([0, 0, 0, 10_250]);
    // Another installation's budget is its own.
    expect((await take(2)).waitMs).toBe(0);
    clock.advance(4);
    // The 5th must come 10.25 s after the 2nd grant: 6.25 s from now.
    expect((await take(1)).waitMs).toBe(6_250);
    expect(await h.store.githubBudgetStatus({ installationId: 1, ms: 60_000 })).toEqual({
      pausedMs: 0,
      pauseReason: null,
      writes: 3,
    });
  });

  it("counts an answered write from its answer: one that reached GitHub late lets no later one in early", async () => {
    const windows = [{ limit: 1, ms: 1_000 }];
    const take = () => h.store.takeGitHubWrite({ installationId: 5, windows, marginMs: 0 });
    const sent = await take();
    clock.advance(5);
    await h.store.githubWriteDone({ id: sent.id });
    expect((await take()).waitMs).toBe(1_000);
  });

  it("a pause stops the installation's writes for every holder and cancels grants not yet sent", async () => {
    const windows = [{ limit: 1, ms: 1_000 }];
    const take = () => h.store.takeGitHubWrite({ installationId: 3, windows, marginMs: 0 });
    await take();
    const waiting = await take();
    expect(waiting.waitMs).toBe(1_000);
    expect(await h.store.confirmGitHubWrite({ id: waiting.id })).toBe(true);
    expect(
      await h.store.pauseGitHub({ installationId: 3, ms: 30_000, reason: "secondary" }),
    ).toEqual({ pausedMs: 30_000, cancelled: 1 });
    expect(await h.store.confirmGitHubWrite({ id: waiting.id })).toBe(false);
    expect((await take()).waitMs).toBe(30_000);
    // A shorter pause seen later does not shorten the one in force.
    expect(
      (await h.store.pauseGitHub({ installationId: 3, ms: 5_000, reason: "x" })).pausedMs,
    ).toBe(30_000);
    expect(await h.store.githubBudgetStatus({ installationId: 3 })).toMatchObject({
      pausedMs: 30_000,
      pauseReason: "secondary",
    });
    clock.advance(31);
    expect((await take()).waitMs).toBe(0);
  });

  it("refuses nonsense with a clear message", async () => {
    await expect(
      h.store.takeGitHubWrite({ installationId: 4, windows: [{ limit: 0, ms: 5 }], marginMs: 0 }),
    ).rejects.toThrow(/each window needs a limit and ms of 1 or more/);
    await expect(h.store.pauseGitHub({ installationId: 4, ms: -1, reason: "x" })).rejects.toThrow(
      /a pause of 0 ms or more/,
    );
    await expect(h.store.claimJob({ owner: "w", maxPerInstallation: 0 })).rejects.toThrow(
      /per installation/,
    );
  });
});
