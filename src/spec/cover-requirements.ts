/**
 * The needs a gap names and how the team meets each. A need is a capability the text mentions
 * (`anomaly detection`), a required skill no capability knows, or a system it names (`AWS`). It
 * is covered only by a working tool (a catalogue integration with its offline test) or, for
 * writing and translating, by the member's own model; a member holding only stubs is not
 * coverage, and the stubs are listed as work to implement.
 */
import { type Capability, matchCapabilities } from "./capabilities.ts";
import type { Gap } from "./gap.ts";
import { memberCapabilities, stubTools, workingToolsFor } from "./member-topics.ts";
import type { TeamMember, TeamSpec } from "./team-spec.ts";
import { catalogueTool, namedServices } from "./tool-catalogue.ts";

/**
 * `working`: a working tool does it; `model`: the member's model does it (writing, translating);
 * `stub`: a member owns it but has no working tool for it; `missing`: nobody in the team.
 */
export type NeedStatus = "working" | "model" | "stub" | "missing";

export interface NeedCoverage {
  need: string;
  kind: "capability" | "skill" | "system";
  status: NeedStatus;
  /** The role of the member that owns it; null when missing. */
  member: string | null;
  /** The working tools that do it. */
  tools: string[];
}

/** A stub the team ships: what a person must implement before relying on it. */
export interface StubToImplement {
  tool: string;
  member: string;
  module: string;
  /** The needs of the gap left to this stub's member without a working tool. */
  needs: string[];
}

export interface Coverage {
  needs: NeedCoverage[];
  toImplement: StubToImplement[];
}

/** How many needs are met (a working tool, or the model for writing), of how many. */
export function coverageRatio(coverage: Coverage): { covered: number; total: number } {
  const covered = coverage.needs.filter((n) => n.status === "working" || n.status === "model");
  return { covered: covered.length, total: coverage.needs.length };
}

/** "3 of 4 needs covered by working tools", the line the CLI, PR and progress comment show. */
export function coverageLine(coverage: Coverage): string {
  const { covered, total } = coverageRatio(coverage);
  const byModel = coverage.needs.filter((n) => n.status === "model").length;
  return `${covered} of ${total} needs covered by working tools${byModel ? ` (${byModel} by the model itself: writing or translating)` : ""}`;
}

export function capabilityNeed(c: Capability, members: TeamMember[]): NeedCoverage {
  const owners = members.filter((m) => memberCapabilities(m).some((o) => o.topic === c.topic));
  const doers = [...owners, ...members.filter((m) => !owners.includes(m))]
    .map((m) => ({ m, tools: workingToolsFor(m, c.topic) }))
    .filter((d) => d.tools.length > 0);
  const base = { need: c.topic, kind: "capability" as const };
  const [first] = doers;
  if (first) {
    return {
      ...base,
      status: "working",
      member: first.m.role,
      tools: [...new Set(doers.flatMap((d) => d.tools))],
    };
  }
  const [owner] = owners;
  if (!owner) return { ...base, status: "missing", member: null, tools: [] };
  return { ...base, status: c.byModel ? "model" : "stub", member: owner.role, tools: [] };
}

function skillNeed(skill: string, members: TeamMember[]): NeedCoverage {
  const owner = members.find((m) => m.skills.includes(skill));
  return {
    need: skill,
    kind: "skill",
    status: owner ? "stub" : "missing",
    member: owner?.role ?? null,
    tools: [],
  };
}

export function systemNeed(system: string, name: string, members: TeamMember[]): NeedCoverage {
  const doers = members
    .map((m) => ({ m, tools: m.tools.filter((t) => catalogueTool(t)?.system === system) }))
    .filter((d) => d.tools.length > 0);
  const [first] = doers;
  return {
    need: name,
    kind: "system",
    status: first ? "working" : "missing",
    member: first?.m.role ?? null,
    tools: [...new Set(doers.flatMap((d) => d.tools))],
  };
}

export function coverRequirements(params: { gap: Gap; spec: TeamSpec }): Coverage {
  const { gap, spec } = params;
  const members = spec.members;
  const text = `${gap.requiredSkills.join(", ")}\n${gap.title}\n${gap.description}`
    .slice(0, 20_000)
    .toLowerCase();
  const capabilities = matchCapabilities(text);
  const systems = new Map<string, string>();
  for (const tool of namedServices(text)) {
    if (!systems.has(tool.system)) systems.set(tool.system, tool.service?.name ?? tool.system);
  }
  const needs = [
    ...capabilities.map((c) => capabilityNeed(c, members)),
    ...gap.requiredSkills
      .filter((skill) => !capabilities.some((c) => c.pattern.test(skill)))
      .map((skill) => skillNeed(skill, members)),
    ...[...systems].map(([system, name]) => systemNeed(system, name, members)),
  ].filter(
    (n, i, all) => all.findIndex((o) => o.need.toLowerCase() === n.need.toLowerCase()) === i,
  );
  const toImplement = members.flatMap((m) =>
    stubTools(m).map((tool) => ({
      tool,
      member: m.role,
      module: m.module,
      needs: needs.filter((n) => n.status === "stub" && n.member === m.role).map((n) => n.need),
    })),
  );
  return { needs, toImplement };
}
