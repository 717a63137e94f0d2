/** Existing teams of a repository, read from their config files, and the one closest to a gap. */
import { parse } from "yaml";
import { matchCapabilities } from "./capabilities.ts";
import type { Gap } from "./gap.ts";
import { normalizeSkill } from "./request-values.ts";

export interface ExistingTeam {
  slug: string;
  displayName?: string;
  description?: string;
  department?: string;
  roles: string[];
  skills: string[];
  capabilities: string[];
  /** How many members (agents) its config lists. */
  size?: number;
}
export interface SimilarTeam {
  team: ExistingTeam;
  /** Skill/role overlap, 0–1. */
  score: number;
  reason: string;
}

// ELF's generator gives every team these capabilities; they say nothing about what it does.
const GENERIC = new Set(["task execution", "status reporting", "team coordination"]);
const MAX_FILE = 256 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) =>
  typeof v === "string" && v.trim() ? v.trim().slice(0, 2000) : undefined;
const strings = (v: unknown) =>
  Array.isArray(v) ? v.flatMap((x) => (str(x) ? [str(x) as string] : [])).slice(0, 200) : [];

function readYaml(files: Record<string, string>, name: string): Obj {
  const path = Object.keys(files).find((p) => p === name || p.endsWith(`/${name}`));
  const text = path ? files[path] : undefined;
  if (!text || text.length > MAX_FILE) return {};
  try {
    const value: unknown = parse(text, { maxAliasCount: 50, uniqueKeys: false });
    return isObj(value) ? value : {};
  } catch {
    return {};
  }
}

/**
 * What an existing team covers: from its `team.json` when this project wrote it, else from
 * `config/team_config.yaml` and `config/a2a_config.yaml` as ELF's generator writes them
 * (`team.members[].role/skills`) or hand-written ones (`agents[]`, `members[]`). Missing or
 * unreadable files give an emptier team, never an error.
 */
export function parseExistingTeam(params: {
  slug: string;
  files: Record<string, string>;
}): ExistingTeam {
  return fromTeamJson(params) ?? fromConfigs(params);
}

/**
 * A team this project wrote, from the spec in its `team.json` (at the folder's root: its configs
 * sit in its package, deeper than the repository read goes).
 */
function fromTeamJson(params: {
  slug: string;
  files: Record<string, string>;
}): ExistingTeam | null {
  const text = params.files["team.json"];
  if (!text || text.length > MAX_FILE) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const spec = isObj(value) && isObj(value.spec) ? value.spec : null;
  if (!spec || !Array.isArray(spec.members)) return null;
  const people = spec.members.filter(isObj);
  const skills = [...strings(spec.skills), ...people.flatMap((p) => strings(p.skills))];
  return {
    slug: params.slug,
    displayName: str(spec.displayName),
    description: str(spec.description),
    department: str(spec.department),
    roles: [...new Set(people.flatMap((p) => (str(p.role) ? [str(p.role) as string] : [])))],
    skills: [...new Set(skills.map(normalizeSkill))].filter(Boolean),
    capabilities: strings(spec.skills).filter((c) => !GENERIC.has(c.toLowerCase())),
    size: people.length,
  };
}

function fromConfigs(params: { slug: string; files: Record<string, string> }): ExistingTeam {
  const config = readYaml(params.files, "config/team_config.yaml");
  const a2aRoot = readYaml(params.files, "config/a2a_config.yaml");
  const team = isObj(config.team) ? config.team : config;
  const a2a = isObj(a2aRoot.a2a) ? a2aRoot.a2a : a2aRoot;
  const people = [config.members, team.members, config.agents, team.agents].flatMap((list) =>
    Array.isArray(list) ? list.filter(isObj) : [],
  );
  const roles = people.flatMap((p) => [str(p.role), str(p.name)].filter((r): r is string => !!r));
  const skills = [...strings(team.skills), ...people.flatMap((p) => strings(p.skills))].map(
    normalizeSkill,
  );
  return {
    slug: params.slug,
    displayName: str(team.display_name),
    description: str(team.description) ?? str(team.purpose),
    department: str(team.department) ?? str(a2a.department),
    roles: [...new Set(roles)],
    skills: [...new Set(skills)].filter(Boolean),
    capabilities: strings(a2a.capabilities).filter((c) => !GENERIC.has(c.toLowerCase())),
    size: people.length,
  };
}

/** A skill as a concept: the topic of the known capability it names, else the skill itself. */
export function concept(skill: string): string {
  return matchCapabilities(skill)[0]?.topic ?? normalizeSkill(skill);
}

/** What a team covers: the concepts of its skills, roles, capabilities and description. */
export function teamConcepts(team: ExistingTeam): Set<string> {
  const text = [...team.roles, ...team.skills, ...team.capabilities, team.description ?? ""].join(
    "\n",
  );
  return new Set([...team.skills.map(concept), ...matchCapabilities(text).map((c) => c.topic)]);
}

/** What a gap needs: the concepts of its required skills, else of its text. */
export function gapConcepts(gap: Gap): Set<string> {
  if (gap.requiredSkills.length) return new Set(gap.requiredSkills.map(concept));
  return new Set(matchCapabilities(`${gap.title}\n${gap.description}`).map((c) => c.topic));
}

/** The existing team covering the gap best, when its score reaches the threshold; else null. */
export function findSimilarTeam(params: {
  gap: Gap;
  teams: ExistingTeam[];
  threshold: number;
}): SimilarTeam | null {
  const wanted = gapConcepts(params.gap);
  if (wanted.size === 0) return null;
  let best: SimilarTeam | null = null;
  const sorted = [...params.teams].sort((a, b) => a.slug.localeCompare(b.slug));
  for (const team of sorted) {
    const has = teamConcepts(team);
    const shared = [...wanted].filter((c) => has.has(c));
    const union = new Set([...wanted, ...has]).size;
    const score =
      Math.round((0.75 * (shared.length / wanted.size) + 0.25 * (shared.length / union)) * 100) /
      100;
    if (shared.length === 0 || score < params.threshold || (best && score <= best.score)) continue;
    const missing = [...wanted].filter((c) => !has.has(c));
    best = {
      team,
      score,
      reason: `${team.slug} already covers ${shared.length} of ${wanted.size} needed skills (${shared.join(", ")})${missing.length ? `; missing: ${missing.join(", ")}` : ""}. Consider extending ${team.slug} instead of adding a new team.`,
    };
  }
  return best;
}
