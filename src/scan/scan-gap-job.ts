import type { GapJob } from "../pipeline/gap-job.ts";
import type { ScanGapSubmission } from "./scan-repository.ts";

/**
 * The pipeline job for a scan gap in `scan.mode: pipeline`. The delivery id is the gap key and
 * the UTC day, so the same gap submitted twice on one day is one job.
 */
export function scanGapJob(params: {
  submission: ScanGapSubmission;
  now: Date;
  actor: string;
}): GapJob {
  const { submission, now, actor } = params;
  const { gap } = submission;
  return {
    trigger: "scan",
    deliveryId: `scan:${submission.gapKey}:${now.toISOString().slice(0, 10)}`.slice(0, 200),
    installationId: submission.installationId,
    owner: submission.owner,
    repo: submission.repo,
    issueNumber: null,
    actor,
    scan: {
      skill: gap.skill,
      taskCount: gap.taskCount,
      taskIds: gap.tasks.map((t) => t.id),
      projects: gap.projects,
      urgency: gap.urgency,
    },
  };
}
