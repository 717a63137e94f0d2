import type { IssuesLabeledEvent, IssuesOpenedEvent } from "@octokit/webhooks-types";
import type { Context } from "probot";
import { jobFromIssueEvent } from "../intake/job-from-issue-event.ts";
import type { HandlerDeps } from "./handler-deps.ts";

/** An issue labelled with the trigger label, or opened with it (an issue form). */
export async function onIssue(params: {
  context: Context<"issues.labeled" | "issues.opened">;
  deps: HandlerDeps;
}): Promise<void> {
  const { context, deps } = params;
  const payload = context.payload as unknown as IssuesLabeledEvent | IssuesOpenedEvent;
  const trigger = deps.triggerLabelOf(payload.repository.full_name);
  const job = jobFromIssueEvent({ deliveryId: context.id, payload, trigger });
  if (job) await deps.submit(job);
}
