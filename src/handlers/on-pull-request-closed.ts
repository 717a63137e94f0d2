import type { PullRequestClosedEvent } from "@octokit/webhooks-types";
import type { Context } from "probot";
import { closedPullRequestOf } from "../intake/closed-pull-request.ts";
import type { HandlerDeps } from "./handler-deps.ts";

/** A team PR merged (the team is registered) or closed. */
export async function onPullRequestClosed(params: {
  context: Context<"pull_request.closed">;
  deps: HandlerDeps;
}): Promise<void> {
  const payload = params.context.payload as unknown as PullRequestClosedEvent;
  const closed = closedPullRequestOf(payload);
  if (closed) await params.deps.pullRequestClosed(closed);
}
