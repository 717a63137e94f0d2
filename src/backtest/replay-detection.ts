/**
 * The backtest's replay, pure: over the history the store grouped per repository, skill and day
 * (`BacktestHistory`), which gaps the scan would have raised at the end of each UTC day, and what
 * became of them. One pass builds each (repository, skill)'s daily series; every threshold is
 * then a scan of those series.
 *
 * On day d a skill of a repository is a gap when no registered team covers it that day and either
 * at least `minTasks` of its tasks are ready and unassigned at the end of the day, or at least
 * `minCount` signals and failing tasks fall in the window (d - windowDays, d]. A gap is raised
 * once, on the first such day. Then it is:
 * - filled: a team covering the skill is registered on a later day (lead time: the days between);
 * - dismissed: not filled, and the app recorded a gap for that skill that was rejected (dismissed
 *   by a maintainer, or its team PR closed unmerged);
 * - open: neither (never filled within the history).
 */
import { skillKeyPart } from "../intake/gap-key.ts";
import { SKILL_PATTERN } from "../spec/team-spec.ts";
import type { BacktestHistory } from "../store/signal-store.ts";

export type Outcome = "filled" | "dismissed" | "open";

export interface ReplayedGap {
  repo: string;
  skill: string;
  /** Day index from the history's start, and its date (UTC). */
  raisedDay: number;
  raisedOn: string;
  /** Which rule raised it that day. */
  by: "tasks" | "signals" | "both";
  /** Ready, unassigned tasks and signals in the window, on the day it was raised. */
  tasks: number;
  signals: number;
  outcome: Outcome;
  filledOn: string | null;
  /** Days from raising the gap to the team that filled it. */
  leadDays: number | null;
  /** When the app itself first recorded a gap for this skill, if it did. */
  recordedOn: string | null;
}

export interface ReplayCounts {
  minTasks: number;
  minCount: number;
  raised: number;
  filled: number;
  dismissed: number;
  open: number;
  /** Median days from raising to filling, over the filled gaps (null without one). */
  medianLeadDays: number | null;
}

export interface ReplayResult {
  since: string;
  days: number;
  windowDays: number;
  /** Repositories with any history. */
  repos: number;
  totals: ReplayCounts;
  gaps: ReplayedGap[];
  /** The same replay with other thresholds: `min_tasks` varied, then `min_count` varied. */
  sensitivity: (ReplayCounts & { vary: "min_tasks" | "min_count" })[];
}

interface Series {
  repo: string;
  skill: string;
  /** Ready, unassigned tasks at the end of each day. */
  tasks: Int32Array;
  /** Signals and failing tasks in the window ending with each day. */
  signals: Int32Array;
  /** The day a team covering the skill starts covering it, per day: covered[d]. */
  covered: Uint8Array;
}

const DAY_MS = 86_400_000;

/** Per skill, the days some registered team covers it (teams before the history cover day 0). */
function coverage(history: BacktestHistory): Map<string, Uint8Array> {
  const bySkill = new Map<string, Uint8Array>();
  for (const team of history.teams) {
    const from = Math.max(team.from_day, 0);
    const until = Math.min(team.until_day ?? history.days, history.days);
    for (const skill of team.skills) {
      let days = bySkill.get(skill);
      if (!days) {
        days = new Uint8Array(history.days);
        bySkill.set(skill, days);
      }
      days.fill(1, from, Math.max(from, until));
    }
  }
  return bySkill;
}

/** One pass over the cells: each (repository, skill)'s daily series. */
function buildSeries(history: BacktestHistory, windowDays: number): Series[] {
  const { days } = history;
  const covered = coverage(history);
  const none = new Uint8Array(days);
  const raw = new Map<
    number,
    { opened: Int32Array; events: Int32Array; repo: number; skill: number }
  >();
  const valid = history.skills.map((s) => SKILL_PATTERN.test(s));
  // Signals reach back one window before day 0: index = day + windowDays - 1.
  const back = windowDays - 1;
  for (const [repo, skill, day, opened, closed, signals, failures] of history.cells) {
    if (!valid[skill]) continue;
    const key = repo * history.skills.length + skill;
    let entry = raw.get(key);
    if (!entry) {
      entry = { opened: new Int32Array(days), events: new Int32Array(days + back), repo, skill };
      raw.set(key, entry);
    }
    if (day >= 0 && day < days) entry.opened[day] = (entry.opened[day] ?? 0) + opened - closed;
    const at = day + back;
    if (at >= 0 && at < days + back)
      entry.events[at] = (entry.events[at] ?? 0) + signals + failures;
  }
  const series: Series[] = [];
  for (const entry of raw.values()) {
    const tasks = new Int32Array(days);
    const signals = new Int32Array(days);
    let open = 0;
    let inWindow = 0;
    for (let i = 0; i < back; i++) inWindow += entry.events[i] ?? 0;
    for (let d = 0; d < days; d++) {
      open += entry.opened[d] ?? 0;
      tasks[d] = open;
      inWindow += entry.events[d + back] ?? 0;
      signals[d] = inWindow;
      inWindow -= entry.events[d] ?? 0;
    }
    const skill = history.skills[entry.skill] ?? "";
    series.push({
      repo: history.repos[entry.repo] ?? "",
      skill,
      tasks,
      signals,
      covered: covered.get(skill) ?? none,
    });
  }
  return series.sort((a, b) => a.repo.localeCompare(b.repo) || a.skill.localeCompare(b.skill));
}

