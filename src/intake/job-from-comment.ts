import type { IssueCommentCreatedEvent } from "@octokit/webhooks-types";
import type { GapJob } from "./gap-job.ts";
import { MAX_ISSUE_BODY } from "./job-from-issue-event.ts";

const TRIGGERS: Record<string, GapJob["trigger"]> = {
  "/create-team": "command",
  "/approve-team": "approval",
  "/team-factory": "control",
};

/** `/create-team`, `/approve-team` and `/team-factory pause|resume` on the first line of a comment. */
export function jobFromComment(params: {
  deliveryId: string;
  payload: IssueCommentCreatedEvent;
}): GapJob | null {
  const { payload } = params;
  if (payload.sender.type === "Bot" || payload.issue.pull_request || !payload.installation)
    return null;
  const body = payload.comment.body ?? "";
  const head = /^\s*(\/[a-z-]+)/i.exec(body.slice(0, 200))?.[1]?.toLowerCase();
  const trigger = head ? TRIGGERS[head] : undefined;
  if (!trigger) return null;
  return {
    trigger,
    deliveryId: params.deliveryId,
    installationId: payload.installation.id,
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    issueNumber: payload.issue.number,
    issueBody: payload.issue.body?.slice(0, MAX_ISSUE_BODY) ?? null,
    actor: payload.sender.login,
    commentBody: body.slice(0, 65_536),
  };
}
