import type { PublishResult } from "../github/publish-team.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job } from "../intake/job.ts";
import { neutralize } from "../spec/plain-text.ts";
import type { TeamSpec } from "../spec/team-spec.ts";
import type { GapRecord } from "../store/store.ts";
import type { GapJournal } from "./gap-journal.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";
import { labelsJob } from "./run-labels.ts";

/**
 * Step 11: the PR exists, so the gap is `pr-open` whatever else failed. Labels that could not be
 * added are handed to a follow-up job (a `labels` job of this gap, retried like any job); review
 * teams and reviewers GitHub does not know are named, not requested.
 */
export async function reportPullRequest(params: {
  job: Job;
  gapKey: string;
  record: GapRecord;
  pr: PublishResult;
  spec: TeamSpec;
  paths: string[];
  journal: GapJournal;
  deps: PipelineDeps;
  /** What the PR does, as the comment says it (default: the team's name). */
  what?: string;
  /** Reviewers and review teams the config names that GitHub does not know. */
  unknown?: string[];
}): Promise<GapOutcome> {
  const { job, pr, journal } = params;
  const unknown = params.unknown ?? [];
  // New to this gap (a publish resumed after its mutation finds the PR on the branch).
  const created = pr.created || params.record.prNumber !== pr.prNumber;
  await journal.move({
    state: "pr-open",
    prNumber: pr.prNumber,
    prUrl: pr.prUrl,
    paths: params.paths,
  });
  await journal.audit(created ? "pr.opened" : "pr.updated", {
    pr: pr.prNumber,
    commit: pr.commitOid,
    verified: pr.verified,
    files: params.paths.length,
    ...(unknown.length ? { reviewersNotFound: unknown } : {}),
  });
  if (!pr.labelled) {
    await journal.audit("pr.labels-pending", {
      pr: pr.prNumber,
      error: pr.labelError?.slice(0, 500),
    });
    await params.deps.resubmit(labelsJob(job, params.gapKey, pr));
  }
  journal.progress.step("pr", "done", `#${pr.prNumber}`);
  const what = params.what ?? neutralize(params.spec.displayName);
  const reviewers = unknown.length
    ? ` Not asked to review (GitHub does not know them here): ${unknown.map((r) => `\`${r.replace(/`/g, "'")}\``).join(", ")}.`
    : "";
  const text = `${created ? "Opened" : "Updated"} ${pr.prUrl} — ${what}, waiting for a human review.${reviewers}`;
  await journal.progress.flush({ outcome: { icon: "🚀", text } });
  await journal.progress.react("rocket").catch(() => undefined);
  const { prNumber, prUrl, verified } = pr;
  return { kind: "pr", prNumber, prUrl, created, verified };
}
