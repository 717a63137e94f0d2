import { hostname } from "node:os";
import type { ApplicationFunctionOptions, Probot } from "probot";
import type { Store } from "../store/store.ts";
import { runScan, type ScanReport } from "./run-scan.ts";
import type { ScanDeps, ScanGapSubmission } from "./scan-repository.ts";
import { createScanRoute } from "./scan-route.ts";
import { type ScanWindow, startScanScheduler } from "./scan-scheduler.ts";

/** The scan's view of the store: tasks through `tf_find_capability_gaps`, recorded gaps by key. */
export function scanDepsFor(params: {
  store: Store;
  submitScanGap?: (submission: ScanGapSubmission) => Promise<void>;
}): ScanDeps {
  const { store } = params;
  return {
    gapQuery: (p) => store.findCapabilityGaps(p),
    isGapRecorded: async (gapKey) => (await store.getGap({ gapKey })) !== null,
    submitScanGap: params.submitScanGap,
  };
}

/**
 * Wires the scan into the app: the HTTP route (always mounted; answers 503 until
 * `TEAM_FACTORY_SCAN_SECRET` is set) and, when `TEAM_FACTORY_SCAN_CRON` is set, the in-process
 * schedule under the store's lease. Overlapping runs in one process share one scan.
 */
export function setupScan(params: {
  app: Probot;
  addHandler: ApplicationFunctionOptions["addHandler"];
  store: Store;
  /** Where `scan.mode: pipeline` gaps go (e.g. enqueue `scanGapJob(...)`). */
  submitScanGap?: (submission: ScanGapSubmission) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  holder?: string;
  now?: () => Date;
}): { runScan: (window?: ScanWindow) => Promise<ScanReport>; stop(): void } {
  const { app, store } = params;
  const deps = scanDepsFor({ store, submitScanGap: params.submitScanGap });
  const env = params.env ?? process.env;
  const now = params.now ?? (() => new Date());
  const log = app.log.child({ name: "team-factory:scan" });

  let running: Promise<ScanReport> | null = null;
  const runOnce = (window?: ScanWindow): Promise<ScanReport> => {
    running ??= runScan({ ...deps, app, now, log, window }).finally(() => {
      running = null;
    });
    return running;
  };

  params.addHandler(
    createScanRoute({ secret: env.TEAM_FACTORY_SCAN_SECRET, runScan: () => runOnce(), log }),
  );

  const cron = env.TEAM_FACTORY_SCAN_CRON?.trim();
  if (!cron) return { runScan: runOnce, stop() {} };
  const scheduler = startScanScheduler({
    cron,
    holder: params.holder ?? `${hostname()}:${process.pid}`,
    acquireLease: (p) => store.acquireLease(p),
    runScan: runOnce,
    log,
    now,
  });
  log.info({ cron, next: scheduler.nextTick() }, "scan: in-process schedule started");
  return { runScan: runOnce, stop: () => scheduler.stop() };
}
