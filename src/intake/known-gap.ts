import { gapKeyOfJob } from "./gap-from-job.ts";
import type { Job } from "./job.ts";

/** The store's two ways to find a gap's record (the store's, or a test's). */
export interface GapLookup<G> {
  getGap(params: { gapKey: string }): Promise<G | null>;
  findGapByIssue(params: { repo: string; issueNumber: number }): Promise<G | null>;
}

/** The gap recorded for this job: by its own key, or (an issue's trigger) by the issue's number. */
export function knownGap<G>(job: Job, store: GapLookup<G>): Promise<G | null> {
  const repo = `${job.owner}/${job.repo}`;
  return job.gapKey || job.trigger === "scan" || job.issueNumber === null
    ? store.getGap({ gapKey: gapKeyOfJob(job) })
    : store.findGapByIssue({ repo, issueNumber: job.issueNumber });
}
