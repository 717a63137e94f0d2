/**
 * Tools a generated team gets as real integrations, not stubs: which gap text asks for each, what
 * they serve and the environment variables each reads. The table is catalogue-tools.ts; the
 * factory renders their code (src/factory/integrations/).
 */
import { CATALOGUE_TOOLS } from "./catalogue-tools.ts";

export const INTEGRATIONS = [
  "http-json",
  "postgres",
  "supabase",
  "github",
  "slack",
  "prometheus",
  "kubernetes",
  "jira",
  "linear",
  "zendesk",
  "aws",
  "pagerduty",
  "sentry",
  "email",
  "charts",
  "anomalies",
  "web",
  "osv",
] as const;
export type Integration = (typeof INTEGRATIONS)[number];

/** One environment variable a tool reads. */
export interface ToolSetting {
  env: string;
  required: boolean;
  /** What the value is, with an example. */
  meaning: string;
  /**
   * Where the deployment takes it from: a key of the team's own `<team>-tools` secret
   * (`secret: null`) or of a shared secret; `null` when it is not set in the cluster at all.
   */
  source: { secret: string | null; key: string } | null;
}

export interface CatalogueTool {
  /** The Python function name, as members list it in `tools`. */
  name: string;
  integration: Integration;
  /** The system it reaches (`aws`, `jira`, …; `local` for one that computes in the team). */
  system: string;
  /** Capabilities (topics of capabilities.ts) this tool does real work for. */
  serves: string[];
  /** It creates or changes something outside the team: it starts in dry run. */
  writes?: boolean;
  /** What the tool does, one sentence: its docstring and its line in the README. */
  summary: string;
  /** A member skill that calls for this tool (skills are lowercase keywords). */
  wanted: RegExp;
  /** How a gap names the tool's system, which then is a need of its own (`Slack`, `Jira`). */
  service?: { name: string; pattern: RegExp };
  settings: ToolSetting[];
}

export const TOOL_CATALOGUE: readonly CatalogueTool[] = CATALOGUE_TOOLS;

/**
 * Tools a capability asks for by what they do, resolved by the systems the gap names: `@tracker`
 * is Jira's or Linear's tools when the gap names them, else GitHub Issues (the repository's own).
 */
const CHOICES: Record<string, { options: Record<string, string[]>; fallback: string[] }> = {
  "@tracker": {
    options: {
      jira: ["search_jira_issues", "create_jira_issue"],
      linear: ["search_linear_issues", "create_linear_issue"],
    },
    fallback: ["search_github", "create_github_issue"],
  },
  "@helpdesk": {
    options: {
      zendesk: ["search_zendesk_tickets", "create_zendesk_ticket"],
      helpdesk: ["fetch_tickets"],
    },
    fallback: ["fetch_tickets"],
  },
  "@metrics": {
    options: { aws: ["get_cloudwatch_metric"], prometheus: ["query_prometheus"] },
    fallback: ["query_prometheus"],
  },
  "@spend": {
    options: { aws: ["get_aws_costs"], opencost: ["fetch_billing_data"] },
    fallback: ["fetch_billing_data"],
  },
  "@errors": {
    options: { sentry: ["list_sentry_issues"], aws: ["query_cloudwatch_logs"] },
    fallback: ["list_sentry_issues"],
  },
  "@logs": { options: { aws: ["query_cloudwatch_logs"] }, fallback: [] },
  "@storage": { options: { aws: ["list_s3_objects", "read_s3_object"] }, fallback: [] },
  "@notify": {
    options: { slack: ["send_slack_message"], smtp: ["send_email"] },
    fallback: ["send_slack_message"],
  },
};

/** A capability's tool list with each `@choice` resolved by the systems `named`. */
export function resolveTools(tools: readonly string[], named: ReadonlySet<string>): string[] {
  return [
    ...new Set(
      tools.flatMap((tool) => {
        const choice = CHOICES[tool];
        if (!choice) return [tool];
        const picked = Object.entries(choice.options).flatMap(([system, names]) =>
          named.has(system) ? names : [],
        );
        return picked.length ? picked : choice.fallback;
      }),
    ),
  ];
}

const BY_NAME = new Map(TOOL_CATALOGUE.map((tool) => [tool.name, tool]));

/** The catalogue entry of a tool name, or undefined for a tool the team must implement itself. */
export function catalogueTool(name: string): CatalogueTool | undefined {
  return BY_NAME.get(name);
}

/** Catalogue tools whose service the text names (`slack`, `github`, …), in catalogue order. */
export function namedServices(lowerText: string): CatalogueTool[] {
  return TOOL_CATALOGUE.filter((tool) => tool.service?.pattern.test(lowerText));
}

/** The systems the text names (`aws`, `jira`, `slack`, …). */
export function namedSystems(lowerText: string): Set<string> {
  return new Set(namedServices(lowerText).map((tool) => tool.system));
}

/** The catalogue tools of these members that write outside the team, each once, in order. */
export function writeToolsOf(members: readonly { tools: readonly string[] }[]): string[] {
  return [...new Set(members.flatMap((m) => m.tools.filter((t) => catalogueTool(t)?.writes)))];
}

/** Whether `name` is a catalogue tool, that is a working integration (not a stub). */
export function isWorkingTool(name: string): boolean {
  return BY_NAME.has(name);
}

/**
 * A member's tools with the catalogue tools its skills call for added after its own (at most 8):
 * a member with the skill `alerting` gets `send_slack_message`, one with `sql` `run_sql_query`.
 */
export function withCatalogueTools(params: { skills: string[]; tools: string[] }): string[] {
  const wanted = TOOL_CATALOGUE.filter((tool) => params.skills.some((s) => tool.wanted.test(s)));
  return [...new Set([...params.tools, ...wanted.map((tool) => tool.name)])].slice(0, 8);
}
