import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { JobOf } from "../intake/job.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";
import type { PullRequestRecord } from "./record-pull-request-closed.ts";

/**
 * The job that tells a gap's issue what became of its PR, once the store has recorded it (one
 * job per change of state: a redelivered webhook changes nothing and queues nothing).
 */
export function answerPullRequestJob(params: {
  record: PullRequestRecord;
  actor: string;
}): JobOf<"pull-request"> | null {
  const { record } = params;
  if (!("gap" in record)) return null;
  const { gap } = record;
  const [owner = "", repo = ""] = gap.repo.split("/");
  if (gap.issueNumber === null || gap.prNumber === null) return null;
  return {
    trigger: "pull-request",
    deliveryId:
      `pull-request:${record.outcome}:${gap.gapKey}:${gap.prNumber}:${gap.updatedAt}`.slice(0, 200),
    installationId: gap.installationId,
    owner,
    repo,
    issueNumber: gap.issueNumber,
    actor: params.actor,
    gapKey: gap.gapKey,
    pullRequest: { number: gap.prNumber, outcome: record.outcome },
  };
}

/** Merged: a closing comment and the issue closed. Closed unmerged or reopened: one comment. */
export async function answerPullRequest(
  job: JobOf<"pull-request">,
  deps: PipelineDeps,
): Promise<GapOutcome> {
  const { pullRequest, issueNumber } = job;
  if (!pullRequest || issueNumber === null) return { kind: "ignored", reason: "no pull request" };
  const github = await deps.github(job);
  const gap = job.gapKey ? await deps.store.getGap({ gapKey: job.gapKey }) : null;
  const team = gap?.spec ? `\`${gap.spec.name}\`` : "the team";
  const pr = `#${pullRequest.number}`;
  const upgrade = gap?.trigger === "regenerate";
  const text = {
    merged: upgrade
      ? `🎉 ${pr} was merged: ${team} is regenerated with the newer generator and registered again.`
      : `🎉 ${pr} was merged: ${team} is in the repository and in the team registry. This gap is done, so Team Factory closes this issue.`,
    rejected: `${pr} was closed without merging; comment \`/create-team\` to try again. (Its daily slot stays used.)`,
    reopened: `${pr} was reopened: the team waits for its review again.`,
  }[pullRequest.outcome];
  await github.createComment(issueNumber, text);
  const close = pullRequest.outcome === "merged" && !upgrade;
  if (close) await github.closeIssue(issueNumber);
  await deps.store.audit({
    action: close ? "issue.closed" : "issue.commented",
    actor: job.actor,
    gapKey: job.gapKey ?? null,
    repo: `${job.owner}/${job.repo}`,
    details: { issue: issueNumber, pr: pullRequest.number, outcome: pullRequest.outcome },
  });
  return { kind: "pull-request", outcome: pullRequest.outcome, prNumber: pullRequest.number };
}
