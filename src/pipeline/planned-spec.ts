import type { RepoConfig } from "../config/repo-config.ts";
import { specHash } from "../factory/spec-hash.ts";
import type { RepoContext } from "../github/gather-repo-context.ts";
import type { GapJob } from "../intake/gap-job.ts";
import { chooseTeamName } from "../policy/team-name.ts";
import { type CostEstimate, estimateCost } from "../spec/estimate-cost.ts";
import type { Gap } from "../spec/gap.ts";
import { type SpecDrafter, specFor } from "../spec/spec-draft.ts";
import type { TeamSpec } from "../spec/team-spec.ts";
import type { GapRecord } from "../store/store.ts";
import type { PipelineStore } from "./pipeline-deps.ts";

export interface PlannedSpec {
  spec: TeamSpec;
  cost: CostEstimate;
  hash: string;
  builtBy: string;
}

/** Jobs that publish the spec a gap has already: an approval, a resume, `/regenerate`. */
export function continuesGap(job: GapJob): boolean {
  return job.trigger === "approval" || job.trigger === "resume" || job.trigger === "regenerate";
}

/** The spec an approval, a resume or `/regenerate` publishes: the one kept, not a new draft. */
export function keptSpec(job: GapJob, record: GapRecord): PlannedSpec | null {
  if (!continuesGap(job) || !record.spec || !record.cost || !record.specHash) return null;
  const builtBy =
    {
      approval: "the approved spec",
      regenerate: "the spec in team.json (/regenerate)",
    }[job.trigger as string] ?? "the spec planned before the pause";
  return { spec: record.spec, cost: record.cost, hash: record.specHash, builtBy };
}

/**
 * Step 6: the spec drafted by the model when there is one (else, or when it fails, by the
 * heuristics), under a name that is no folder, branch or other gap's (a new team never lands on
 * another's PR; a gap keeps the name it got first), with its cost and hash.
 */
export async function draftSpec(params: {
  gap: Gap;
  gapKey: string;
  config: RepoConfig;
  context: RepoContext;
  record: GapRecord;
  drafter: SpecDrafter | null;
  store: PipelineStore;
}): Promise<PlannedSpec> {
  const { gap, config, context, record, drafter } = params;
  const built = specFor({ gap, config, drafted: (await drafter?.draft(gap)) ?? null });
  const taken = new Set([
    ...context.teams.map((t) => t.slug),
    ...context.teamBranches,
    ...(await params.store.listTeamNames({ repo: record.repo, exceptGapKey: params.gapKey })),
  ]);
  const name = chooseTeamName({ proposed: built.spec.name, kept: record.slug, taken });
  const spec = { ...built.spec, name };
  const builtBy =
    built.via === "model"
      ? `OpenAI ${drafter?.model}`
      : `heuristics${built.fallbackReason ? ` (OpenAI failed: ${built.fallbackReason})` : ""}`;
  return {
    spec,
    cost: estimateCost({ spec, prices: config.prices }),
    hash: specHash(spec),
    builtBy,
  };
}
