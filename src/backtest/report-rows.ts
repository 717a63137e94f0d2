/** A backtest report's tables as plain-text rows, for the CLI's text and the operator page. */
import type { ReplayCounts, ReplayedGap } from "./replay-detection.ts";

/** Days as the tables show them: `4 d`, or a dash. */
export const days = (n: number | null) => (n === null ? "—" : `${n} d`);

export const GAP_COLUMNS = [
  "raised",
  "repository",
  "skill",
  "by",
  "tasks",
  "signals",
  "outcome",
  "filled",
  "lead",
  "app recorded",
];

export const gapRow = (g: ReplayedGap) => [
  g.raisedOn,
  g.repo,
  g.skill,
  g.by,
  String(g.tasks),
  String(g.signals),
  g.outcome === "open" ? "never filled" : g.outcome,
  g.filledOn ?? "—",
  days(g.leadDays),
  g.recordedOn ?? "—",
];

export const COUNT_COLUMNS = [
  "min_tasks",
  "min_count",
  "raised",
  "filled",
  "dismissed",
  "never filled",
  "median lead",
];

export const countRow = (c: ReplayCounts) => [
  String(c.minTasks),
  String(c.minCount),
  String(c.raised),
  String(c.filled),
  String(c.dismissed),
  String(c.open),
  days(c.medianLeadDays),
];
