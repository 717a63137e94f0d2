/** An existing team amended for a gap: the members it lacks, within the team-size rules. Pure. */

import { capabilityFor, member, SUPPORT, uniqueModules } from "./build-heuristic-spec.ts";
import { type ExistingTeam, gapConcepts, teamConcepts } from "./find-similar-team.ts";
import type { Gap } from "./gap.ts";
import { SKILL_PATTERN, type TeamMember, TeamSpec, toolsOffTheManager } from "./team-spec.ts";
import { namedSystems } from "./tool-catalogue.ts";

export const MAX_MEMBERS = 7;
/** From this size on a team needs a skeptic. */
export const SKEPTIC_FROM = 5;

export interface Additions {
  /** New members, in the order they join (a skeptic last, when the team reaches 5). */
  added: TeamMember[];
  /** Needs of the gap left out: the team would exceed 7 members. */
  leftOut: string[];
}

/**
 * The members a team of `size` (with or without a skeptic) needs for the gap's missing concepts:
 * one specialist per concept the team does not cover, at most 7 members in all, and a skeptic
 * once it reaches 5. A role the team already has is not added twice.
 */
export function planAdditions(params: {
  team: ExistingTeam;
  size: number;
  hasSkeptic: boolean;
  gap: Gap;
}): Additions {
  const { team, gap } = params;
  const has = teamConcepts(team);
  const roles = new Set(team.roles.map((r) => r.toLowerCase()));
  const missing = [...gapConcepts(gap)].filter((c) => !has.has(c));
  const specialists = missing
    .map((concept) => ({ concept, capability: capabilityFor(concept) }))
    .filter(({ capability }) => !roles.has(capability.role.toLowerCase()));
  const room = Math.max(MAX_MEMBERS - params.size, 0);
  let take = Math.min(specialists.length, room);
  const needsSkeptic = (n: number) => !params.hasSkeptic && params.size + n >= SKEPTIC_FROM;
  if (needsSkeptic(take) && take + 1 > room) take = Math.max(room - 1, 0);
  const chosen = specialists.slice(0, take);
  const named = namedSystems(`${gap.title}\n${gap.description}`.slice(0, 20_000).toLowerCase());
  const added = chosen.map(({ capability }) => member(capability, {}, gap.requiredSkills, named));
  if (take > 0 && needsSkeptic(take) && !roles.has(SUPPORT.skeptic.role.toLowerCase()))
    added.push(member(SUPPORT.skeptic, { isSkeptic: true }, []));
  return { added, leftOut: specialists.slice(take).map((s) => s.concept) };
}

/** A spec as the similarity check reads a team. */
export function existingTeamOf(spec: TeamSpec): ExistingTeam {
  return {
    slug: spec.name,
    displayName: spec.displayName,
    description: spec.description,
    department: spec.department,
    roles: spec.members.map((m) => m.role),
    skills: [...new Set([...spec.skills, ...spec.members.flatMap((m) => m.skills)])],
    capabilities: [],
    size: spec.members.length,
  };
}

export interface Amendment extends Additions {
  spec: TeamSpec;
  /** Skills the team's list gained. */
  skills: string[];
}

/**
 * `spec` with the members the gap needs appended (existing members, modules and order kept, so
 * the regenerated folder changes only where it must), the process the new size calls for and
 * the new members' skills; null when the team already covers every need of the gap.
 */
export function amendSpec(params: { spec: TeamSpec; gap: Gap }): Amendment | null {
  const { spec, gap } = params;
  const plan = planAdditions({
    team: existingTeamOf(spec),
    size: spec.members.length,
    hasSkeptic: spec.members.some((m) => m.isSkeptic),
    gap,
  });
  if (plan.added.length === 0) return null;
  const members = toolsOffTheManager(
    uniqueModules([...spec.members, ...plan.added]),
    spec.framework,
  );
  const added = members.slice(spec.members.length);
  const wanted = [...gap.requiredSkills, ...added.flatMap((m) => m.skills.slice(0, 1))];
  const skills = [...new Set(wanted)].filter(
    (s) => SKILL_PATTERN.test(s) && !spec.skills.includes(s),
  );
  const amended = TeamSpec.parse({
    ...spec,
    members,
    process: members.length >= SKEPTIC_FROM ? "hierarchical" : "sequential",
    skills: [...spec.skills, ...skills].slice(0, 20),
  });
  return {
    spec: amended,
    added,
    leftOut: plan.leftOut,
    skills: skills.filter((s) => amended.skills.includes(s)),
  };
}
