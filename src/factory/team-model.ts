import type { TeamMember, TeamSpec } from "../spec/team-spec.ts";
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

/** Everything the renderers need, derived once from a validated spec. */
export type TeamModel = {
  spec: TeamSpec;
  slug: string;
  /** Members with duplicate tools dropped: the manager first, then the spec's order. */
  members: TeamMember[];
  manager: string;
  hierarchical: boolean;
  steps: Step[];
  /** `DataVisualizationCrew` for `data-visualization-team`: the CrewAI class. */
  crewClass: string;
  /** Top-level modules and packages of the team (what the smoke test imports). */
  localModules: string[];
  provider: ProviderFacts;
  /** CrewAI (LiteLLM) model id, `openai/gpt-4o-mini`: the provider prefix exactly once. */
  crewModel: string;
  /** LangChain model name, `gpt-4o-mini`: without the provider prefix. */
  chatModel: string;
  temperature: number;
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

/** Plan (hierarchical only), each worker's step, the skeptics' challenge, the manager's answer. */
function stepsFor(members: TeamMember[], manager: string, hierarchical: boolean): Step[] {
  const others = members.filter((m) => m.module !== manager);
  return [
    ...(hierarchical ? [{ member: manager, kind: "plan" as const }] : []),
    ...others.filter((m) => !m.isSkeptic).map((m) => ({ member: m.module, kind: "work" as const })),
    ...others
      .filter((m) => m.isSkeptic)
      .map((m) => ({ member: m.module, kind: "challenge" as const })),
    { member: manager, kind: "final" },
  ];
}

export function teamModel(spec: TeamSpec): TeamModel {
  // The manager first, then the others in the spec's order.
  const members = [...spec.members]
    .sort((a, b) => Number(b.isManager) - Number(a.isManager))
    .map((m) => ({ ...m, module: pyName(m.module), tools: [...new Set(m.tools)].map(pyName) }));
  const manager = members.find((m) => m.isManager)?.module;
  if (!manager) throw new Error("the spec has no manager; TeamSpec.parse should have caught it");
  const hierarchical = spec.process === "hierarchical";
  const runner = spec.framework === "CrewAI" ? "crew" : "workflows";
  const provider = PROVIDER_FACTS[spec.provider];
  const bare = spec.model.startsWith(`${provider.crewPrefix}/`)
    ? spec.model.slice(provider.crewPrefix.length + 1)
    : spec.model;
  return {
    spec,
    slug: spec.name,
    members,
    manager,
    hierarchical,
    steps: stepsFor(members, manager, hierarchical),
    crewClass: crewClassName(spec.name),
    localModules: ["agents", "tasks", "tools", runner, "team_server"],
    provider,
    crewModel: `${provider.crewPrefix}/${bare}`,
    chatModel: bare,
    temperature: 0.2,
  };
}
