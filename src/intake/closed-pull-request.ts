import type { PullRequestClosedEvent, PullRequestReopenedEvent } from "@octokit/webhooks-types";

export interface ClosedPullRequest {
  repo: string;
  prNumber: number;
  /** The PR's head branch (a PR whose number the store missed is still known by its branch). */
  headRef: string;
  body: string;
  merged: boolean;
  actor: string;
}

/** A closed (or reopened) pull request a bot opened (ours carry a tracking id the pipeline checks); else null. */
export function closedPullRequestOf(
  payload: PullRequestClosedEvent | PullRequestReopenedEvent,
): ClosedPullRequest | null {
  if (payload.pull_request.user?.type !== "Bot") return null;
  return {
    repo: payload.repository.full_name,
    prNumber: payload.pull_request.number,
    headRef: payload.pull_request.head.ref,
    body: payload.pull_request.body ?? "",
    merged: payload.pull_request.merged === true,
    actor: payload.sender.login,
  };
}
