import type { Context } from "probot";
import type { GapJob } from "../intake/gap-job.ts";
import type { TeamFactory } from "../team-factory.ts";

const TRIGGERS: Record<string, GapJob["trigger"]> = {
  "/create-team": "command",
  "/approve-team": "approval",
  "/team-factory": "control",
};

/** `/create-team`, `/approve-team` and `/team-factory pause|resume` on the first line of a comment. */
export async function onIssueComment(params: {
  context: Context<"issue_comment.created">;
  factory: TeamFactory;
}): Promise<void> {
  const { context, factory } = params;
  const { payload } = context;
  if (payload.sender.type === "Bot" || payload.issue.pull_request || !payload.installation) return;
  const body = payload.comment.body ?? "";
  const head = /^\s*(\/[a-z-]+)/i.exec(body.slice(0, 200))?.[1]?.toLowerCase();
  const trigger = head ? TRIGGERS[head] : undefined;
  if (!trigger) return;
  await factory.submit({
    octokit: context.octokit,
    job: {
      trigger,
      deliveryId: context.id,
      installationId: payload.installation.id,
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      issueNumber: payload.issue.number,
      issueBody: payload.issue.body?.slice(0, 262_144) ?? null,
      actor: payload.sender.login,
      commentBody: body.slice(0, 65_536),
    },
  });
}
