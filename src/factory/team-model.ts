import { DEFAULT_USAGE } from "../spec/estimate-cost.ts";
import type { Provider, TeamMember, TeamSpec } from "../spec/team-spec.ts";
import {
  type CatalogueTool,
  catalogueTool,
  INTEGRATIONS,
  type Integration,
  type ToolSetting,
} from "../spec/tool-catalogue.ts";
import { pyName } from "./python.ts";

export type StepKind = "plan" | "work" | "challenge" | "final";
export type Step = { member: string; kind: StepKind };

export type ProviderFacts = {
  /** Environment variable the SDK reads its key from. */
  envVar: string;
  /** Key of that value in the `llm-credentials` secret. */
  secretKey: string;
  /** CrewAI (LiteLLM) model id prefix. */
  crewPrefix: string;
  /** LangChain chat model: module and class. */
  chatModule: string;
  chatClass: string;
  /** Packages for requirements.txt. */
  crewPackages: string[];
  graphPackages: string[];
};

const PROVIDER_FACTS: Record<TeamSpec["provider"], ProviderFacts> = {
  OpenAI: {
    envVar: "OPENAI_API_KEY",
    secretKey: "openai-api-key",
    crewPrefix: "openai",
    chatModule: "langchain_openai",
    chatClass: "ChatOpenAI",
    crewPackages: ["openai>=1.40"],
    graphPackages: ["langchain-openai>=0.2", "openai>=1.40"],
  },
  Anthropic: {
    envVar: "ANTHROPIC_API_KEY",
    secretKey: "anthropic-api-key",
    crewPrefix: "anthropic",
    chatModule: "langchain_anthropic",
    chatClass: "ChatAnthropic",
    crewPackages: ["anthropic>=0.34"],
    graphPackages: ["anthropic>=0.34", "langchain-anthropic>=0.2"],
  },
};

/** One tool of the team: a catalogue integration or a stub, and the members that use it. */
export type ToolUse = { name: string; catalogue: CatalogueTool | null; members: string[] };

/** An environment variable of the team's tools and the tools that read it. */
export type ToolEnv = ToolSetting & { tools: string[] };

/** The other model of the same provider (same API key) that the team falls back to. */
const FALLBACK_MODELS: Record<Provider, [string, string]> = {
  OpenAI: ["gpt-4.1-mini", "gpt-4o-mini"],
  Anthropic: ["claude-3-5-haiku-latest", "claude-sonnet-4-0"],
};

/**
 * Tasks a day the team accepts: the manager plans and answers each task, so this is the volume
 * the cost estimate assumes (its manager's calls a day, two per task).
 */
export const DAILY_TASK_QUOTA = Math.floor(DEFAULT_USAGE.manager.callsPerDay / 2);

/** Everything the renderers need, derived once from a validated spec. */
export type TeamModel = {
  spec: TeamSpec;
  slug: string;
  /** Members with duplicate tools dropped: the manager first, then the spec's order. */
  members: TeamMember[];
  manager: string;
  steps: Step[];
  /** `DataVisualizationCrew` for `data-visualization-team`: the CrewAI class. */
  crewClass: string;
  /** Top-level modules and packages of the team (what the smoke test imports). */
  localModules: string[];
  provider: ProviderFacts;
  /** The model without the provider prefix, `gpt-4o-mini`, as config/llm_config.yaml holds it. */
  chatModel: string;
  /** Model tried when a run with `chatModel` fails (same provider, without the prefix). */
  fallbackModel: string;
  dailyTaskQuota: number;
  temperature: number;
  /** Every tool of the team, in order of first use (manager first). */
  tools: ToolUse[];
  /** Catalogue integrations the tools use, in catalogue order. */
  integrations: Integration[];
  /** Environment variables of those tools, each once. */
  toolEnv: ToolEnv[];
};

function crewClassName(slug: string): string {
  const base = slug
    .replace(/-team$/, "")
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
  const name = /^[0-9]/.test(base) ? `Team${base}Crew` : `${base}Crew`;
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error(`cannot derive a class name from ${slug}`);
  return name;
}

/** The manager's plan, each worker's step, the skeptics' review, the manager's answer. */
function stepsFor(members: TeamMember[], manager: string): Step[] {
  const others = members.filter((m) => m.module !== manager);
  return [
    { member: manager, kind: "plan" },
    ...others.filter((m) => !m.isSkeptic).map((m) => ({ member: m.module, kind: "work" as const })),
    ...others
      .filter((m) => m.isSkeptic)
      .map((m) => ({ member: m.module, kind: "challenge" as const })),
    { member: manager, kind: "final" },
  ];
}

function toolsOf(members: TeamMember[]): ToolUse[] {
  const tools = new Map<string, ToolUse>();
  for (const member of members) {
    for (const name of member.tools) {
      const use = tools.get(name) ?? { name, catalogue: catalogueTool(name) ?? null, members: [] };
      use.members.push(member.module);
      tools.set(name, use);
    }
  }
  return [...tools.values()];
}

function envOf(tools: ToolUse[]): ToolEnv[] {
  const env = new Map<string, ToolEnv>();
  for (const tool of tools) {
    for (const setting of tool.catalogue?.settings ?? []) {
      const known = env.get(setting.env) ?? { ...setting, tools: [] };
      known.tools.push(tool.name);
      env.set(setting.env, known);
    }
  }
  return [...env.values()];
}

export function teamModel(spec: TeamSpec): TeamModel {
  // The manager first, then the others in the spec's order.
  const members = [...spec.members]
    .sort((a, b) => Number(b.isManager) - Number(a.isManager))
    .map((m) => ({ ...m, module: pyName(m.module), tools: [...new Set(m.tools)].map(pyName) }));
  const manager = members.find((m) => m.isManager)?.module;
  if (!manager) throw new Error("the spec has no manager; TeamSpec.parse should have caught it");
  const runner = spec.framework === "CrewAI" ? "crew" : "workflows";
  const provider = PROVIDER_FACTS[spec.provider];
  const tools = toolsOf(members);
  const bare = spec.model.startsWith(`${provider.crewPrefix}/`)
    ? spec.model.slice(provider.crewPrefix.length + 1)
    : spec.model;
  return {
    spec,
    slug: spec.name,
    members,
    manager,
    steps: stepsFor(members, manager),
    crewClass: crewClassName(spec.name),
    localModules: [
      "agents",
      "settings",
      "tasks",
      ...(tools.length ? ["tools"] : []),
      runner,
      "team_server",
    ],
    provider,
    chatModel: bare,
    fallbackModel: FALLBACK_MODELS[spec.provider].find((m) => m !== bare) ?? bare,
    dailyTaskQuota: DAILY_TASK_QUOTA,
    temperature: 0.2,
    tools,
    integrations: INTEGRATIONS.filter((i) => tools.some((t) => t.catalogue?.integration === i)),
    toolEnv: envOf(tools),
  };
}
