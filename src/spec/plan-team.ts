/** Planning as one call for the command line: significance → existing team? → spec → cost. */
import { isOverThreshold } from "../policy/cost-gate.ts";
import { checkSignificance } from "./check-significance.ts";
import { type CostEstimate, estimateCost, type UsageOverrides } from "./estimate-cost.ts";
import { type ExistingTeam, findSimilarTeam, type SimilarTeam } from "./find-similar-team.ts";
import type { Gap } from "./gap.ts";
import type { PlanningConfig } from "./planning-config.ts";
import { type DraftedSpec, type SpecDrafter, specFor } from "./spec-draft.ts";

export type PlanOutcome =
  | { status: "ignored"; reason: string }
  | { status: "enhance"; similar: SimilarTeam }
  | (DraftedSpec & {
      status: "planned";
      cost: CostEstimate;
      /** True when the cost is above `cost_threshold_usd`: a maintainer must `/approve-team`. */
      needsApproval: boolean;
    });

/** The same steps the pipeline takes (its steps 4–7), without the gates that need a store. */
export async function planTeam(params: {
  gap: Gap;
  config: PlanningConfig & { cost_threshold_usd: number };
  /** Teams already in the repository (see `parseExistingTeam`). */
  teams?: ExistingTeam[];
  /** When given, the spec is drafted by the model; else by the heuristic builder. */
  drafter?: SpecDrafter | null;
  usage?: UsageOverrides;
}): Promise<PlanOutcome> {
  const { gap, config } = params;
  const significance = checkSignificance(gap);
  if (!significance.ok) return { status: "ignored", reason: significance.reason };
  const similar = findSimilarTeam({
    gap,
    teams: params.teams ?? [],
    threshold: config.similarity_threshold,
  });
  if (similar) return { status: "enhance", similar };
  const drafted = params.drafter ? await params.drafter.draft(gap) : null;
  const built = specFor({ gap, config, drafted });
  const cost = estimateCost({ spec: built.spec, prices: config.prices, usage: params.usage });
  return {
    status: "planned",
    ...built,
    cost,
    needsApproval: isOverThreshold(cost.monthlyUsd, config.cost_threshold_usd),
  };
}
