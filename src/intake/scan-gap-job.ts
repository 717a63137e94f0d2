import type { ScanFinding } from "./gap-from-scan.ts";
import type { JobOf } from "./job.ts";

/**
 * A gap the task scan hands to the pipeline: with the issue the scan just opened for it
 * (`scan.mode: issue`, progress and PR go there), or alone (`scan.mode: pipeline`).
 */
export interface ScanGapSubmission {
  installationId: number;
  owner: string;
  repo: string;
  gapKey: string;
  gap: ScanFinding;
  issueNumber?: number;
  /** Shadow mode (`mode.detected`): no issue was opened, and the pipeline writes nothing. */
  shadow?: boolean;
}

/**
 * A scan gap as a pipeline job, on the scan's issue or alone (`scan.mode: pipeline`, or shadow
 * mode); one a day, and a shadow one apart, so leaving shadow mode raises the gap the same day.
 */
export function scanGapJob(submission: ScanGapSubmission, now: Date): JobOf<"scan"> {
  const { gap } = submission;
  const day = now.toISOString().slice(0, 10);
  return {
    trigger: "scan",
    deliveryId: `scan:${submission.gapKey}:${day}${submission.shadow ? ":shadow" : ""}`,
    ...(submission.shadow && { shadow: true as const }),
    installationId: submission.installationId,
    owner: submission.owner,
    repo: submission.repo,
    issueNumber: submission.issueNumber ?? null,
    actor: "team-factory-scan",
    scan: {
      skill: gap.skill,
      taskCount: gap.taskCount,
      taskIds: gap.tasks.slice(0, 1000).map((t) => t.id),
      projects: gap.projects.slice(0, 200),
      urgency: gap.urgency,
      ...(gap.signals
        ? { signals: { total: gap.signals.total, windowDays: gap.signals.windowDays } }
        : {}),
    },
  };
}
