/**
 * Tools a generated team gets as real integrations, not stubs: which gap text asks for each, and
 * the environment variables each reads. The factory renders their code (src/factory/integrations.ts).
 */

export const INTEGRATIONS = [
  "http-json",
  "postgres",
  "supabase",
  "github",
  "slack",
  "prometheus",
  "kubernetes",
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
  /** What the tool does, one sentence: its docstring and its line in the README. */
  summary: string;
  /** A member skill that calls for this tool (skills are lowercase keywords). */
  wanted: RegExp;
  /** A service a description can name, which then is a need of its own (`Slack`, `GitHub`). */
  service?: { name: string; pattern: RegExp };
  settings: ToolSetting[];
}

const own = (key: string) => ({ secret: null, key });

/** An HTTP JSON API read with GET: base URL in `<PREFIX>_URL`, bearer token in `<PREFIX>_TOKEN`. */
function httpJsonApi(params: {
  name: string;
  summary: string;
  wanted: RegExp;
  service?: CatalogueTool["service"];
  prefix: string;
  what: string;
  example: string;
  tokenRequired: boolean;
}): CatalogueTool {
  const setting = (suffix: string, required: boolean, meaning: string): ToolSetting => {
    const env = `${params.prefix}_${suffix}`;
    return { env, required, meaning, source: own(env.toLowerCase().replace(/_/g, "-")) };
  };
  return {
    name: params.name,
    integration: "http-json",
    summary: params.summary,
    wanted: params.wanted,
    ...(params.service ? { service: params.service } : {}),
    settings: [
      setting("URL", true, `base URL of ${params.what}, e.g. ${params.example}`),
      setting("TOKEN", params.tokenRequired, `bearer token for ${params.what}`),
    ],
  };
}

