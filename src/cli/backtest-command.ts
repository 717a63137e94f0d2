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
import { readArgs, stringValue, UsageError } from "./read-args.ts";
import { intArg, readingStoreEnv, repoArg } from "./store-args.ts";
import { textTable } from "./text-table.ts";

export const BACKTEST_SYNOPSIS =
  "backtest [--since 90d] [--repo owner/name] [--min-tasks n] [--min-count n] [--window-days n] [--database-url url] [--json]";

export const BACKTEST_USAGE = `usage: team-factory ${BACKTEST_SYNOPSIS}

Replays gap detection day by day over the history in the store (tasks and their timestamps,
signals, failing tasks, the gaps the app recorded, registered teams): which gaps the scan would
have raised and when, how many a registered team later filled (and how long after), how many were
dismissed and how many were never filled; then how those counts change with other thresholds.
It only reads the store.

  --since N[d] | DATE  how far back: N days before today (default ${DEFAULT_SINCE_DAYS}d), or a UTC date
                       like 2026-09-01
  --repo owner/name    one repository's history (default: every repository with history)
  --min-tasks N        ready, unassigned tasks that make a gap (default ${DEFAULT_REPO_CONFIG.scan.min_tasks}, as scan.min_tasks)
  --min-count N        signals and failing tasks in the window that make a gap (default ${DEFAULT_REPO_CONFIG.signals.min_count},
                       as signals.min_count)
  --window-days N      the signals' window (default ${DEFAULT_REPO_CONFIG.signals.window_days}, as signals.window_days)
  --database-url URL   the Postgres (or Supabase) database (default: DATABASE_URL; else SUPABASE_URL
                       with SUPABASE_SERVICE_ROLE_KEY; else the embedded store in TEAM_FACTORY_DATA_DIR)
  --json               print the whole report as JSON (every gap) instead of tables
  -h, --help           this help

Exits 0 after the backtest, 1 when the store cannot be read, 2 on bad arguments.`;

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
  const scope = report.repo ?? `${report.repos} repositor${report.repos === 1 ? "y" : "ies"}`;
  const rule = `min_tasks ${report.minTasks}, signals.min_count ${report.minCount} over ${report.windowDays} days`;
  const lines = [
    `Backtest over ${report.days} days (${report.since.slice(0, 10)} → ${until.toISOString().slice(0, 10)}), ${scope}; ${rule}:`,
    "",
    `  ${totals.raised} gaps would have been raised: ${totals.filled} later filled by a registered team (median lead ${days(totals.medianLeadDays)}), ${totals.dismissed} dismissed, ${totals.open} never filled.`,
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
    const { values, help } = readArgs({
      args,
      options: {
        since: { type: "string" },
        repo: { type: "string" },
        "min-tasks": { type: "string" },
        "min-count": { type: "string" },
        "window-days": { type: "string" },
        "database-url": { type: "string" },
        json: { type: "boolean" },
      },
    });
    if (help) {
      io.stdout(`${BACKTEST_USAGE}\n`);
      return 0;
    }
    json = values.json === true;
    parsed = backtestArgs(values, io.env);
  } catch (error) {
    io.stderr(`team-factory backtest: ${(error as Error).message}\n${BACKTEST_USAGE}\n`);
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
