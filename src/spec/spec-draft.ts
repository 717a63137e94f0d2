/** A team drafted by a model: the fields it may fill, completed and validated by our own rules. */
import { z } from "zod";
import { buildHeuristicSpec, uniqueModules } from "./build-heuristic-spec.ts";
import { DEPARTMENT_PATTERN, reportsToFor } from "./departments.ts";
import type { Gap } from "./gap.ts";
import type { PlanningConfig } from "./planning-config.ts";
import { normalizeSkill } from "./request-values.ts";
import { toModuleName, toTeamSlug } from "./slug.ts";
import { describeIssues, TeamSpec, toolsOffTheManager } from "./team-spec.ts";
import { TOOL_CATALOGUE, withCatalogueTools } from "./tool-catalogue.ts";

const CATALOGUE_TOOL_NAMES = TOOL_CATALOGUE.map((t) => t.name) as [string, ...string[]];

/** The fields the model may fill; everything else comes from the gap, the config or our rules. */
export const LlmTeamDraft = z.object({
  displayName: z.string().describe("Human-readable team name, e.g. Data Visualization Team"),
  description: z.string().describe("One paragraph: what the team does and why it exists"),
  department: z.string().describe("Dot notation, lowercase, e.g. engineering.frontend"),
  members: z
    .array(
      z.object({
        role: z.string().describe("Unique role title"),
        goal: z.string(),
        backstory: z.string(),
        isManager: z.boolean().describe("Exactly one member, listed first"),
        isSkeptic: z.boolean().describe("One member when the team has 5 or more"),
        skills: z.array(z.string()).describe("Lowercase keywords"),
        tools: z
          .array(z.enum(CATALOGUE_TOOL_NAMES))
          .describe("Working tools, from the catalogue only"),
        missingTools: z
          .array(z.string())
          .describe(
            "snake_case names of tools the member needs that the catalogue lacks: each becomes a stub for a person to implement",
          ),
      }),
    )
    .describe("2 to 7 members"),
  skills: z.array(z.string()).describe("Lowercase keywords, the required skills first"),
  done: z
    .string()
    .describe(
      "What a finished answer of this team holds for a request: the results, the systems they come from, the evidence cited",
    ),
});
export type LlmTeamDraft = z.infer<typeof LlmTeamDraft>;

/** What a drafter answered: a draft, or why there is none (already summarised for people). */
export type DraftResult = { ok: true; draft: LlmTeamDraft } | { ok: false; reason: string };

/** The port the pipeline and the CLI draft through; `src/llm` implements it with OpenAI. */
export interface SpecDrafter {
  readonly model: string;
  draft(gap: Gap): Promise<DraftResult>;
}

/** The draft completed with our own name, modules, process, reporting line, model and source. */
export function specFromDraft(params: {
  draft: LlmTeamDraft;
  gap: Gap;
  fallback: TeamSpec;
}): TeamSpec {
  const { draft, gap, fallback } = params;
  const drafted = draft.department.trim().toLowerCase();
  const department =
    gap.request.department ?? (DEPARTMENT_PATTERN.test(drafted) ? drafted : fallback.department);
  const members = [...draft.members].sort((a, b) => Number(b.isManager) - Number(a.isManager));
  // ELF's rule: with no manager named, the first member manages.
  if (members[0] && !members[0].isManager) members[0] = { ...members[0], isManager: true };
  return TeamSpec.parse({
    name:
      (gap.request.name && toTeamSlug(gap.request.name)) ||
      toTeamSlug(draft.displayName) ||
      fallback.name,
    displayName: draft.displayName,
    description: draft.description,
    department,
    reportsTo: reportsToFor(department),
    framework: fallback.framework,
    provider: fallback.provider,
    model: fallback.model,
    process: members.length >= 5 ? "hierarchical" : "sequential",
    members: toolsOffTheManager(
      uniqueModules(
        members.map((m) => {
          const tools = [...m.tools, ...m.missingTools]
            .map((t) => toModuleName(t))
            .filter((t): t is string => !!t);
          const module = toModuleName(m.role) ?? "member";
          const skills = [...new Set(m.skills.map(normalizeSkill))].slice(0, 12);
          const { missingTools: _, ...member } = m;
          return { ...member, module, skills, tools: withCatalogueTools({ skills, tools }) };
        }),
      ),
      fallback.framework,
    ),
    skills: [...new Set([...gap.requiredSkills, ...draft.skills.map(normalizeSkill)])].slice(0, 20),
    source: fallback.source,
    done: draft.done.trim().slice(0, 700) || undefined,
  });
}

export interface DraftedSpec {
  spec: TeamSpec;
  via: "model" | "heuristic";
  /** Why the model's draft was not used, in words for people (no provider text). */
  fallbackReason?: string;
}

/** The spec from a model's draft when there is a usable one, else from the heuristics. */
export function specFor(params: {
  gap: Gap;
  config: PlanningConfig;
  drafted: DraftResult | null;
}): DraftedSpec {
  const { gap, config, drafted } = params;
  const fallback = buildHeuristicSpec({ gap, config });
  if (!drafted) return { spec: fallback, via: "heuristic" };
  if (!drafted.ok) return { spec: fallback, via: "heuristic", fallbackReason: drafted.reason };
  const parsed = LlmTeamDraft.safeParse(drafted.draft);
  try {
    if (!parsed.success) throw parsed.error;
    return { spec: specFromDraft({ draft: parsed.data, gap, fallback }), via: "model" };
  } catch (error) {
    const reason =
      error instanceof z.ZodError
        ? `the model's team did not pass validation: ${describeIssues(error).slice(0, 5).join("; ")}`
        : "the model's team could not be used";
    return { spec: fallback, via: "heuristic", fallbackReason: reason };
  }
}
