import type { GapJob } from "../intake/gap-job.ts";
import type { Admission } from "./admit-job.ts";
import type { GapOutcome, PipelineDeps } from "./pipeline-deps.ts";
import { runCommand } from "./run-command.ts";
import { runGap } from "./run-gap.ts";
import { runLabels } from "./run-labels.ts";

/** A recorded job to its pipeline: an approval or a pause/resume command, labels, else a gap. */
export function runJob(
  job: GapJob,
  deps: PipelineDeps,
  admission?: Admission,
): Promise<GapOutcome> {
  if (job.trigger === "labels") return runLabels(job, deps);
  return job.trigger === "approval" || job.trigger === "control"
    ? runCommand(job, deps, admission)
    : runGap(job, deps, admission);
}
