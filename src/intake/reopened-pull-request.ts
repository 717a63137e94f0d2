import type { PullRequestReopenedEvent } from "@octokit/webhooks-types";
import { type ClosedPullRequest, closedPullRequestOf } from "./closed-pull-request.ts";

export type ReopenedPullRequest = Omit<ClosedPullRequest, "merged">;

/** A reopened pull request a bot opened (ours carry a tracking id the pipeline checks); else null. */
export function reopenedPullRequestOf(
  payload: PullRequestReopenedEvent,
): ReopenedPullRequest | null {
  const pr = closedPullRequestOf(payload);
  if (!pr) return null;
  const { merged: _, ...reopened } = pr;
  return reopened;
}
