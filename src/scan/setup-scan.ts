import { hostname } from "node:os";
import type { ApplicationFunctionOptions, Probot } from "probot";
import { runScan, type ScanReport } from "./run-scan.ts";
import type { ScanDeps } from "./scan-repository.ts";
import { createScanRoute } from "./scan-route.ts";
import { type AcquireLease, type ScanWindow, startScanScheduler } from "./scan-scheduler.ts";

/**
 * Wires the scan into the app: the HTTP route (always mounted; answers 503 until
 * `TEAM_FACTORY_SCAN_SECRET` is set) and, when `TEAM_FACTORY_SCAN_CRON` is set and a lease
 * function is given, the in-process schedule. Overlapping runs in one process share one scan.
 */
export function setupScan(params: {
  app: Probot;
  addHandler: ApplicationFunctionOptions["addHandler"];
  deps: ScanDeps;
  acquireLease?: AcquireLease;
  env?: NodeJS.ProcessEnv;
  holder?: string;
  now?: () => Date;
}): { runScan: (window?: ScanWindow) => Promise<ScanReport>; stop(): void } {
  const { app, deps } = params;
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
  if (!params.acquireLease) {
    throw new Error(
      "TEAM_FACTORY_SCAN_CRON is set but the store offers no lease: without one every replica would scan. Unset it or use a store backend.",
    );
  }
  const scheduler = startScanScheduler({
    cron,
    holder: params.holder ?? `${hostname()}:${process.pid}`,
    acquireLease: params.acquireLease,
    runScan: runOnce,
    log,
    now,
  });
  log.info({ cron, next: scheduler.nextTick() }, "scan: in-process schedule started");
  return { runScan: runOnce, stop: () => scheduler.stop() };
}
