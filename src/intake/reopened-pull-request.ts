import type { PullRequestReopenedEvent } from "@octokit/webhooks-types";
import type { ClosedPullRequest } from "./closed-pull-request.ts";

export type ReopenedPullRequest = Omit<ClosedPullRequest, "merged">;

/** A reopened pull request a bot opened (ours carry a tracking id the pipeline checks); else null. */
export function reopenedPullRequestOf(
  payload: PullRequestReopenedEvent,
): ReopenedPullRequest | null {
  if (payload.pull_request.user?.type !== "Bot") return null;
  return {
    repo: payload.repository.full_name,
    prNumber: payload.pull_request.number,
    headRef: payload.pull_request.head.ref,
    body: payload.pull_request.body ?? "",
    actor: payload.sender.login,
  };
}
