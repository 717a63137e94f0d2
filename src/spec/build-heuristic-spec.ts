/** A TeamSpec from a gap without any LLM: deterministic keyword rules over the capability table. */

import {
  CAPABILITIES,
  type Capability,
  languageCapabilities,
  matchCapabilities,
} from "./capabilities.ts";
import { glossCjk } from "./cjk-terms.ts";
import { reportsToFor } from "./departments.ts";
import type { Gap } from "./gap.ts";
import { plainText } from "./plain-text.ts";
import type { PlanningConfig } from "./planning-config.ts";
import { toModuleName, toTeamSlug } from "./slug.ts";
import { type Provider, SKILL_PATTERN, type TeamMember, TeamSpec } from "./team-spec.ts";
import {
  catalogueTool,
  namedServices,
  namedSystems,
  resolveTools,
  TOOL_CATALOGUE,
  withCatalogueTools,
} from "./tool-catalogue.ts";

export const DEFAULT_MODELS: Record<Provider, string> = {
  OpenAI: "gpt-4o-mini",
  Anthropic: "claude-haiku-4-5",
};
const ACRONYMS = new Set(["ci", "cd", "ml", "ux", "qa", "api", "seo", "sql", "crm", "hr", "ai"]);
const MAX_SPECIALISTS = 5;

const titleCase = (words: string) =>
  words
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : (w[0]?.toUpperCase() ?? "") + w.slice(1)))
    .join(" ");

/** A specialist for a skill no known capability names: "<Skill> Specialist". */
export function customCapability(skill: string): Capability {
  return {
    topic: skill,
    pattern: /$^/,
    skills: [skill],
    role: `${titleCase(skill)} Specialist`,
    goal: `Handle the team's ${skill} work end to end and explain each result to the manager.`,
    backstory: `A practitioner with years of hands-on ${skill} experience who checks their own work before handing it on.`,
    tools: [],
  };
}

/** The capability a topic names: a known one, a language, or a custom specialist for it. */
export function capabilityFor(topic: string): Capability {
  return (
    CAPABILITIES.find((c) => c.topic === topic) ??
    languageCapabilities(topic).find((c) => c.topic === topic) ??
    customCapability(topic)
  );
}

export const SUPPORT: Record<"reviewer" | "skeptic", Capability> = {
  reviewer: {
    ...customCapability("review"),
    role: "Quality Reviewer",
    skills: ["review", "fact checking"],
    goal: "Check every result against the original request and send back anything incomplete or unclear.",
    backstory: "A meticulous reviewer who reads the request again before reading the answer.",
  },
  skeptic: {
    ...customCapability("critical thinking"),
    role: "Skeptic",
    skills: ["critical thinking", "risk assessment"],
    goal: "Challenge the team's assumptions, ask what evidence supports each conclusion and name the risks before work is delivered.",
    backstory:
      "A seasoned reviewer who has seen confident plans fail and asks the uncomfortable questions early.",
  },
};

function inferDepartment(capabilities: Capability[]): string | null {
  const departments = capabilities.flatMap((c) => (c.department ? [c.department] : []));
  const votes = new Map<string, number>();
  for (const d of departments)
    votes.set(d.split(".")[0] ?? d, (votes.get(d.split(".")[0] ?? d) ?? 0) + 1);
  let best: string | null = null;
  for (const [top, count] of votes) if (best === null || count > (votes.get(best) ?? 0)) best = top;
  return departments.find((d) => d.startsWith(`${best}.`) || d === best) ?? null;
}

function teamName(gap: Gap, capabilities: Capability[]): string {
  const requested = gap.request.name ? toTeamSlug(gap.request.name) : null;
  if (requested) return requested;
  const languagesFirst = [...capabilities].sort(
    (a, b) => Number(!!a.department) - Number(!!b.department),
  );
  const topics: string[] = [];
  for (const c of languagesFirst) {
    if (topics.length < 3 && [...topics, c.topic].join(" ").length <= 40) topics.push(c.topic);
  }
  const title = gap.title
    .replace(/^[ \t]*\[[^\]]{0,100}\]:?/, "")
    .split(/\s+/)
    .slice(0, 4)
    .join(" ");
  return toTeamSlug(topics.join(" ")) ?? toTeamSlug(title) ?? "new-capability-team";
}