// biome-ignore format: one tool per entry reads best
export const TOOL_CATALOGUE: readonly CatalogueTool[] = [
  httpJsonApi({
    name: "get_api_json",
    summary: "GET a path of the team's HTTP JSON API and return the JSON answer.",
    wanted: /\b(?:apis?|rest|webhooks?|endpoints?|integrations?)\b/,
    prefix: "API", what: "the JSON API", example: "https://api.example.com/v1", tokenRequired: false,
  }),
  httpJsonApi({
    name: "fetch_billing_data",
    summary: "GET a path of the billing or cost API (e.g. OpenCost's /allocation/compute?window=7d) and return the JSON answer.",
    wanted: /\b(?:costs?|spend(?:ing)?|billing|finops|opencost|kubecost)\b/,
    prefix: "BILLING_API", what: "the cost API", example: "http://opencost.opencost:9003", tokenRequired: false,
  }),
  httpJsonApi({
    name: "fetch_tickets",
    summary: "GET a path of the helpdesk API (e.g. Zendesk's /search.json?query=status:new) and return the JSON answer.",
    wanted: /\b(?:zendesk|intercom|freshdesk|help ?desk|tickets?)\b/,
    service: { name: "helpdesk (Zendesk, Intercom, Freshdesk)", pattern: /\b(?:zendesk|intercom|freshdesk|help ?desk)\b/ },
    prefix: "HELPDESK_API", what: "the helpdesk API", example: "https://acme.zendesk.com/api/v2", tokenRequired: true,
  }),
  {
    name: "run_sql_query",
    integration: "postgres",
    summary: "Run one read-only SQL query on the PostgreSQL database and return up to 100 rows as JSON.",
    wanted: /\b(?:sql|postgres(?:ql)?|databases?)\b/,
    service: { name: "PostgreSQL", pattern: /\bpostgres(?:ql)?\b/ },
    settings: [
      { env: "DATABASE_URL", required: true, meaning: "PostgreSQL connection string (Supabase: the project's connection string), e.g. postgresql://reader@db:5432/app", source: own("database-url") },
    ],
  },
  {
    name: "query_supabase_table",
    integration: "supabase",
    summary: "Read rows of a Supabase table through its REST API, filtered by a PostgREST query string.",
    wanted: /\bsupabase\b/,
    service: { name: "Supabase", pattern: /\bsupabase\b/ },
    settings: [
      { env: "SUPABASE_URL", required: true, meaning: "the project URL, e.g. https://abcd.supabase.co", source: { secret: "supabase-credentials", key: "url" } },
      { env: "SUPABASE_KEY", required: true, meaning: "an API key of the project (anon or service role)", source: { secret: "supabase-credentials", key: "key" } },
    ],
  },
  {
    name: "search_github",
    integration: "github",
    summary: "Search GitHub issues and pull requests (GitHub search syntax) and return number, title, state and link of each.",
    wanted: /\b(?:github|pull requests?|code review)\b/,
    service: { name: "GitHub", pattern: /\bgithub\b/ },
    settings: [
      { env: "GITHUB_TOKEN", required: true, meaning: "a token that can read the repositories to search", source: own("github-token") },
      { env: "GITHUB_API_URL", required: false, meaning: "API root, https://api.github.com unless GitHub Enterprise (https://HOST/api/v3)", source: own("github-api-url") },
    ],
  },
  {
    name: "send_slack_message",
    integration: "slack",
    summary: "Post a message to the team's Slack channel through an incoming webhook.",
    wanted: /\b(?:slack|alert(?:s|ing)?|notifications?|escalations?)\b/,
    service: { name: "Slack", pattern: /\bslack\b/ },
    settings: [
      { env: "SLACK_WEBHOOK_URL", required: true, meaning: "incoming webhook URL of the channel, https://hooks.slack.com/services/…", source: own("slack-webhook-url") },
    ],
  },
  {
    name: "query_prometheus",
    integration: "prometheus",
    summary: "Run a PromQL query on Prometheus and return the result as JSON.",
    wanted: /\b(?:prometheus|promql|metrics|monitoring|observability|slos?)\b/,
    service: { name: "Prometheus", pattern: /\b(?:prometheus|promql)\b/ },
    settings: [
      { env: "PROMETHEUS_URL", required: true, meaning: "base URL of Prometheus, e.g. http://prometheus-server.monitoring:80", source: own("prometheus-url") },
      { env: "PROMETHEUS_TOKEN", required: false, meaning: "bearer token, when Prometheus sits behind authentication", source: own("prometheus-token") },
    ],
  },
  {
    name: "list_kubernetes_workloads",
    integration: "kubernetes",
    summary: "List the Deployments of a Kubernetes namespace (every namespace when empty) with replicas and each container's CPU and memory requests and limits.",
    wanted: /\b(?:kubernetes|k8s|helm|containers?)\b/,
    service: { name: "Kubernetes", pattern: /\b(?:kubernetes|k8s)\b/ },
    settings: [
      { env: "KUBECONFIG", required: false, meaning: "kubeconfig file outside the cluster; in the cluster the pod's service account is used", source: null },
    ],
  },
];

const BY_NAME = new Map(TOOL_CATALOGUE.map((tool) => [tool.name, tool]));

/** The catalogue entry of a tool name, or undefined for a tool the team must implement itself. */
export function catalogueTool(name: string): CatalogueTool | undefined {
  return BY_NAME.get(name);
}

/** Catalogue tools whose service the text names (`slack`, `github`, …), in catalogue order. */
export function namedServices(lowerText: string): CatalogueTool[] {
  return TOOL_CATALOGUE.filter((tool) => tool.service?.pattern.test(lowerText));
}

/**
 * A member's tools with the catalogue tools its skills call for added after its own (at most 8):
 * a member with the skill `alerting` gets `send_slack_message`, one with `sql` `run_sql_query`.
 */
export function withCatalogueTools(params: { skills: string[]; tools: string[] }): string[] {
  const wanted = TOOL_CATALOGUE.filter((tool) => params.skills.some((s) => tool.wanted.test(s)));
  return [...new Set([...params.tools, ...wanted.map((tool) => tool.name)])].slice(0, 8);
}
