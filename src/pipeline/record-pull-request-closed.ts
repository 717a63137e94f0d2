import type { ClosedPullRequest } from "../intake/closed-pull-request.ts";
import type { PipelineStore } from "./pipeline-deps.ts";

const TRACKING = /Tracking id: `([a-z0-9][a-z0-9:._/-]{0,199})`/;

/**
 * A team PR was merged or closed: the gap (found by the tracking id in the PR body, and the PR's
 * number or branch) moves to merged or closed whatever it was doing (GitHub did it), and a merged
 * team is registered in the team registry. A redelivered merge changes nothing.
 */
export async function recordPullRequestClosed(
  params: ClosedPullRequest & { store: PipelineStore },
): Promise<"merged" | "closed" | "not-ours"> {
  const { store } = params;
  const gapKey = TRACKING.exec(params.body.slice(0, 100_000))?.[1];
  const gap = gapKey ? await store.getGap({ gapKey }) : null;
  const ours =
    gap !== null &&
    gap.repo.toLowerCase() === params.repo.toLowerCase() &&
    (gap.prNumber === params.prNumber || (gap.branch !== null && gap.branch === params.headRef));
  if (!gap || !ours) return "not-ours";
  if (gap.state === "merged") return "merged";
  const state = params.merged ? "merged" : "closed";
  await store.updateGap({
    gapKey: gap.gapKey,
    actor: params.actor,
    state,
    prNumber: params.prNumber,
  });
  if (params.merged && gap.spec) {
    const { spec } = gap;
    await store.registerTeam({
      name: spec.name,
      displayName: spec.displayName,
      department: spec.department,
      purpose: spec.description,
      framework: spec.framework,
      llmProvider: spec.provider,
      llmModel: spec.model,
      metadata: { gapKey: gap.gapKey, pr: params.prNumber, repo: params.repo },
      members: spec.members.map((m) => ({
        role: m.role,
        isManager: m.isManager,
        responsibilities: [m.goal],
        skills: m.skills,
        systemPrompt: m.backstory,
      })),
    });
  }
  await store.audit({
    action: `pr.${state}`,
    actor: params.actor,
    gapKey: gap.gapKey,
    repo: params.repo,
    details: { pr: params.prNumber },
  });
  return state;
}
