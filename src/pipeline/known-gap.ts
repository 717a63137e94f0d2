import { gapKeyOfJob } from "../intake/gap-from-job.ts";
import type { GapJob } from "../intake/gap-job.ts";
import type { PipelineStore } from "./pipeline-deps.ts";

/** The gap recorded for this job: by its own key, or (an issue's trigger) by the issue's number. */
export function knownGap(job: GapJob, store: Pick<PipelineStore, "getGap" | "findGapByIssue">) {
  const repo = `${job.owner}/${job.repo}`;
  return job.gapKey || job.scan || job.issueNumber === null
    ? store.getGap({ gapKey: gapKeyOfJob(job) })
    : store.findGapByIssue({ repo, issueNumber: job.issueNumber });
}
