import { specHash } from "../../src/factory/spec-hash.ts";
import { estimateCost } from "../../src/spec/estimate-cost.ts";
import type { TeamSpec } from "../../src/spec/team-spec.ts";
import type { Store } from "../../src/store/store.ts";

/**
 * The records a team leaves when the app published it and a person merged its PR, written through
 * the store's own state machine: for a repository seeded with that team's folder.
 */
export async function recordPublishedTeam(
  store: Store,
  params: {
    repo: string;
    installationId: number;
    spec: TeamSpec;
    issueNumber: number;
    prNumber: number;
  },
): Promise<void> {
  const { repo, spec } = params;
  const gapKey = `${repo.toLowerCase()}:issue:${params.issueNumber}`;
  const actor = "mia";
  await store.openGap({ ...params, gapKey, trigger: "label", actor });
  await store.updateGap({
    ...{ gapKey, actor, state: "planned", slug: spec.name, branch: `team-factory/${spec.name}` },
    ...{ spec, specHash: specHash(spec), cost: estimateCost({ spec }) },
  });
  const prUrl = `https://github.com/${repo}/pull/${params.prNumber}`;
  await store.updateGap({ gapKey, actor, state: "pr-open", prNumber: params.prNumber, prUrl });
  await store.updateGap({ gapKey, actor, state: "merged" });
}
