import type { PullRequestClosedEvent } from "@octokit/webhooks-types";

export interface ClosedPullRequest {
  repo: string;
  prNumber: number;
  body: string;
  merged: boolean;
  actor: string;
}

/** A closed pull request a bot opened (ours carry a tracking id the pipeline checks); else null. */
export function closedPullRequestOf(payload: PullRequestClosedEvent): ClosedPullRequest | null {
  if (payload.pull_request.user?.type !== "Bot") return null;
  return {
    repo: payload.repository.full_name,
    prNumber: payload.pull_request.number,
    body: payload.pull_request.body ?? "",
    merged: payload.pull_request.merged === true,
    actor: payload.sender.login,
  };
}
