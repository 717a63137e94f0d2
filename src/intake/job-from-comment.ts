import type { IssueCommentCreatedEvent } from "@octokit/webhooks-types";
import type { JobOf } from "./job.ts";

/** The jobs a comment makes: its first word names the trigger. */
type CommentJob = JobOf<"command" | "approval" | "control" | "regenerate">;

const TRIGGERS: Record<string, CommentJob["trigger"]> = {
  "/create-team": "command",
  "/approve-team": "approval",
  "/team-factory": "control",
  "/regenerate": "regenerate",
};

/**
 * `/create-team`, `/approve-team`, `/team-factory pause|resume` and `/regenerate` on the first line
 * of a comment; on a pull request only `/regenerate` (a team PR's team, rebuilt).
 */
export function jobFromComment(params: {
  deliveryId: string;
  payload: IssueCommentCreatedEvent;
}): CommentJob | null {
  const { payload } = params;
  if (payload.sender.type === "Bot" || !payload.installation) return null;
  const body = payload.comment.body ?? "";
  const head = /^\s*(\/[a-z-]+)/i.exec(body.slice(0, 200))?.[1]?.toLowerCase();
  const trigger = head ? TRIGGERS[head] : undefined;
  const onPullRequest = !!payload.issue.pull_request;
  if (!trigger || (onPullRequest && trigger !== "regenerate")) return null;
  return {
    trigger,
    deliveryId: params.deliveryId,
    installationId: payload.installation.id,
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    issueNumber: payload.issue.number,
    actor: payload.sender.login,
    // The signature covers the comment's id but not the delivery id: a replay is the same comment.
    dedupeKey: `comment:${payload.repository.id}:${payload.comment.id}`,
    commentBody: body.slice(0, 65_536),
    commentCreatedAt: payload.comment.created_at,
    ...(onPullRequest && { onPullRequest }),
  };
}
