import type { Context } from "probot";
import type { TeamFactory } from "../team-factory.ts";

/**
 * `issues.labeled` with the trigger label, or `issues.opened` already carrying it (an issue form).
 * Who may label is limited by GitHub itself (triage or higher); the labeller is recorded.
 */
export async function onIssueLabeled(params: {
  context: Context<"issues.labeled" | "issues.opened">;
  factory: TeamFactory;
}): Promise<void> {
  const { context, factory } = params;
  const { payload } = context;
  if (payload.sender.type === "Bot" || payload.issue.pull_request || !payload.installation) return;
  const repo = payload.repository.full_name;
  // A new issue's labels are matched against the known trigger label only; a label being added
  // to an issue of a repo not seen yet may be a custom trigger label (the pipeline checks).
  const label =
    payload.action === "labeled"
      ? payload.label?.name
      : payload.issue.labels?.map((l) => l.name).find((name) => factory.isTrigger(repo, name));
  if (!label || !(factory.isTrigger(repo, label) || factory.mayBeTrigger(repo, label))) return;
  await factory.submit({
    octokit: context.octokit,
    job: {
      trigger: "label",
      deliveryId: context.id,
      installationId: payload.installation.id,
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      issueNumber: payload.issue.number,
      issueBody: payload.issue.body?.slice(0, 262_144) ?? null,
      actor: payload.sender.login,
      label,
    },
  });
}
