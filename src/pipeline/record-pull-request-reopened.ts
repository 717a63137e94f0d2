import type { ReopenedPullRequest } from "../intake/reopened-pull-request.ts";
import type { PipelineStore } from "./pipeline-deps.ts";
import { findPullRequestGap, type PullRequestRecord } from "./record-pull-request-closed.ts";

/**
 * A team PR closed without merging was reopened: its gap is pr-open again. A gap that moved on
 * meanwhile (planned again, another PR) is left as it is.
 */
export async function recordPullRequestReopened(
  params: ReopenedPullRequest & { store: PipelineStore },
): Promise<PullRequestRecord> {
  const { store } = params;
  const gap = await findPullRequestGap(params);
  if (!gap) return { outcome: "not-ours" };
  const waiting = gap.state === "rejected" || gap.state === "closed" || gap.state === "failed";
  if (!waiting || gap.prNumber !== params.prNumber) return { outcome: "unchanged" };
  const moved = await store.updateGap({
    gapKey: gap.gapKey,
    actor: params.actor,
    state: "pr-open",
    prNumber: params.prNumber,
  });
  await store.audit({
    action: "pr.reopened",
    actor: params.actor,
    gapKey: gap.gapKey,
    repo: params.repo,
    details: { pr: params.prNumber, state: "pr-open", was: gap.state },
  });
  return { outcome: "reopened", gap: moved };
}
