import type { RepoConfig } from "../config/repo-config.ts";
import { specHash } from "../factory/spec-hash.ts";
import {
  checkRecordedProvenance,
  type RecordedSpec,
  readTeamProvenance,
  type TrustedProvenance,
} from "../factory/team-provenance.ts";
import type { RepoContext } from "../github/gather-repo-context.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import { enhancementBody, enhancementTitle, signedUsd } from "../render/render-team-change.ts";
import { amendSpec, planAdditions } from "../spec/amend-spec.ts";
import { type CostEstimate, estimateCost } from "../spec/estimate-cost.ts";
import type { SimilarTeam } from "../spec/find-similar-team.ts";
import type { Gap } from "../spec/gap.ts";
import { neutralize } from "../spec/plain-text.ts";
import type { TeamMember, TeamSpec } from "../spec/team-spec.ts";
import type { GapRecord } from "../store/store.ts";
import { gapView, newTeamText, type PublishText, type TeamChange } from "./publish-gap.ts";

/** A spec with its cost and hash, and who made it. */
export interface TeamPlan {
  spec: TeamSpec;
  cost: CostEstimate;
  hash: string;
  builtBy: string;
}

/** A spec that changes a team already on the default branch (one with our team.json). */
export interface Enhancement {
  team: string;
  base: TeamSpec;
  baseCost: CostEstimate;
  added: TeamMember[];
  leftOut: string[];
  /** The change of the team's monthly cost: what the cost gate weighs. */
  deltaUsd: number;
  branch: string;
}

const teamOf = (context: RepoContext, name: string) => context.teams.find((t) => t.slug === name);

/**
 * A folder's team as far as the app's records trust it: its team.json checks out, its spec names
 * the folder and is one the app recorded for the team (`records`: `teamRecords` of that name).
 */
export function trustedTeam(params: {
  context: RepoContext;
  name: string;
  records: RecordedSpec[];
}): TrustedProvenance {
  const read = readTeamProvenance(teamOf(params.context, params.name)?.files["team.json"]);
  if (!read.ok) return read;
  return checkRecordedProvenance({
    folder: params.name,
    provenance: read.provenance,
    records: params.records,
  });
}
const roleList = (members: TeamMember[]) =>
  members.map((m) => `${m.role} (${m.skills.slice(0, 3).join(", ")})`).join(", ");
const NEW = "Comment `/create-team --new` to ask for a separate team anyway.";

/**
 * Step 5 for a team close to the gap: ours (a team.json that checks out) is amended with the
 * members it lacks, and the PR changes its folder; a hand-written one is not touched: the answer
 * names what extending it would add.
 */
export function amendSimilarTeam(params: {
  similar: SimilarTeam;
  gap: Gap;
  context: RepoContext;
  config: RepoConfig;
  /** What the app recorded for the similar team (`teamRecords`). */
  records: RecordedSpec[];
}):
  | { ok: true; planned: TeamPlan }
  | { ok: false; outcome: Extract<GapOutcome, { kind: "enhance" }> } {
  const { similar, gap, context, config } = params;
  const { team } = similar;
  const read = trustedTeam({ context, name: team.slug, records: params.records });
  const answer = (text: string) => ({
    ok: false as const,
    outcome: { kind: "enhance" as const, team: team.slug, reason: `${similar.reason} ${text}` },
  });
  if (!read.ok) {
    const dry = planAdditions({
      team,
      size: team.size ?? team.roles.length,
      hasSkeptic: team.roles.some((r) => /skeptic/i.test(r)),
      gap,
    });
    const would = dry.added.length
      ? `Extending it would add: ${roleList(dry.added)}.`
      : "It already has a member for every need Team Factory recognised.";
    return answer(
      `Team Factory changes only teams it wrote, and ${team.slug} is not one (${read.reason}). ${would} ${NEW}`,
    );
  }
  const amended = amendSpec({ spec: read.provenance.spec, gap });
  if (!amended) return answer(`It has a member for every need of this gap already. ${NEW}`);
  const { spec } = amended;
  return {
    ok: true,
    planned: {
      spec,
      cost: estimateCost({ spec, prices: config.prices }),
      hash: specHash(spec),
      builtBy: `heuristics, amending the spec in ${team.slug}/team.json`,
    },
  };
}

