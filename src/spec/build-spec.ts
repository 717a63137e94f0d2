/** The spec half of the pipeline: significance → existing team? → spec (LLM or heuristic) → cost. */
import type OpenAI from "openai";
import type { RepoConfig } from "../config/repo-config.ts";
import { buildHeuristicSpec } from "./build-heuristic-spec.ts";
import { checkSignificance } from "./check-significance.ts";
import {
  type CostEstimate,
  estimateCost,
  isOverThreshold,
  type UsageOverrides,
} from "./estimate-cost.ts";
import { type ExistingTeam, findSimilarTeam, type SimilarTeam } from "./find-similar-team.ts";
import type { Gap } from "./gap.ts";
import type { TeamSpec } from "./team-spec.ts";

export type SpecOutcome =
  | { status: "ignored"; reason: string }
  | { status: "enhance"; similar: SimilarTeam }
  | {
      status: "planned";
      spec: TeamSpec;
      cost: CostEstimate;
      /** True when the cost is above `cost_threshold_usd`: a maintainer must `/approve-team`. */
      needsApproval: boolean;
      via: "openai" | "heuristic";
      fallbackReason?: string;
    };

export async function buildSpec(params: {
  gap: Gap;
  config: RepoConfig;
  /** Teams already in the repository (see `parseExistingTeam`). */
  teams?: ExistingTeam[];
  /** When given, the spec is drafted by the model; else by the heuristic builder. */
  openai?: { client: OpenAI; model: string; timeoutMs: number } | null;
  usage?: UsageOverrides;
}): Promise<SpecOutcome> {
  const { gap, config } = params;
  const significance = checkSignificance(gap);
  if (!significance.ok) return { status: "ignored", reason: significance.reason };

  const similar = findSimilarTeam({
    gap,
    teams: params.teams ?? [],
    threshold: config.similarity_threshold,
  });
  if (similar) return { status: "enhance", similar };

  // Loaded only when used: the openai package is the slowest import of the command line.
  const built = params.openai
    ? await (await import("./build-openai-spec.ts")).buildSpecWithOpenAI({
        gap,
        config,
        ...params.openai,
      })
    : { spec: buildHeuristicSpec({ gap, config }), via: "heuristic" as const };
  const cost = estimateCost({ spec: built.spec, prices: config.prices, usage: params.usage });
  return {
    status: "planned",
    ...built,
    cost,
    needsApproval: isOverThreshold(cost, config.cost_threshold_usd),
  };
}