/** The gap's sentences, as plain text: the evidence each member is told it works from. */
export function gapSentences(gap: Gap): string[] {
  const title = /[.!?。！？]$/.test(gap.title.trim()) ? gap.title.trim() : `${gap.title.trim()}.`;
  const text = plainText(`${title} ${gap.description}`, 4000);
  // Chinese and Japanese end a sentence with 。！？ and no space after it.
  return text.split(/(?<=[.!?])\s+|(?<=[。！？])\s*/).filter((s) => s.length > 3);
}

/** How a system is named to people: `AWS`, `Jira`, `GitHub` (the catalogue's service names). */
function systemName(system: string): string | null {
  if (system === "local") return null;
  return TOOL_CATALOGUE.find((t) => t.system === system && t.service)?.service?.name ?? system;
}

/** The systems a member's working tools reach, as people name them. */
export function systemsOf(tools: string[]): string[] {
  const systems = tools.flatMap((t) => catalogueTool(t)?.system ?? []);
  return [...new Set(systems.flatMap((s) => systemName(s) ?? []))];
}

/**
 * A specialist's goal and backstory for this gap: the capability's own, the sentence of the gap
 * that asks for its work (quoted, as evidence) and the systems its tools reach.
 */
function forThisGap(m: TeamMember, c: Capability, sentences: string[], team: string): TeamMember {
  const evidence = sentences.find((s) => c.pattern.test(glossCjk(s).toLowerCase()));
  const systems = systemsOf(m.tools);
  const quoted = evidence ? ` The gap says: "${plainText(evidence.replace(/"/g, "'"), 200)}"` : "";
  const reach = systems.length ? ` Work in ${systems.join(", ")}.` : "";
  return {
    ...m,
    goal: `${m.goal}${quoted}${reach}`.slice(0, 500),
    backstory: `${m.backstory} In the ${team} you own the ${c.topic} part of each request.`.slice(
      0,
      1000,
    ),
  };
}

/**
 * What a finished answer of the team holds: a result from each specialist with the systems it
 * reads, write actions only proposed while their tools are in dry run, and the evidence cited.
 */
export function doneFor(members: TeamMember[]): string {
  const specialists = members.filter((m) => !m.isManager && !m.isSkeptic);
  const parts = specialists.map((m) => {
    const systems = systemsOf(m.tools);
    return `the ${m.role}'s result${systems.length ? ` from ${systems.join(", ")}` : ""}`;
  });
  const writes = [
    ...new Set(members.flatMap((m) => m.tools.filter((t) => catalogueTool(t)?.writes))),
  ];
  const dry = writes.length
    ? ` Actions of ${writes.join(", ")} are listed as proposed while those tools are in dry run.`
    : "";
  const done = `The answer holds ${parts.join(", ")}, each with the data it rests on; what could not be checked is named.${dry}`;
  return done.slice(0, 700);
}

/**
 * The member a capability becomes: its role and skills, the gap's skills it covers, and its tools
 * with each `@choice` resolved by the systems the gap `named` (`@tracker` is Jira's tools when
 * the gap names Jira).
 */
export function member(
  c: Capability,
  extra: Partial<TeamMember>,
  gapSkills: string[],
  named: ReadonlySet<string> = new Set(),
): TeamMember {
  const covered = gapSkills.filter((s) => c.pattern.test(s));
  const skills = [...new Set([...c.skills, ...covered])].filter((s) => SKILL_PATTERN.test(s));
  return {
    role: c.role,
    module: toModuleName(c.role) ?? "member",
    goal: c.goal,
    backstory: c.backstory,
    isManager: false,
    isSkeptic: false,
    skills: skills.slice(0, 12),
    tools: withCatalogueTools({ skills, tools: resolveTools(c.tools, named) }),
    ...extra,
  };
}

/**
 * A system the gap names (Slack, AWS, …) that no member's tools reach gets its first catalogue
 * tool on the first specialist.
 */
