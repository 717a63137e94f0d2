/**
 * The backtest for the operator page, kept so the page stays fast on a large store (a 90-day
 * backtest of 1,000 repositories takes seconds): each result is kept `ttlMs` and served stale
 * while one recomputation runs; a page waits for a first result at most `waitMs`, then says it is
 * being computed. One computation per scope at a time, at most `maxEntries` scopes kept.
 */
import type { BacktestReport } from "../backtest/run-backtest.ts";
import type { JobLog } from "../jobs/job-log.ts";
import type { BacktestState } from "./operator-section.ts";

export const BACKTEST_TTL_MS = 10 * 60_000;
export const BACKTEST_WAIT_MS = 1_500;
/** After a failure, the next page tries again no sooner than this. */
const RETRY_MS = 60_000;

interface Entry {
  report?: BacktestReport;
  computedAt?: Date;
  failedAt?: number;
  running?: Promise<void>;
  usedAt: number;
}

export interface BacktestCache {
  /** The backtest of one repository (or, null, of all), as soon as the wait allows. */
  get(repo: string | null): Promise<BacktestState>;
}

export function createBacktestCache(params: {
  run(repo: string | null): Promise<BacktestReport>;
  now(): Date;
  log: Pick<JobLog, "warn">;
  ttlMs?: number;
  waitMs?: number;
  maxEntries?: number;
}): BacktestCache {
  const ttl = params.ttlMs ?? BACKTEST_TTL_MS;
  const wait = params.waitMs ?? BACKTEST_WAIT_MS;
  const max = params.maxEntries ?? 8;
  const entries = new Map<string, Entry>();

  const entryOf = (key: string, at: number) => {
    let entry = entries.get(key);
    if (!entry) {
      if (entries.size >= max) {
        const idle = [...entries]
          .filter(([, e]) => !e.running)
          .sort(([, a], [, b]) => a.usedAt - b.usedAt);
        const oldest = idle[0];
        if (oldest) entries.delete(oldest[0]);
      }
      entry = { usedAt: at };
      entries.set(key, entry);
    }
    entry.usedAt = at;
    return entry;
  };

  const start = (entry: Entry, repo: string | null) => {
    entry.running = params
      .run(repo)
      .then((report) => {
        entry.report = report;
        entry.computedAt = params.now();
        entry.failedAt = undefined;
      })
      .catch((error) => {
        entry.failedAt = params.now().getTime();
        params.log.warn({ repo, error: String(error) }, "operator page: the backtest failed");
      })
      .finally(() => {
        entry.running = undefined;
      });
  };

  return {
    async get(repo) {
      const at = params.now().getTime();
      const entry = entryOf(repo?.toLowerCase() ?? "", at);
      const fresh = entry.computedAt && at - entry.computedAt.getTime() < ttl;
      const resting = entry.failedAt !== undefined && at - entry.failedAt < RETRY_MS;
      if (!fresh && !entry.running && !resting) start(entry, repo);
      if (entry.running && !entry.report) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          entry.running,
          new Promise((resolve) => {
            timer = setTimeout(resolve, wait);
          }),
        ]);
        clearTimeout(timer);
      }
      if (entry.report && entry.computedAt)
        return { state: "ready", report: entry.report, computedAt: entry.computedAt };
      return entry.running ? { state: "computing" } : { state: "failed" };
    },
  };
}
