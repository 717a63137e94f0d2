import { z } from "zod";
import type { GapSignal } from "../signals/gap-signal.ts";
import { parse } from "./metrics-store.ts";
import type { StoreCalls } from "./store-calls.ts";

const count = z.number().int().min(0);
const day = z.number().int();
// Checked in one loop: a history holds millions of days.
const dayList = z.custom<number[]>(
  (v) => Array.isArray(v) && v.every((n) => Number.isInteger(n)),
  "a list of day numbers",
);

/**
 * The history a backtest replays (`tf_backtest_history`), per repository and skill: the day (UTC
 * date, day 0 the date of `since`) each task became ready and unassigned (`opened`) or left that
 * state (`closed`), each signal and each failing task; the registered teams and the gaps the app
 * recorded.
 */
export const BacktestHistory = z.object({
  since: z.string(),
  days: z.number().int().min(1),
  tasks: z.array(
    z.object({ repo: z.string(), skill: z.string(), opened: dayList, closed: dayList }),
  ),
  signals: z.array(z.object({ repo: z.string(), skill: z.string(), days: dayList })),
  failures: z.array(z.object({ repo: z.string(), skill: z.string(), days: dayList })),
  teams: z.array(
    z.object({ skills: z.array(z.string()), from_day: day, until_day: day.nullable() }),
  ),
  gaps: z.array(
    z.object({
      repo: z.string(),
      gap_key: z.string(),
      state: z.string(),
      day,
      skills: z.array(z.string()),
    }),
  ),
});
export type BacktestHistory = z.infer<typeof BacktestHistory>;

/** A skill that a repository's signals and failing tasks point at (`tf_find_repo_signal_gaps`). */
export const SignalGapRow = z.object({
  skill: z.string(),
  total: count,
  unhandled: count,
  failed_signals: count,
  failed_tasks: count,
  first_seen: z.string(),
  last_seen: z.string(),
  samples: z.array(
    z.object({
      kind: z.enum(["unhandled-request", "task-failed"]),
      source: z.string(),
      detail: z.string(),
      occurred_at: z.string(),
    }),
  ),
});
export type SignalGapRow = z.infer<typeof SignalGapRow>;

/** Where the signals live: each method one `tf_*` call (migration 20261207100000_gap_signals). */
export interface SignalStore {
  /** Records a checked batch; a signal whose id its repository already has is a duplicate. */
  record(signals: GapSignal[]): Promise<{ recorded: number; duplicates: number }>;
  /** Skills of one repository with at least `minCount` signals and failing tasks in the window. */
  findRepoSignalGaps(params: {
    repo: string;
    windowDays: number;
    minCount: number;
    tasksTable: string;
    projectsTable: string;
    limit: number;
  }): Promise<SignalGapRow[]>;
  /** The grouped history from `since` to now, of one repository or (null) of all. */
  backtestHistory(params: {
    repo: string | null;
    since: Date;
    windowDays: number;
    tasksTable: string;
    projectsTable: string;
  }): Promise<BacktestHistory>;
}

export function createSignalStore({ call, at, object }: StoreCalls): SignalStore {
  return {
    async record(signals) {
      const v = await object("tf_record_signals", { p_signals: signals });
      return { recorded: Number(v.recorded), duplicates: Number(v.duplicates) };
    },
    async findRepoSignalGaps(p) {
      const fn = "tf_find_repo_signal_gaps";
      const v = await call(fn, {
        p_repo: p.repo,
        p_window_days: p.windowDays,
        p_min_count: p.minCount,
        p_tasks_table: p.tasksTable,
        p_projects_table: p.projectsTable,
        p_limit: p.limit,
        ...at(),
      });
      return parse(z.array(SignalGapRow), v, fn);
    },
    async backtestHistory(p) {
      const fn = "tf_backtest_history";
      const v = await call(fn, {
        p_repo: p.repo,
        p_since: p.since.toISOString(),
        p_window_days: p.windowDays,
        p_tasks_table: p.tasksTable,
        p_projects_table: p.projectsTable,
        ...at(),
      });
      return parse(BacktestHistory, v, fn);
    },
  };
}
