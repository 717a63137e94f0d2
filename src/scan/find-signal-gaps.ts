import type { SignalEvidence } from "../signals/gap-signal.ts";
import { SKILL_PATTERN } from "../spec/team-spec.ts";
import type { SignalGapRow, SignalStore } from "../store/signal-store.ts";
import type { CapabilityGap } from "./find-capability-gaps.ts";

/** One repository's signal gaps: `store.signals.findRepoSignalGaps` (rows checked there). */
export type SignalGapQuery = SignalStore["findRepoSignalGaps"];

/** A row as the scan's evidence; null when its skill is not a valid skill keyword. */
export function signalEvidence(row: SignalGapRow, windowDays: number): SignalEvidence | null {
  if (!SKILL_PATTERN.test(row.skill)) return null;
  return {
    windowDays,
    total: row.total,
    unhandled: row.unhandled,
    failedSignals: row.failed_signals,
    failedTasks: row.failed_tasks,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    samples: row.samples.slice(0, 3).map((s) => ({
      kind: s.kind,
      source: s.source,
      detail: s.detail,
      occurredAt: s.occurred_at,
    })),
  };
}

/**
 * One gap per skill: the task scan's gaps (most urgent first) carry the evidence of signals for
 * the same skill, and skills only signals point at follow, most signals first. Rows whose skill
 * is not a valid keyword are returned in `rejected`.
 */
export function mergeSignalGaps(params: {
  gaps: CapabilityGap[];
  rows: SignalGapRow[];
  windowDays: number;
}): { gaps: CapabilityGap[]; rejected: string[] } {
  const rejected: string[] = [];
  const bySkill = new Map<string, SignalEvidence>();
  for (const row of params.rows) {
    const evidence = signalEvidence(row, params.windowDays);
    if (evidence) bySkill.set(row.skill, evidence);
    else rejected.push(row.skill.slice(0, 60));
  }
  const merged = params.gaps.map((gap) => {
    const signals = bySkill.get(gap.skill);
    bySkill.delete(gap.skill);
    return signals ? { ...gap, signals } : gap;
  });
  const onlySignals = [...bySkill]
    .sort(([a, x], [b, y]) => y.total - x.total || a.localeCompare(b))
    .map(
      ([skill, signals]): CapabilityGap => ({
        skill,
        taskCount: 0,
        tasks: [],
        projectCount: 0,
        projects: [],
        urgency: "medium",
        signals,
      }),
    );
  return { gaps: [...merged, ...onlySignals], rejected };
}
