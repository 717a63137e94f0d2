import type { GapOutcome } from "../intake/gap-outcome.ts";
import { type Job, unhandledTrigger } from "../intake/job.ts";
import type { Admission } from "./admit-job.ts";
import { answerPullRequest } from "./answer-pull-request.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";
import { runCommand } from "./run-command.ts";
import { runGap } from "./run-gap.ts";
import { runLabels } from "./run-labels.ts";
import { runRegenerate } from "./run-regenerate.ts";

/**
 * A recorded job to its pipeline, by its trigger: a gap (a person's request, the scan's, a
 * resume), an approval or a `/team-factory` command, `/regenerate`, labels, the answer to a merged,
 * closed or reopened team PR. A trigger added to `Job` does not compile until it is sent here.
 */
export function runJob(job: Job, deps: PipelineDeps, admission?: Admission): Promise<GapOutcome> {
  switch (job.trigger) {
    case "label":
    case "command":
    case "scan":
    case "resume":
      return runGap(job, deps, admission);
    case "approval":
    case "control":
      return runCommand(job, deps, admission);
    case "regenerate":
      return runRegenerate(job, deps, admission);
    case "labels":
      return runLabels(job, deps);
    case "pull-request":
      return answerPullRequest(job, deps);
    default:
      return unhandledTrigger(job);
  }
}
