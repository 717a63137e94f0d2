import type { IssueCommentCreatedEvent } from "@octokit/webhooks-types";
import type { Context } from "probot";
import { jobFromComment } from "../intake/job-from-comment.ts";
import type { HandlerDeps } from "./handler-deps.ts";

/** `/create-team`, `/approve-team` and `/team-factory pause|resume` comments. */
export async function onIssueComment(params: {
  context: Context<"issue_comment.created">;
  deps: HandlerDeps;
}): Promise<void> {
  const { context, deps } = params;
  const payload = context.payload as unknown as IssueCommentCreatedEvent;
  const job = jobFromComment({ deliveryId: context.id, payload });
  if (job) await deps.submit(job);
}
