import { parseScanCron } from "./scan-cron.ts";
import type { ScanLog } from "./scan-repository.ts";

export type ScanWindow = { from: Date; to: Date };

/** What a scan answers, as far as the schedule logs it. */
export interface ScanSummary {
  reposScanned: number;
  gaps: number;
  issuesOpened: number;
  submitted: number;
  skipped: number;
  errors: unknown[];
}

/** The store's lease: true for exactly one holder of `name` until the lease expires. */
export type AcquireLease = (params: {
  name: string;
  holder: string;
  ttlSeconds: number;
}) => Promise<boolean>;

/**
 * One scheduled tick. Every replica computes the same tick time, so the lease named after it
 * lets exactly one of them scan; the lease is kept until it expires so a late replica skips too.
 */
export async function runScheduledTick<R extends ScanSummary>(params: {
  tick: Date;
  holder: string;
  acquireLease: AcquireLease;
  /** The previous tick of the schedule, so repositories with their own cron can tell if due. */
  previousTick: Date;
  runScan: (window: ScanWindow) => Promise<R>;
  ttlSeconds?: number;
}): Promise<{ ran: false } | { ran: true; report: R }> {
  const won = await params.acquireLease({
    name: `team-factory:scan:${params.tick.toISOString()}`,
    holder: params.holder,
    ttlSeconds: params.ttlSeconds ?? 3600,
  });
  if (!won) return { ran: false };
  return {
    ran: true,
    report: await params.runScan({ from: params.previousTick, to: params.tick }),
  };
}

/**
 * Runs the scan in-process on the app's cron schedule (`TEAM_FACTORY_SCAN_CRON`); each run gets
 * the window since the previous tick, so a repository's own `scan.cron` can narrow it. Returns
 * `stop` for shutdown and `nextTick` for logs.
 */
export function startScanScheduler(params: {
  cron: string;
  holder: string;
  acquireLease: AcquireLease;
  runScan: (window: ScanWindow) => Promise<ScanSummary>;
  log: ScanLog;
  now?: () => Date;
}): { stop(): void; nextTick(): Date | null } {
  const cron = parseScanCron(params.cron);
  const now = params.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let next: Date | null = null;
  let stopped = false;

  const schedule = () => {
    next = stopped ? null : cron.nextRun(now());
    if (!next) return;
    const tick = next;
    // setTimeout holds at most ~24.8 days; a longer wait re-plans on waking.
    const wait = Math.min(Math.max(tick.getTime() - now().getTime(), 0), 2 ** 31 - 1);
    timer = setTimeout(async () => {
      if (now().getTime() + 5 < tick.getTime()) return schedule();
      try {
        const previousTick = cron.previousRuns(1, tick)[0] ?? new Date(tick.getTime() - 3_600_000);
        const result = await runScheduledTick({ ...params, tick, previousTick });
        if (result.ran)
          params.log.info({ tick, report: summary(result.report) }, "scan: tick done");
        else params.log.info({ tick }, "scan: another replica holds this tick");
      } catch (error) {
        params.log.error({ err: error, tick }, "scan: scheduled scan failed");
      }
      schedule();
    }, wait);
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      next = null;
    },
    nextTick: () => next,
  };
}

function summary(report: ScanSummary) {
  const { reposScanned, gaps, issuesOpened, submitted, skipped } = report;
  return { reposScanned, gaps, issuesOpened, submitted, skipped, errors: report.errors.length };
}
