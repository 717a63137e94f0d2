import { z } from "zod";
import { DEPARTMENT_PATTERN, EXECUTIVES, reportsToFor } from "./departments.ts";
import { IDENTIFIER_PATTERN, isIdentifier, TEAM_SLUG_PATTERN } from "./slug.ts";

export const FRAMEWORKS = ["CrewAI", "LangGraph"] as const;
export const PROVIDERS = ["OpenAI", "Anthropic"] as const;
export const GAP_SOURCES = ["label", "command", "scan", "cli"] as const;
export type Framework = (typeof FRAMEWORKS)[number];
export type Provider = (typeof PROVIDERS)[number];

/** Free text that ends up in generated files only as escaped string literals. */
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine(
      (s) => !/\p{Cc}/u.test(s.replace(/[\t\n\r]/g, "")),
      "must not contain control characters",
    );

export const SKILL_PATTERN = /^[a-z0-9][a-z0-9 +#./_-]{0,39}$/;
export const MODEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;

export const Skill = z
  .string()
  .regex(SKILL_PATTERN, "a skill is 1–40 lowercase letters, digits, spaces or + # . / _ -");

export const TeamMember = z.object({
  /** Role title, unique within the team, e.g. "Data Visualization Specialist". */
  role: text(3, 80),
  /** Python module name of the member (`agents/<module>.py`): `[a-z][a-z0-9_]*`, unique. */
  module: z
    .string()
    .regex(IDENTIFIER_PATTERN, "a module name is [a-z][a-z0-9_]*, at most 40 characters")
    .refine(isIdentifier, "a module name must not be a Python keyword"),
  /** What the member is responsible for achieving. */
  goal: text(10, 500),
  /** Background that shapes how the member works; becomes part of its system prompt. */
  backstory: text(10, 1000),
  /** True for the one member who coordinates the team and delegates work. */
  isManager: z.boolean(),
  /** True for a member whose job is to challenge assumptions (required in teams of 5 or more). */
  isSkeptic: z.boolean(),
  /** Skills this member brings, as lowercase keywords. */
  skills: z.array(Skill).max(12),
  /** Tools this member uses; each becomes a function in `tools/<module>_tools.py`. */
  tools: z
    .array(z.string().regex(IDENTIFIER_PATTERN).refine(isIdentifier, "not a Python keyword"))
    .max(8),
});
export type TeamMember = z.infer<typeof TeamMember>;

export const GapReference = z.object({
  /** What triggered the gap: an issue label, a `/create-team` comment, a task scan or the CLI. */
  kind: z.enum(GAP_SOURCES),
  /** The gap key shared by every trigger of the same gap (dedupes label, command and scan). */
  gapKey: z.string().regex(/^[a-z0-9][a-z0-9:._/-]{0,199}$/),
  /** `owner/name` of the repository the gap was raised in, when there is one. */
  repo: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/)
    .optional(),
  /** Number of the issue the gap was raised on, when there is one. */
  issue: z.number().int().positive().optional(),
});
export type GapReference = z.infer<typeof GapReference>;

export const TeamSpec = z
  .object({
    /** Team slug: `[a-z0-9-]`, hyphens collapsed, 3–50 characters, ends in `-team` exactly once. */
    name: z
      .string()
      .min(3)
      .max(50)
      .regex(
        TEAM_SLUG_PATTERN,
        "a team name is lowercase a-z, 0-9 and single hyphens, ending in -team once",
      ),
    /** Human-readable team name, e.g. "Data Visualization Team". */
    displayName: text(3, 80),
    /** What the team does and why it exists (one paragraph). */
    description: text(10, 2000),
    /** Department in dot notation, e.g. `engineering.frontend`. */
    department: z
      .string()
      .regex(DEPARTMENT_PATTERN, "a department is dot notation like engineering.frontend"),
    /** Executive the team reports to; follows from the top-level department. */
    reportsTo: z.enum(EXECUTIVES),
    /** Agent framework of the generated team. */
    framework: z.enum(FRAMEWORKS),
    /** LLM provider the team's agents call. */
    provider: z.enum(PROVIDERS),
    /** LLM model name, e.g. `gpt-4o-mini` or `claude-haiku-4-5`. */
    model: z.string().regex(MODEL_PATTERN, "a model name is letters, digits and . _ : / -"),
    /** How work flows: `hierarchical` for teams of 5 or more members, else `sequential`. */
    process: z.enum(["sequential", "hierarchical"]),
    /** The members, 2–7, the manager first. */
    members: z.array(TeamMember).min(2).max(7),
    /** Skills the team covers (lowercase keywords), the gap's required skills first. */
    skills: z.array(Skill).min(1).max(20),
    /** The gap this team answers. */
    source: GapReference,
    /** What a finished answer of this team holds: its final step's expected output ends with it. */
    done: text(10, 700).optional(),
  })
  .superRefine((spec, ctx) => {
    const issue = (message: string, path: (string | number)[]) =>
      ctx.addIssue({ code: "custom", message, path });
    const roles = new Set<string>();
    const modules = new Set<string>();
    spec.members.forEach((m, i) => {
      const role = m.role.toLowerCase();
      if (roles.has(role))
        issue(`role "${m.role}" appears twice; roles must be unique`, ["members", i, "role"]);
      roles.add(role);
      if (modules.has(m.module))
        issue(`module "${m.module}" appears twice`, ["members", i, "module"]);
      modules.add(m.module);
    });
    const managers = spec.members.filter((m) => m.isManager).length;
    if (managers !== 1) issue(`a team has exactly one manager (found ${managers})`, ["members"]);
    if (spec.members.length >= 5 && !spec.members.some((m) => m.isSkeptic)) {
      issue("a team of 5 or more members needs a skeptic", ["members"]);
    }
    const process = spec.members.length >= 5 ? "hierarchical" : "sequential";
    if (spec.process !== process) {
      issue(`a team of ${spec.members.length} members uses the ${process} process`, ["process"]);
    }
    const manager = spec.members.find((m) => m.isManager);
    if (spec.framework === "CrewAI" && spec.process === "hierarchical" && manager?.tools.length) {
      issue(
        "a hierarchical CrewAI team's manager holds no tools (CrewAI refuses them): give them to a member",
        ["members"],
      );
    }
    const executive = reportsToFor(spec.department);
    if (spec.reportsTo !== executive) {
      issue(`department ${spec.department} reports to ${executive}`, ["reportsTo"]);
    }
  });
export type TeamSpec = z.infer<typeof TeamSpec>;

/**
 * A hierarchical CrewAI crew refuses a manager with tools: the manager's tools move to the
 * members who do the work (the first non-skeptic with room first, at most 8 tools each).
 * Any other team is returned as it is.
 */
export function toolsOffTheManager<M extends Pick<TeamMember, "isManager" | "isSkeptic" | "tools">>(
  members: M[],
  framework: Framework,
): M[] {
  const manager = members.find((m) => m.isManager);
  if (framework !== "CrewAI" || members.length < 5 || !manager?.tools.length) return members;
  const moved = members.map((m) =>
    m === manager ? { ...m, tools: [] } : { ...m, tools: [...m.tools] },
  );
  const workers = moved
    .filter((m) => !m.isManager)
    .sort((a, b) => Number(a.isSkeptic) - Number(b.isSkeptic));
  for (const tool of manager.tools) {
    if (workers.some((m) => m.tools.includes(tool))) continue;
    const room = workers.find((m) => m.tools.length < 8);
    room?.tools.push(tool);
  }
  return moved;
}

/** Zod issues as sentences a person can act on: `members.2.role: role "X" appears twice`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`);
}