function withNamedServices(members: TeamMember[], lowerText: string): TeamMember[] {
  const [manager, first, ...rest] = members;
  if (!manager || !first) return members;
  const reached = new Set(
    members.flatMap((m) => m.tools.flatMap((name) => catalogueTool(name)?.system ?? [])),
  );
  const missing: string[] = [];
  for (const tool of namedServices(lowerText)) {
    if (reached.has(tool.system)) continue;
    reached.add(tool.system);
    missing.push(tool.name);
  }
  const tools = [...new Set([...first.tools, ...missing])].slice(0, 8);
  return [manager, { ...first, tools }, ...rest];
}

/** Modules made unique by suffixing `_2`, `_3`… (two roles can slug to the same module). */
export function uniqueModules(members: TeamMember[]): TeamMember[] {
  const seen = new Set<string>();
  return members.map((m) => {
    let module = m.module;
    for (let n = 2; seen.has(module); n++) module = `${m.module.slice(0, 36)}_${n}`;
    seen.add(module);
    return { ...m, module };
  });
}

export function buildHeuristicSpec(params: { gap: Gap; config: PlanningConfig }): TeamSpec {
  const { gap, config } = params;
  const gapSkills = gap.requiredSkills;
  const text = `${gapSkills.join(", ")}\n${gap.title}\n${gap.description}`;
  const matched = matchCapabilities(text);
  // A skill a matched capability names (its own "ticketing") is covered, not a new specialist.
  const uncovered = gapSkills.filter(
    (s) => !matched.some((c) => c.pattern.test(s) || c.topic === s || c.skills.includes(s)),
  );
  const specialists = [...matched, ...uncovered.map(customCapability)].slice(0, MAX_SPECIALISTS);
  if (specialists.length === 0) specialists.push(customCapability("general operations"));

  const name = teamName(gap, specialists);
  const displayName = titleCase(name.replace(/-team$/, "")).concat(" Team");
  const lead = titleCase(specialists[0]?.topic ?? "team");
  const manager = member(
    {
      ...customCapability("planning"),
      role: `${lead} Lead`,
      skills: ["planning", "coordination"],
      goal: `Coordinate the ${displayName}: split each request into tasks for the members, check their results and deliver one clear answer.`,
      backstory: `An experienced ${lead.toLowerCase()} lead who has run cross-functional teams and keeps the work focused on what was asked.`,
    },
    { isManager: true },
    [],
  );
  const named = namedSystems(text.slice(0, 20_000).toLowerCase());
  const sentences = gapSentences(gap);
  const members = [
    manager,
    ...specialists.map((c) =>
      forThisGap(member(c, {}, gapSkills, named), c, sentences, displayName),
    ),
  ];
  if (specialists.length === 1) members.push(member(SUPPORT.reviewer, {}, []));
  if (specialists.length >= 3) members.push(member(SUPPORT.skeptic, { isSkeptic: true }, []));

  const department =
    gap.request.department ?? inferDepartment(specialists) ?? config.department ?? "operations";
  const provider =
    gap.request.provider ??
    (gap.request.model?.startsWith("claude") ? "Anthropic" : config.provider);
  const model =
    gap.request.model ??
    (provider === config.provider && config.model ? config.model : DEFAULT_MODELS[provider]);
  const topics = specialists.map((c) => c.topic).join(", ");
  const why =
    plainText(gap.description, 600) || plainText(gap.title, 300) || "a capability gap was reported";
  const skills = [...new Set([...gapSkills, ...specialists.map((c) => c.skills[0] ?? c.topic)])];

  const planned = uniqueModules(withNamedServices(members, text.slice(0, 20_000).toLowerCase()));
  return TeamSpec.parse({
    name,
    displayName,
    description: `The ${displayName} covers ${topics} for ${gap.repo ?? "this repository"}. Requested: ${why}`,
    department,
    reportsTo: reportsToFor(department),
    framework: gap.request.framework ?? config.framework,
    provider,
    model,
    process: members.length >= 5 ? "hierarchical" : "sequential",
    members: planned,
    skills: skills.filter((s) => SKILL_PATTERN.test(s)).slice(0, 20),
    source: { kind: gap.kind, gapKey: gap.gapKey, repo: gap.repo, issue: gap.issueNumber },
    done: doneFor(planned),
  });
}
