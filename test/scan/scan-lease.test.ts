import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import type { ScanReport } from "../../src/scan/run-scan.ts";
import { runScheduledTick, startScanScheduler } from "../../src/scan/scan-scheduler.ts";
import { openPostgresStore } from "../../src/store/open-postgres-store.ts";
import type { Store } from "../../src/store/store.ts";

const report = (to: Date): ScanReport => ({
  startedAt: to.toISOString(),
  finishedAt: to.toISOString(),
  installations: 0,
  reposScanned: 0,
  gaps: 0,
  issuesOpened: 0,
  submitted: 0,
  shadowed: 0,
  skipped: 0,
  failed: 0,
  repos: [],
  errors: [],
});
const silent = { info() {}, warn() {}, error() {} };

// Two replicas: two stores (own connection pools) on one real PostgreSQL server.
describe("the scan lease on a real PostgreSQL", () => {
  let cluster: PostgresCluster;
  let replicas: Store[];
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const first = await openPostgresStore({ url: cluster.url, migrate: true });
    replicas = [first, await openPostgresStore({ url: cluster.url })];
  });
  afterAll(async () => {
    await Promise.all(replicas?.map((s) => s.close()) ?? []);
    await cluster?.stop();
  });

  it("lets exactly one of two concurrent scanners run each tick", async () => {
    const ticks = Array.from({ length: 8 }, (_, i) => new Date(Date.UTC(2026, 10, 23, 21, i)));
    const runs: string[] = [];
    await Promise.all(
      ticks.flatMap((tick) =>
        replicas.map((store, i) =>
          runScheduledTick({
            tick,
            previousTick: new Date(tick.getTime() - 60_000),
            holder: `replica-${i}`,
            acquireLease: (p) => store.acquireLease(p),
            runScan: async (window) => {
              runs.push(window.to.toISOString());
              return report(window.to);
            },
          }),
        ),
      ),
    );
    expect(runs.sort()).toEqual(ticks.map((t) => t.toISOString()));
  });

  it("keeps a late replica from scanning a tick that was already scanned", async () => {
    const tick = new Date(Date.UTC(2026, 10, 23, 22, 0));
    const run = (holder: string, store: Store) =>
      runScheduledTick({
        tick,
        previousTick: new Date(tick.getTime() - 3_600_000),
        holder,
        acquireLease: (p) => store.acquireLease(p),
        runScan: async (window) => report(window.to),
      });
    const [a, b] = replicas as [Store, Store];
    expect((await run("early", a)).ran).toBe(true);
    expect((await run("late", b)).ran).toBe(false);
  });

  it("runs each tick of an in-process schedule once across two replicas", async () => {
    const runs: string[] = [];
    const schedulers = replicas.map((store, i) =>
      startScanScheduler({
        cron: "* * * * * *",
        holder: `scheduler-${i}`,
        acquireLease: (p) => store.acquireLease(p),
        runScan: async (window) => {
          runs.push(window.to.toISOString());
          return report(window.to);
        },
        log: silent,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 3500));
    for (const s of schedulers) s.stop();
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(runs).size).toBe(runs.length);
  });
});
