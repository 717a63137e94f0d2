import type { PullRequestReopenedEvent } from "@octokit/webhooks-types";
import type { Context } from "probot";
import { reopenedPullRequestOf } from "../intake/reopened-pull-request.ts";
import type { HandlerDeps } from "./handler-deps.ts";

/** A team PR closed without merging and opened again: its gap waits for the review again. */
export async function onPullRequestReopened(params: {
  context: Context<"pull_request.reopened">;
  deps: HandlerDeps;
}): Promise<void> {
  const payload = params.context.payload as unknown as PullRequestReopenedEvent;
  const reopened = reopenedPullRequestOf(payload);
  if (reopened) await params.deps.pullRequestReopened(reopened);
}
