/** `team-factory backtest`: which gaps detection would have raised over the store's history. */
import { COUNT_COLUMNS, countRow, days, GAP_COLUMNS, gapRow } from "../backtest/report-rows.ts";
import {
  type BacktestReport,
  DEFAULT_SINCE_DAYS,
  firstRaised,
  runBacktest,
} from "../backtest/run-backtest.ts";
import { DEFAULT_REPO_CONFIG } from "../config/repo-config.ts";
import { openStoreFromEnv } from "../store/open-store-from-env.ts";
import type { Store } from "../store/store.ts";
import { type CliIo, PROCESS_IO } from "./cli-io.ts";
import { count } from "./count.ts";
import { readArgs, stringValue, UsageError, usageProblem } from "./read-args.ts";
import { intArg, readingStoreEnv, repoArg } from "./store-args.ts";
import { textTable } from "./text-table.ts";
import { BACKTEST } from "./usage.ts";

const SHOWN_GAPS = 50;
const DAY_MS = 86_400_000;

type BacktestArgs = {
  env: Record<string, string | undefined>;
  repo?: string;
  sinceDays: number;
  minTasks: number;
  minCount: number;
  windowDays: number;
};

/** `90d`, `90` or a date (`2026-09-01`, UTC) → whole days before today. */
function sinceDays(raw: string | undefined, now: Date): number {
  if (raw === undefined) return DEFAULT_SINCE_DAYS;
  const days = /^(\d{1,4})d?$/.exec(raw);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const n = days
    ? Number(days[1])
    : /^\d{4}-\d{2}-\d{2}$/.test(raw)
      ? (today - Date.parse(`${raw}T00:00:00Z`)) / DAY_MS
      : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 3650)
    throw new UsageError(
      `--since takes a number of days from 1 to 3650 (like 90d) or a past date like 2026-09-01 (got ${JSON.stringify(raw)})`,
    );
  return n;
}

function backtestArgs(
  values: Record<string, string | boolean | undefined>,
  environment: CliIo["env"],
): BacktestArgs {
  const defaults = DEFAULT_REPO_CONFIG;
  return {
    repo: repoArg(values),
    sinceDays: sinceDays(stringValue(values, "since"), new Date()),
    minTasks: intArg(values, "min-tasks", defaults.scan.min_tasks, [1, 1000]),
    minCount: intArg(values, "min-count", defaults.signals.min_count, [1, 10_000]),
    windowDays: intArg(values, "window-days", defaults.signals.window_days, [1, 365]),
    env: readingStoreEnv(values, environment, "backtest"),
  };
}

/** The report as a person reads it: the totals, the first gaps, the thresholds' table. */
export function formatBacktest(report: BacktestReport): string {
  const { totals } = report;
  const until = new Date(Date.parse(report.since) + (report.days - 1) * DAY_MS);
  const scope = report.repo ?? count(report.repos, "repository", "repositories");
  const rule = `min_tasks ${report.minTasks}, signals.min_count ${report.minCount} over ${count(report.windowDays, "day")}`;
  const lines = [
    `Backtest over ${count(report.days, "day")} (${report.since.slice(0, 10)} → ${until.toISOString().slice(0, 10)}), ${scope}; ${rule}:`,
    "",
    `  ${count(totals.raised, "gap")} would have been raised: ${totals.filled} later filled by a registered team (median lead ${days(totals.medianLeadDays)}), ${totals.dismissed} dismissed, ${totals.open} never filled.`,
  ];
  if (report.gaps.length > 0) {
    const shown = firstRaised(report, SHOWN_GAPS);
    lines.push(
      "",
      report.gaps.length > shown.length
        ? `The first ${shown.length} of them (--json lists all):`
        : "The gaps:",
      "",
      ...textTable([GAP_COLUMNS, ...shown.map(gapRow)]),
    );
  }
  lines.push(
    "",
    "How the counts change with the thresholds (one varied, the other as chosen):",
    "",
    ...textTable([COUNT_COLUMNS, ...report.sensitivity.map(countRow)]),
  );
  return lines.join("\n");
}

export async function runBacktestCommand(args: string[], io: CliIo = PROCESS_IO): Promise<number> {
  let parsed: BacktestArgs;
  let json = false;
  try {
    const { values } = readArgs({ args, options: BACKTEST.options });
    json = values.json === true;
    parsed = backtestArgs(values, io.env);
  } catch (error) {
    io.stderr(usageProblem("backtest", (error as Error).message));
    return 2;
  }
  let store: Store | undefined;
  try {
    store = await openStoreFromEnv(parsed.env);
    const report = await runBacktest(store, {
      sinceDays: parsed.sinceDays,
      repo: parsed.repo ?? null,
      minTasks: parsed.minTasks,
      minCount: parsed.minCount,
      windowDays: parsed.windowDays,
    });
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatBacktest(report)}\n`);
    return 0;
  } catch (error) {
    const { message, hint } = error as { message: string; hint?: string | null };
    io.stderr(`team-factory backtest: ${message}${hint ? ` ${hint}` : ""}\n`);
    return 1;
  } finally {
    await store?.close().catch(() => undefined);
  }
}