/**
 * The enhancement a spec makes when its folder is on the default branch: null when there is no
 * such folder (a new team), `refused` when the folder's team is not one the app's records trust
 * (a hand-written team, or a team.json edited since: nothing is written there).
 */
export function enhancementOf(params: {
  spec: TeamSpec;
  gap: Gap;
  context: RepoContext;
  config: RepoConfig;
  gapKey: string;
  /** What the app recorded for the team of the spec's name (`teamRecords`). */
  records: RecordedSpec[];
}): Enhancement | { refused: string } | null {
  const { spec, gap, context, config } = params;
  if (!teamOf(context, spec.name)) return null;
  const read = trustedTeam({ context, name: spec.name, records: params.records });
  if (!read.ok) return { refused: read.reason };
  if (read.provenance.specSha256 === specHash(spec)) return null;
  const base = read.provenance.spec;
  const had = new Set(base.members.map((m) => m.module));
  const baseCost = estimateCost({ spec: base, prices: config.prices });
  const cost = estimateCost({ spec, prices: config.prices });
  const id = params.gapKey.slice(params.gapKey.lastIndexOf(":") + 1);
  return {
    team: spec.name,
    base,
    baseCost,
    added: spec.members.filter((m) => !had.has(m.module)),
    leftOut: amendSpec({ spec: base, gap })?.leftOut ?? [],
    deltaUsd: Math.round((cost.monthlyUsd - baseCost.monthlyUsd) * 100) / 100,
    branch: `${config.branch_prefix}${spec.name}-enhance-${id}`,
  };
}

/**
 * The gap's branch, and the context of that branch: an enhancement's own branch, else the one the
 * gap's team has (a gap that changes course starts a branch of its own, never reusing another's).
 */
export function targetBranch(params: {
  record: GapRecord;
  spec: TeamSpec;
  enhancement: Enhancement | null;
  config: RepoConfig;
  context: RepoContext;
}): { branch: string; context: RepoContext } {
  const { record, spec, enhancement, context } = params;
  const branch =
    enhancement?.branch ??
    (record.slug === spec.name && record.branch
      ? record.branch
      : `${params.config.branch_prefix}${spec.name}`);
  return context.branch && context.branch.name !== branch
    ? { branch, context: { ...context, branch: null, pullRequest: null } }
    : { branch, context };
}

/** The commit and PR text of an enhancement: the members added and the cost change. */
export function enhancementText(
  run: Parameters<typeof gapView>[0],
  change: TeamChange,
  enhancement: Enhancement,
): PublishText {
  const { spec } = change;
  const view = gapView(run, change);
  return {
    headline: `Enhance ${spec.name}: ${newMembers(enhancement)}`,
    title: enhancementTitle(spec.name, view.reason),
    body: enhancementBody({
      ...view,
      spec,
      cost: { before: enhancement.baseCost, after: change.cost },
      added: enhancement.added,
      leftOut: enhancement.leftOut,
    }),
  };
}

/** The commit and PR text of a planned team: its enhancement's, or a new team's. */
export function teamText(
  run: Parameters<typeof gapView>[0],
  change: TeamChange,
  enhancement: Enhancement | null,
): PublishText {
  return enhancement ? enhancementText(run, change, enhancement) : newTeamText(run, change);
}

/** What an enhancement's PR does, as its comment says it; undefined for a new team (its name). */
export function enhancementNote(team: {
  spec: TeamSpec;
  cost: CostEstimate;
  enhancement: Enhancement | null;
}): string | undefined {
  const { spec, cost, enhancement } = team;
  if (!enhancement) return undefined;
  return `${neutralize(spec.displayName)} with ${newMembers(enhancement)} (${costNote(cost, enhancement)})`;
}

/** The cost as the progress comment shows it: an enhancement's change, else the team's cost. */
export function costNote(cost: CostEstimate, enhancement: Enhancement | null): string {
  const total = `$${cost.monthlyUsd.toFixed(2)}/month`;
  return enhancement ? `${signedUsd(enhancement.deltaUsd)}/month, ${total} in all` : total;
}

export const newMembers = (enhancement: Enhancement) =>
  `${enhancement.added.length} new member${enhancement.added.length === 1 ? "" : "s"}`;
