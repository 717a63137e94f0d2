/**
 * Results too slow to compute on every page load (the backtest, the audit chain's verification),
 * kept so the operator page stays fast on a large store: each is kept `ttlMs` and served stale
 * while one recomputation runs; a page waits for a first result at most `waitMs`, then says it is
 * being computed. One computation per key at a time, at most `maxEntries` keys kept.
 */
import type { JobLog } from "../jobs/job-log.ts";

/** A kept result as a page gets it. */
export type Kept<T> =
  | { state: "ready"; value: T; computedAt: Date }
  | { state: "computing" }
  | { state: "failed" };

export const WAIT_MS = 1_500;
/** After a failure, the next page tries again no sooner than this. */
const RETRY_MS = 60_000;

interface Entry<T> {
  value?: T;
  computedAt?: Date;
  failedAt?: number;
  running?: Promise<void>;
  usedAt: number;
}

export interface KeptResults<T> {
  /** The result for `key` (null: the one without a key), as soon as the wait allows. */
  get(key: string | null): Promise<Kept<T>>;
}

export function createKeptResults<T>(params: {
  /** What is computed, for the log. */
  what: string;
  run(key: string | null): Promise<T>;
  now(): Date;
  log: Pick<JobLog, "warn">;
  ttlMs: number;
  waitMs?: number;
  maxEntries?: number;
}): KeptResults<T> {
  const { ttlMs } = params;
  const wait = params.waitMs ?? WAIT_MS;
  const max = params.maxEntries ?? 8;
  const entries = new Map<string, Entry<T>>();

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

  const start = (entry: Entry<T>, key: string | null) => {
    entry.running = params
      .run(key)
      .then((value) => {
        entry.value = value;
        entry.computedAt = params.now();
        entry.failedAt = undefined;
      })
      .catch((error) => {
        entry.failedAt = params.now().getTime();
        params.log.warn({ key, error: String(error) }, `operator page: ${params.what} failed`);
      })
      .finally(() => {
        entry.running = undefined;
      });
  };

  return {
    async get(key) {
      const at = params.now().getTime();
      const entry = entryOf(key?.toLowerCase() ?? "", at);
      const fresh = entry.computedAt && at - entry.computedAt.getTime() < ttlMs;
      const resting = entry.failedAt !== undefined && at - entry.failedAt < RETRY_MS;
      if (!fresh && !entry.running && !resting) start(entry, key);
      if (entry.running && entry.value === undefined) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          entry.running,
          new Promise((resolve) => {
            timer = setTimeout(resolve, wait);
          }),
        ]);
        clearTimeout(timer);
      }
      if (entry.value !== undefined && entry.computedAt)
        return { state: "ready", value: entry.value, computedAt: entry.computedAt };
      return entry.running ? { state: "computing" } : { state: "failed" };
    },
  };
}
