import { DEFAULT_USAGE } from "../spec/estimate-cost.ts";
import { packageName } from "../spec/slug.ts";
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
  /** Packages for requirements.txt, pinned to the major versions the framework check ran. */
  crewPackages: string[];
  graphPackages: string[];
};

/**
 * The framework releases generated teams are checked against (`../shared/frameworks`): what
 * team.json records, and the ranges requirements.txt and pyproject.toml pin.
 */
export const TESTED_WITH = {
  CrewAI: { crewai: "1.15.17" },
  LangGraph: { langgraph: "1.1.2", "langchain-core": "1.2.19" },
} as const;

const PROVIDER_FACTS: Record<TeamSpec["provider"], ProviderFacts> = {
  OpenAI: {
    envVar: "OPENAI_API_KEY",
    secretKey: "openai-api-key",
    crewPrefix: "openai",
    chatModule: "langchain_openai",
    chatClass: "ChatOpenAI",
    crewPackages: ["crewai>=1.15,<2"],
    graphPackages: ["langchain-openai>=1.0,<2"],
  },
  Anthropic: {
    envVar: "ANTHROPIC_API_KEY",
    secretKey: "anthropic-api-key",
    crewPrefix: "anthropic",
    chatModule: "langchain_anthropic",
    chatClass: "ChatAnthropic",
    crewPackages: ["crewai[anthropic]>=1.15,<2"],
    graphPackages: ["langchain-anthropic>=1.0,<2"],
  },
};

/** One tool of the team: a catalogue integration or a stub, and the members that use it. */
export type ToolUse = { name: string; catalogue: CatalogueTool | null; members: string[] };

/** An environment variable of the team's tools and the tools that read it. */
export type ToolEnv = ToolSetting & { tools: string[] };

/** The other model of the same provider (same API key) that the team falls back to. */
const FALLBACK_MODELS: Record<Provider, [string, string]> = {
  OpenAI: ["gpt-4.1-mini", "gpt-4o-mini"],
  Anthropic: ["claude-haiku-4-5", "claude-sonnet-4-6"],
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
  /** The team's Python package, `data_visualization_team`: unique per team, never a keyword. */
  pkg: string;
  /** `src/<pkg>`: the package's folder in the team (the src layout of both frameworks). */
  src: string;
  /** CrewAI: each member's key in config/agents.yaml and its `@agent` method, by module. */
  agentKeys: Record<string, string>;
  /** Members with duplicate tools dropped: the manager first, then the spec's order. */
  members: TeamMember[];
  manager: string;
  steps: Step[];
  /** `DataVisualizationCrew` for `data-visualization-team`: the CrewAI class. */
  crewClass: string;
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

/**
 * Names a CrewBase class already holds (crewai's injected attributes and ours): a member whose
 * module is one of them gets `<module>_member` as its agent key and method.
 */
const CREW_CLASS_NAMES = new Set([
  "agents",
  "tasks",
  "crew",
  "llm",
  "agents_config",
  "tasks_config",
  "base_directory",
  "original_agents_config_path",
  "original_tasks_config_path",
  "mcp_server_params",
  "mcp_connect_timeout",
  "close_mcp_server",
  "get_mcp_tools",
  "load_configurations",
  "load_yaml",
  "map_all_agent_variables",
  "map_all_task_variables",
  "is_crew_class",
]);

/** The step's task key in config/tasks.yaml and its `@task` method: `step_2_work`. */
export const taskKey = (index: number, step: Step) => `step_${index + 1}_${step.kind}`;

function agentKeysOf(members: TeamMember[], steps: Step[]): Record<string, string> {
  const taken = new Set([...CREW_CLASS_NAMES, ...steps.map((s, i) => taskKey(i, s))]);
  const modules = new Set(members.map((m) => m.module));
  const keys: Record<string, string> = {};
  for (const { module } of members) {
    let key = module;
    for (let n = 1; taken.has(key) || (key !== module && modules.has(key)); n++) {
      key = n === 1 ? `${module}_member` : `${module}_member_${n}`;
    }
    taken.add(key);
    keys[module] = key;
  }
  return keys;
}

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
  const provider = PROVIDER_FACTS[spec.provider];
  const tools = toolsOf(members);
  const bare = spec.model.startsWith(`${provider.crewPrefix}/`)
    ? spec.model.slice(provider.crewPrefix.length + 1)
    : spec.model;
  const steps = stepsFor(members, manager);
  const pkg = packageName(spec.name);
  return {
    spec,
    slug: spec.name,
    pkg,
    src: `src/${pkg}`,
    agentKeys: agentKeysOf(members, steps),
    members,
    manager,
    steps,
    crewClass: crewClassName(spec.name),
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
