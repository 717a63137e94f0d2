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
  /** Whether a registered team covers the skill, per day. */
  covered: Uint8Array;
  /** The highest tasks and signals of the uncovered days so far, per day (see `peaks`). */
  taskPeak: Int32Array;
  signalPeak: Int32Array;
  /** The app's own gap for this skill: the day it was first recorded, and whether one was rejected. */
  app?: { day: number; rejected: boolean };
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

/** One pass over the events: each (repository, skill)'s daily series. */
function buildSeries(history: BacktestHistory, windowDays: number): Series[] {
  const { days } = history;
  const covered = coverage(history);
  const none = new Uint8Array(days);
  // Signals reach back one window before day 0: index = day + windowDays - 1.
  const back = windowDays - 1;
  const raw = new Map<
    string,
    { repo: string; skill: string; delta: Int32Array; events: Int32Array }
  >();
  const entry = (repo: string, skill: string) => {
    const key = `${repo}\n${skill}`;
    let found = raw.get(key);
    if (!found) {
      found = { repo, skill, delta: new Int32Array(days), events: new Int32Array(days + back) };
      raw.set(key, found);
    }
    return found;
  };
  const valid = (skill: string) => SKILL_PATTERN.test(skill);
  for (const t of history.tasks) {
    if (!valid(t.skill)) continue;
    const { delta } = entry(t.repo, t.skill);
    for (const d of t.opened) if (d >= 0 && d < days) delta[d] = (delta[d] ?? 0) + 1;
    for (const d of t.closed) if (d >= 0 && d < days) delta[d] = (delta[d] ?? 0) - 1;
  }
  for (const e of [...history.signals, ...history.failures]) {
    if (!valid(e.skill)) continue;
    const { events } = entry(e.repo, e.skill);
    for (const d of e.days) {
      const at = d + back;
      if (at >= 0 && at < events.length) events[at] = (events[at] ?? 0) + 1;
    }
  }
  const series: Series[] = [];
  for (const { repo, skill, delta, events } of raw.values()) {
    const tasks = new Int32Array(days);
    const signals = new Int32Array(days);
    let open = 0;
    let inWindow = 0;
    for (let i = 0; i < back; i++) inWindow += events[i] ?? 0;
    for (let d = 0; d < days; d++) {
      open += delta[d] ?? 0;
      tasks[d] = open;
      inWindow += events[d + back] ?? 0;
      signals[d] = inWindow;
      inWindow -= events[d] ?? 0;
    }
    const teams = covered.get(skill) ?? none;
    series.push({
      repo,
      skill,
      tasks,
      signals,
      covered: teams,
      taskPeak: peaks(tasks, teams),
      signalPeak: peaks(signals, teams),
    });
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return series.sort((a, b) => order(a.repo, b.repo) || order(a.skill, b.skill));
}

/**
 * The highest value of the uncovered days up to each day: it never falls, so the first day an
 * uncovered day reaches a threshold is found by bisection, whatever the threshold.
 */
function peaks(values: Int32Array, covered: Uint8Array): Int32Array {
  const peak = new Int32Array(values.length);
  let high = 0;
  for (let d = 0; d < values.length; d++) {
    if (!covered[d]) high = Math.max(high, values[d] ?? 0);
    peak[d] = high;
  }
  return peak;
}

/** The first day whose peak reaches `min` (the first uncovered day that does), or -1. */
function firstDay(peak: Int32Array, min: number): number {
  let lo = 0;
  let hi = peak.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((peak[mid] ?? 0) >= min) hi = mid;
    else lo = mid + 1;
  }
  return lo < peak.length ? lo : -1;
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

/** Where a series' gap is raised at these thresholds and what became of it; null when never. */
function raise(s: Series, minTasks: number, minCount: number) {
  const byTasks = firstDay(s.taskPeak, minTasks);
  const bySignals = firstDay(s.signalPeak, minCount);
  if (byTasks < 0 && bySignals < 0) return null;
  const day = byTasks < 0 ? bySignals : bySignals < 0 ? byTasks : Math.min(byTasks, bySignals);
  const filled = filledDay(s.covered, day);
  const outcome: Outcome = filled >= 0 ? "filled" : s.app?.rejected ? "dismissed" : "open";
  return { day, filled, outcome };
}

/** The counts alone (the sensitivity table: no gap is listed). */
function countAt(series: Series[], minTasks: number, minCount: number): ReplayCounts {
  const counts = { minTasks, minCount, raised: 0, filled: 0, dismissed: 0, open: 0 };
  const leads: number[] = [];
  for (const s of series) {
    const raised = raise(s, minTasks, minCount);
    if (!raised) continue;
    counts.raised++;
    counts[raised.outcome]++;
    if (raised.filled >= 0) leads.push(raised.filled - raised.day);
  }
  return { ...counts, medianLeadDays: median(leads) };
}

function gapsAt(
  series: Series[],
  dateOf: (day: number) => string,
  minTasks: number,
  minCount: number,
): ReplayedGap[] {
  return series.flatMap((s) => {
    const raised = raise(s, minTasks, minCount);
    if (!raised) return [];
    const { day, filled } = raised;
    const tasks = s.tasks[day] ?? 0;
    const signals = s.signals[day] ?? 0;
    const byTasks = tasks >= minTasks;
    const bySignals = signals >= minCount;
    return [
      {
        repo: s.repo,
        skill: s.skill,
        raisedDay: day,
        raisedOn: dateOf(day),
        by: byTasks && bySignals ? "both" : byTasks ? "tasks" : "signals",
        tasks,
        signals,
        outcome: raised.outcome,
        filledOn: filled >= 0 ? dateOf(filled) : null,
        leadDays: filled >= 0 ? filled - day : null,
        recordedOn: s.app ? dateOf(s.app.day) : null,
      },
    ];
  });
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
  const recorded = recordedGaps(history);
  const series = buildSeries(history, windowDays).map((s) => ({
    ...s,
    app: recorded(s.repo, s.skill),
  }));
  const since = new Date(history.since);
  const start = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate());
  const dateOf = (day: number) => new Date(start + day * DAY_MS).toISOString().slice(0, 10);
  const sweep = (vary: "min_tasks" | "min_count", values: number[]) =>
    [...new Set(values)]
      .sort((a, b) => a - b)
      .map((v) => ({
        vary,
        ...(vary === "min_tasks" ? countAt(series, v, minCount) : countAt(series, minTasks, v)),
      }));
  return {
    since: history.since,
    days: history.days,
    windowDays,
    repos: new Set(series.map((s) => s.repo)).size,
    totals: countAt(series, minTasks, minCount),
    gaps: gapsAt(series, dateOf, minTasks, minCount),
    sensitivity: [
      ...sweep("min_tasks", params.grid?.minTasks ?? [minTasks]),
      ...sweep("min_count", params.grid?.minCount ?? [minCount]),
    ],
  };
}
