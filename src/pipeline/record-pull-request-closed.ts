import type { ClosedPullRequest } from "../intake/closed-pull-request.ts";
import type { GapRecord } from "../store/store.ts";
import type { PipelineStore } from "./pipeline-deps.ts";

const TRACKING = /Tracking id: `([a-z0-9][a-z0-9:._/-]{0,199})`/;

/** What a PR event did to its gap; the ones that changed it are answered on the issue. */
export type PullRequestRecord =
  | { outcome: "merged" | "rejected" | "reopened"; gap: GapRecord }
  | { outcome: "not-ours" | "unchanged" };

/**
 * The gap of one of our PRs: named by the tracking id in the PR body, and recorded with this PR's
 * number or branch in this repository (a body anyone with write access can edit proves nothing).
 */
export async function findPullRequestGap(params: {
  store: Pick<PipelineStore, "getGap">;
  repo: string;
  prNumber: number;
  headRef: string;
  body: string;
}): Promise<GapRecord | null> {
  const gapKey = TRACKING.exec(params.body.slice(0, 100_000))?.[1];
  const gap = gapKey ? await params.store.getGap({ gapKey }) : null;
  const ours =
    gap !== null &&
    gap.repo.toLowerCase() === params.repo.toLowerCase() &&
    (gap.prNumber === params.prNumber || (gap.branch !== null && gap.branch === params.headRef));
  return ours ? gap : null;
}

/**
 * A team PR was merged or closed, whatever its gap was doing (GitHub did it). Merged: the gap is
 * merged and the team registered. Closed without merging: the gap is rejected (its daily slot
 * stays used; `/create-team` plans again). A redelivery changes nothing.
 */
export async function recordPullRequestClosed(
  params: ClosedPullRequest & { store: PipelineStore },
): Promise<PullRequestRecord> {
  const { store } = params;
  const gap = await findPullRequestGap(params);
  if (!gap) return { outcome: "not-ours" };
  const state = params.merged ? "merged" : "rejected";
  if (gap.state === "merged" || (gap.state === state && gap.prNumber === params.prNumber))
    return { outcome: "unchanged" };
  const reason = params.merged
    ? undefined
    : `pull request #${params.prNumber} was closed without merging`;
  const moved = await store.updateGap({
    gapKey: gap.gapKey,
    actor: params.actor,
    state,
    prNumber: params.prNumber,
    reason,
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
    action: params.merged ? "pr.merged" : "pr.closed",
    actor: params.actor,
    gapKey: gap.gapKey,
    repo: params.repo,
    details: {
      pr: params.prNumber,
      state,
      ...(params.merged && gap.spec ? { registered: gap.spec.name } : {}),
    },
  });
  return { outcome: state, gap: moved };
}
