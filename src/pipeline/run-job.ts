import type { GapJob } from "../intake/gap-job.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Admission } from "./admit-job.ts";
import { answerPullRequest } from "./answer-pull-request.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";
import { runCommand } from "./run-command.ts";
import { runGap } from "./run-gap.ts";
import { runLabels } from "./run-labels.ts";
import { runRegenerate } from "./run-regenerate.ts";

/**
 * A recorded job to its pipeline: an approval or a pause/resume command, `/regenerate`, labels,
 * the answer to a merged, closed or reopened team PR, else a gap.
 */
export function runJob(
  job: GapJob,
  deps: PipelineDeps,
  admission?: Admission,
): Promise<GapOutcome> {
  if (job.trigger === "pull-request") return answerPullRequest(job, deps);
  if (job.trigger === "regenerate") return runRegenerate(job, deps, admission);
  if (job.trigger === "labels") return runLabels(job, deps);
  return job.trigger === "approval" || job.trigger === "control"
    ? runCommand(job, deps, admission)
    : runGap(job, deps, admission);
}
