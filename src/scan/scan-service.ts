import type { Probot } from "probot";
import { readEnv } from "../env/env-schema.ts";
import type { Octokit } from "../github/octokit-repo-github.ts";
import { probotScanGitHub } from "../github/scan-github.ts";
import { SHADOW_REASON } from "../policy/rollout-mode.ts";
import {
  createSignalsRoute,
  SIGNALS_PATH,
  signalsSecretProblem,
} from "../signals/signals-route.ts";
import type { Store } from "../store/store.ts";
import { runScan, type ScanReport } from "./run-scan.ts";
import type { ScanDeps, ScanGapSubmission, ScanLog } from "./scan-repository.ts";
import { createScanRoute, SCAN_PATH, scanSecretProblem } from "./scan-route.ts";
import { type ScanWindow, startScanScheduler } from "./scan-scheduler.ts";

/**
 * The scan's view of the store: each repository's own tasks through
 * `tf_find_repo_capability_gaps`, its signals and failing tasks through
 * `tf_find_repo_signal_gaps`, recorded gaps by key, the skills of team PRs in flight.
 */
export function scanDepsFor(params: {
  store: Pick<
    Store,
    "findRepoCapabilityGaps" | "getGap" | "listInFlightSkills" | "signals" | "rollout"
  >;
  submitScanGap?: (submission: ScanGapSubmission) => Promise<void>;
}): ScanDeps {
  const { store } = params;
  return {
    repoGapQuery: (p) => store.findRepoCapabilityGaps(p),
    signalGapQuery: (p) => store.signals.findRepoSignalGaps(p),
    isGapRecorded: async (gapKey) => {
      const gap = await store.getGap({ gapKey });
      if (!gap) return false;
      return gap.state === "planned" && gap.reason === SHADOW_REASON ? "shadow" : true;
    },
    firstScanIssue: async (repo) => !(await store.rollout.scanOpenedIssue(repo)),
    inFlightSkills: (repo) => store.listInFlightSkills({ repo }),
    submitScanGap: params.submitScanGap,
  };
}

/**
 * The scan as the app runs it: the HTTP routes (always mounted: the scan, 503 until
 * `TEAM_FACTORY_SCAN_SECRET` is set; the signals it weighs, 503 until
 * `TEAM_FACTORY_SIGNALS_SECRET` is set) and, with `TEAM_FACTORY_SCAN_CRON`, the in-process schedule
 * under the store's lease. Overlapping runs in one process share one scan.
 */
export function createScanService(params: {
  store: Store;
  env: NodeJS.ProcessEnv;
  holder: string;
  /** The loaded Probot app (its installation clients); called only when a scan runs. */
  installations: () => Probot;
  /** Installation clients with GitHub's limits kept (the app's); else Probot's own. */
  installationClient?: (installationId: number) => Promise<Octokit>;
  submitScanGap?: (submission: ScanGapSubmission) => Promise<void>;
  now?: () => Date;
}) {
  const { store } = params;
  const {
    TEAM_FACTORY_SCAN_SECRET: scanSecret,
    TEAM_FACTORY_SIGNALS_SECRET: signalsSecret,
    TEAM_FACTORY_SCAN_CRON: cron,
  } = readEnv(
    params.env,
    "TEAM_FACTORY_SCAN_SECRET",
    "TEAM_FACTORY_SIGNALS_SECRET",
    "TEAM_FACTORY_SCAN_CRON",
  );
  const deps = scanDepsFor({ store, submitScanGap: params.submitScanGap });
  const github = probotScanGitHub(params.installations, params.installationClient);
  const now = params.now ?? (() => new Date());
  let log: ScanLog = { info() {}, warn() {}, error() {} };
  let stop = () => {};
  let running: Promise<ScanReport> | null = null;
  const runOnce = (window?: ScanWindow): Promise<ScanReport> => {
    running ??= runScan({ ...deps, github, now, log, window }).finally(() => {
      running = null;
    });
    return running;
  };
  const lazyLog: ScanLog = {
    info: (obj: object, msg?: string) => log.info(obj, msg),
    warn: (obj: object, msg?: string) => log.warn(obj, msg),
    error: (obj: object, msg?: string) => log.error(obj, msg),
  };
  const route = createScanRoute({
    secret: scanSecret,
    runScan: () => runOnce(),
    log: lazyLog,
  });
  const signalsRoute = createSignalsRoute({
    secret: signalsSecret,
    record: (signals) => store.signals.record(signals),
    log: lazyLog,
  });
  return {
    routes: [route, signalsRoute],
    runScan: runOnce,
    /** Starts the schedule (when one is set), logging to `appLog`. */
    start(appLog: ScanLog) {
      log = appLog;
      const problem = scanSecretProblem(scanSecret);
      const off = `scan: POST ${SCAN_PATH} is off: ${problem}`;
      if (problem && scanSecret) log.warn({ reason: problem }, off);
      else if (problem) log.info({ reason: problem }, off);
      const signalsProblem = signalsSecretProblem(signalsSecret);
      const signalsOff = `signals: POST ${SIGNALS_PATH} is off: ${signalsProblem}`;
      if (signalsProblem && signalsSecret) log.warn({ reason: signalsProblem }, signalsOff);
      else if (signalsProblem) log.info({ reason: signalsProblem }, signalsOff);
      if (!cron) return;
      const scheduler = startScanScheduler({
        cron,
        holder: params.holder,
        acquireLease: (p) => store.acquireLease(p),
        runScan: runOnce,
        log,
        now,
      });
      stop = () => scheduler.stop();
      log.info({ cron, next: scheduler.nextTick() }, "scan: in-process schedule started");
    },
    stop: () => stop(),
  };
}
