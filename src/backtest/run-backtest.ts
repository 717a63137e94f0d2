/**
 * The backtest as one call, for the CLI and the operator page: load the grouped history from the
 * store (`tf_backtest_history`), replay detection over it (`replayDetection`, pure).
 */
import { DEFAULT_REPO_CONFIG } from "../config/repo-config.ts";
import type { Store } from "../store/store.ts";
import { type ReplayResult, replayDetection } from "./replay-detection.ts";

const DAY_MS = 86_400_000;
export const DEFAULT_SINCE_DAYS = 90;
/** The thresholds the sensitivity table tries besides the chosen ones. */
export const MIN_TASKS_GRID = [1, 2, 3, 5, 8, 13];
export const MIN_COUNT_GRID = [2, 3, 5, 8, 13, 21];

export interface BacktestOptions {
  /** Days of history before today (UTC): the replay starts at that day's midnight. */
  sinceDays?: number;
  /** One repository (`owner/name`), or every repository with history. */
  repo?: string | null;
  minTasks?: number;
  minCount?: number;
  windowDays?: number;
  grid?: { minTasks?: number[]; minCount?: number[] };
  tasksTable?: string;
  projectsTable?: string;
  /** Today (default: the clock). */
  now?: Date;
}

export type BacktestReport = ReplayResult & {
  repo: string | null;
  minTasks: number;
  minCount: number;
};

/** The first `n` gaps a report raised, in the order they were raised (then by repository). */
export function firstRaised(report: BacktestReport, n: number): BacktestReport["gaps"] {
  return [...report.gaps]
    .sort((a, b) => a.raisedDay - b.raisedDay || a.repo.localeCompare(b.repo))
    .slice(0, n);
}

/** Which gaps the scan would have raised day by day over the store's history, and what became of them. */
export async function runBacktest(
  store: Pick<Store, "signals">,
  options: BacktestOptions = {},
): Promise<BacktestReport> {
  const defaults = DEFAULT_REPO_CONFIG;
  const now = options.now ?? new Date();
  const sinceDays = options.sinceDays ?? DEFAULT_SINCE_DAYS;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const minTasks = options.minTasks ?? defaults.scan.min_tasks;
  const minCount = options.minCount ?? defaults.signals.min_count;
  const windowDays = options.windowDays ?? defaults.signals.window_days;
  const repo = options.repo ?? null;
  const history = await store.signals.backtestHistory({
    repo,
    since: new Date(today - sinceDays * DAY_MS),
    windowDays,
    tasksTable: options.tasksTable ?? defaults.scan.tasks_table,
    projectsTable: options.projectsTable ?? defaults.scan.projects_table,
  });
  const result = replayDetection({
    history,
    minTasks,
    minCount,
    windowDays,
    grid: {
      minTasks: [...(options.grid?.minTasks ?? MIN_TASKS_GRID), minTasks],
      minCount: [...(options.grid?.minCount ?? MIN_COUNT_GRID), minCount],
    },
  });
  return { ...result, repo, minTasks, minCount };
}
