import type { PublishResult } from "../github/publish-team.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job, JobOf } from "../intake/job.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";
import { readRepo } from "./read-repo.ts";

/**
 * The follow-up of a PR whose labels or reviewers could not be added: reads the gap's open PR
 * and adds them (a label someone created meanwhile is found by name). A failure throws, so the
 * job runner tries again later; the PR itself is never touched.
 */
export async function runLabels(job: JobOf<"labels">, deps: PipelineDeps): Promise<GapOutcome> {
  const record = await deps.store.getGap({ gapKey: job.gapKey });
  if (!record?.branch || record.state !== "pr-open")
    return { kind: "ignored", reason: "the gap has no open pull request to label" };
  const github = await deps.github(job);
  const read = await readRepo({
    github,
    issueNumber: null,
    branchName: record.branch,
    hints: deps.hints,
    reader: null,
  });
  const pr = read.context.pullRequest;
  if (!read.ok || !pr) return { kind: "ignored", reason: "no open pull request on the branch" };
  const { config, context } = read;
  const labelled = await github.labelPullRequest({
    repositoryId: context.repositoryId,
    nameWithOwner: context.nameWithOwner,
    prId: pr.id,
    labels: config.labels,
    labelIds: context.labels,
    reviewerIds: config.reviewers.flatMap((login) => context.reviewerIds.get(login) ?? []),
    teamReviewerIds: [],
  });
  if (!labelled.ok) throw new Error(`labelling #${pr.number} failed: ${labelled.error}`);
  await deps.store.audit({
    action: "pr.labelled",
    actor: job.actor,
    gapKey: record.gapKey,
    repo: `${job.owner}/${job.repo}`,
    details: { pr: pr.number, labels: config.labels },
  });
  return { kind: "labelled", prNumber: pr.number };
}

/** The follow-up that labels the gap's PR; one per PR and commit, whatever triggers it. */
export function labelsJob(job: Job, gapKey: string, pr: PublishResult): JobOf<"labels"> {
  const key = `labels:${gapKey}:${pr.prNumber}:${pr.commitOid || "found"}`.slice(0, 200);
  return {
    trigger: "labels",
    deliveryId: key,
    dedupeKey: key,
    installationId: job.installationId,
    owner: job.owner,
    repo: job.repo,
    issueNumber: job.issueNumber,
    actor: job.actor,
    gapKey,
  };
}
