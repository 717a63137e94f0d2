import type { Context } from "probot";
import { recordPullRequestClosed } from "../pipeline/record-pull-request-closed.ts";
import type { TeamFactory } from "../team-factory.ts";

/** `pull_request.closed` on one of our branches: the gap is merged (team registered) or closed. */
export async function onPullRequestClosed(params: {
  context: Context<"pull_request.closed">;
  factory: TeamFactory;
}): Promise<void> {
  const { payload } = params.context;
  if (payload.pull_request.user?.type !== "Bot") return;
  await recordPullRequestClosed({
    store: params.factory.store,
    repo: payload.repository.full_name,
    prNumber: payload.pull_request.number,
    body: payload.pull_request.body ?? "",
    merged: payload.pull_request.merged === true,
    actor: payload.sender.login,
  });
}