/** The first uncovered day on which `values` reaches `min`, or -1. */
function firstDay(values: Int32Array, covered: Uint8Array, min: number): number {
  for (let d = 0; d < values.length; d++) if (!covered[d] && (values[d] ?? 0) >= min) return d;
  return -1;
}

/** The first day after `day` on which a team covers the skill, or -1. */
function filledDay(covered: Uint8Array, day: number): number {
  for (let d = day + 1; d < covered.length; d++) if (covered[d]) return d;
  return -1;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] ?? null)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The app's own gaps per `repo\nskill`: the first day one was recorded, and whether one was rejected. */
function recordedGaps(history: BacktestHistory) {
  const byKey = new Map<string, { day: number; rejected: boolean }>();
  const note = (repo: string, skillPart: string, day: number, rejected: boolean) => {
    const key = `${repo}\n${skillPart}`;
    const was = byKey.get(key);
    byKey.set(key, {
      day: Math.min(was?.day ?? day, day),
      rejected: (was?.rejected ?? false) || rejected,
    });
  };
  for (const gap of history.gaps) {
    const rejected = gap.state === "rejected";
    const fromKey = /:skill:(.+)$/.exec(gap.gap_key)?.[1];
    const parts = new Set([...(fromKey ? [fromKey] : []), ...gap.skills.map(skillKeyPart)]);
    for (const part of parts) note(gap.repo.toLowerCase(), part, gap.day, rejected);
  }
  return (repo: string, skill: string) => byKey.get(`${repo}\n${skillKeyPart(skill)}`);
}

function replayAt(
  series: Series[],
  recorded: ReturnType<typeof recordedGaps>,
  dateOf: (day: number) => string,
  minTasks: number,
  minCount: number,
): { counts: ReplayCounts; gaps: ReplayedGap[] } {
  const gaps: ReplayedGap[] = [];
  for (const s of series) {
    const byTasks = firstDay(s.tasks, s.covered, minTasks);
    const bySignals = firstDay(s.signals, s.covered, minCount);
    if (byTasks < 0 && bySignals < 0) continue;
    const day = byTasks < 0 ? bySignals : bySignals < 0 ? byTasks : Math.min(byTasks, bySignals);
    const tasks = s.tasks[day] ?? 0;
    const signals = s.signals[day] ?? 0;
    const tasksHit = tasks >= minTasks;
    const signalsHit = signals >= minCount;
    const filled = filledDay(s.covered, day);
    const app = recorded(s.repo, s.skill);
    const outcome: Outcome = filled >= 0 ? "filled" : app?.rejected ? "dismissed" : "open";
    gaps.push({
      repo: s.repo,
      skill: s.skill,
      raisedDay: day,
      raisedOn: dateOf(day),
      by: tasksHit && signalsHit ? "both" : tasksHit ? "tasks" : "signals",
      tasks,
      signals,
      outcome,
      filledOn: filled >= 0 ? dateOf(filled) : null,
      leadDays: filled >= 0 ? filled - day : null,
      recordedOn: app ? dateOf(app.day) : null,
    });
  }
  const count = (o: Outcome) => gaps.filter((g) => g.outcome === o).length;
  return {
    gaps,
    counts: {
      minTasks,
      minCount,
      raised: gaps.length,
      filled: count("filled"),
      dismissed: count("dismissed"),
      open: count("open"),
      medianLeadDays: median(gaps.flatMap((g) => (g.leadDays === null ? [] : [g.leadDays]))),
    },
  };
}

/** Replays detection over `history` at the given thresholds and across the `grid`'s values. */
export function replayDetection(params: {
  history: BacktestHistory;
  minTasks: number;
  minCount: number;
  windowDays: number;
  grid?: { minTasks?: number[]; minCount?: number[] };
}): ReplayResult {
  const { history, minTasks, minCount, windowDays } = params;
  const series = buildSeries(history, windowDays);
  const recorded = recordedGaps(history);
  const start = Date.parse(history.since);
  const dateOf = (day: number) => new Date(start + day * DAY_MS).toISOString().slice(0, 10);
  const main = replayAt(series, recorded, dateOf, minTasks, minCount);
  const sweep = (vary: "min_tasks" | "min_count", values: number[]) =>
    [...new Set(values)]
      .sort((a, b) => a - b)
      .map((v) => ({
        vary,
        ...(vary === "min_tasks"
          ? replayAt(series, recorded, dateOf, v, minCount)
          : replayAt(series, recorded, dateOf, minTasks, v)
        ).counts,
      }));
  return {
    since: history.since,
    days: history.days,
    windowDays,
    repos: new Set(series.map((s) => s.repo)).size,
    totals: main.counts,
    gaps: main.gaps,
    sensitivity: [
      ...sweep("min_tasks", params.grid?.minTasks ?? [minTasks]),
      ...sweep("min_count", params.grid?.minCount ?? [minCount]),
    ],
  };
}
