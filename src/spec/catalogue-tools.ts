/**
 * The catalogue's tools: each a real integration the factory writes (src/factory/integrations/),
 * with its offline test. `serves` names the capabilities (topics of capabilities.ts) it does work
 * for; `system` what it reaches; `writes` marks a tool that creates or changes something outside
 * the team (it starts in dry run).
 */
import type { CatalogueTool, ToolSetting } from "./tool-catalogue.ts";

const own = (key: string) => ({ secret: null, key });
const secretOf = (env: string) => own(env.toLowerCase().replace(/_/g, "-"));
const need = (env: string, meaning: string): ToolSetting => ({
  env,
  required: true,
  meaning,
  source: secretOf(env),
});
const may = (env: string, meaning: string): ToolSetting => ({
  env,
  required: false,
  meaning,
  source: secretOf(env),
});

const GITHUB_TOKEN = need(
  "GITHUB_TOKEN",
  "a token that can read (and, for its write tools, write) the repository",
);
const GITHUB_REPOSITORY = need(
  "GITHUB_REPOSITORY",
  "the repository the team works on, owner/name, e.g. acme/app",
);
const GITHUB_API_URL = may(
  "GITHUB_API_URL",
  "API root, https://api.github.com unless GitHub Enterprise (https://HOST/api/v3)",
);
const JIRA = [
  need("JIRA_URL", "the Jira site, e.g. https://acme.atlassian.net"),
  need("JIRA_EMAIL", "the account the API token belongs to"),
  need("JIRA_API_TOKEN", "an API token of that account"),
];
const ZENDESK = [
  need("ZENDESK_URL", "the Zendesk site, e.g. https://acme.zendesk.com"),
  need("ZENDESK_EMAIL", "the agent the API token belongs to"),
  need("ZENDESK_API_TOKEN", "a Zendesk API token"),
];
const AWS = [
  need(
    "AWS_REGION",
    "the AWS region of the resources, e.g. eu-west-1 (Cost Explorer answers from us-east-1)",
  ),
  may("AWS_ACCESS_KEY_ID", "an access key, when the pod has no IAM role (IRSA) of its own"),
  may("AWS_SECRET_ACCESS_KEY", "the secret of that access key"),
];
const SENTRY = [
  need("SENTRY_AUTH_TOKEN", "a Sentry auth token with the event:read scope"),
  need("SENTRY_ORG", "the organization slug"),
  need("SENTRY_PROJECT", "the project slug"),
  may("SENTRY_URL", "https://sentry.io unless self-hosted"),
];
const SMTP = [
  need("SMTP_HOST", "the mail server, e.g. smtp.example.com"),
  need("SMTP_FROM", "the sender address, e.g. team@example.com"),
  may("SMTP_PORT", "587 unless told otherwise"),
  may("SMTP_USERNAME", "the login, when the server asks for one"),
  may("SMTP_PASSWORD", "the password of that login"),
  may("SMTP_STARTTLS", "true (the default) or false"),
];
const github = (
  t: Omit<CatalogueTool, "integration" | "system" | "settings">,
  settings: ToolSetting[],
) => ({ ...t, integration: "github", system: "github", settings }) as CatalogueTool;

// biome-ignore format: one tool per entry reads best
export const CATALOGUE_TOOLS: readonly CatalogueTool[] = [
  { name: "get_api_json", integration: "http-json", system: "api", serves: ["backend", "automation"], summary: "GET a path of the team's HTTP JSON API and return the JSON answer.", wanted: /\b(?:apis?|rest|webhooks?|endpoints?|integrations?)\b/, settings: [need("API_URL", "base URL of the JSON API, e.g. https://api.example.com/v1"), may("API_TOKEN", "bearer token for the JSON API")] },
  { name: "fetch_billing_data", integration: "http-json", system: "opencost", serves: ["cost"], summary: "GET a path of the cost API (e.g. OpenCost's /allocation/compute?window=7d) and return the JSON answer.", wanted: /\b(?:opencost|kubecost)\b/, service: { name: "OpenCost", pattern: /\b(?:opencost|kubecost)\b/ }, settings: [need("BILLING_API_URL", "base URL of the cost API, e.g. http://opencost.opencost:9003"), may("BILLING_API_TOKEN", "bearer token for the cost API")] },
  { name: "fetch_tickets", integration: "http-json", system: "helpdesk", serves: ["support triage", "reply drafting"], summary: "GET a path of the helpdesk API (e.g. Freshdesk's /tickets?filter=new_and_my_open) and return the JSON answer.", wanted: /\b(?:intercom|freshdesk|help ?desk)\b/, service: { name: "helpdesk (Intercom, Freshdesk)", pattern: /\b(?:intercom|freshdesk|help ?desk)\b/ }, settings: [need("HELPDESK_API_URL", "base URL of the helpdesk API, e.g. https://acme.freshdesk.com/api/v2"), need("HELPDESK_API_TOKEN", "bearer token for the helpdesk API")] },
  { name: "run_sql_query", integration: "postgres", system: "postgres", serves: ["database", "analytics", "data engineering", "data visualization", "finance", "compliance"], summary: "Run one read-only SQL query on the PostgreSQL database and return up to 100 rows as JSON.", wanted: /\b(?:sql|postgres(?:ql)?|databases?|warehouse)\b/, service: { name: "PostgreSQL", pattern: /\bpostgres(?:ql)?\b/ }, settings: [{ ...need("DATABASE_URL", "PostgreSQL connection string (Supabase: the project's connection string), e.g. postgresql://reader@db:5432/app"), source: own("database-url") }] },
  { name: "query_supabase_table", integration: "supabase", system: "supabase", serves: ["database", "analytics"], summary: "Read rows of a Supabase table through its REST API, filtered by a PostgREST query string.", wanted: /\bsupabase\b/, service: { name: "Supabase", pattern: /\bsupabase\b/ }, settings: [{ env: "SUPABASE_URL", required: true, meaning: "the project URL, e.g. https://abcd.supabase.co", source: { secret: "supabase-credentials", key: "url" } }, { env: "SUPABASE_KEY", required: true, meaning: "an API key of the project (anon or service role)", source: { secret: "supabase-credentials", key: "key" } }] },
  github({ name: "search_github", serves: ["issue triage", "ticketing", "code review", "release management", "documentation", "ci cd"], summary: "Search GitHub issues and pull requests (GitHub search syntax) and return number, title, state and link of each.", wanted: /\b(?:github|pull requests?|issue triage)\b/, service: { name: "GitHub", pattern: /\bgithub\b/ } }, [{ ...GITHUB_TOKEN, meaning: "a token that can read the repositories to search" }, GITHUB_API_URL]),
  github({ name: "create_github_issue", writes: true, serves: ["ticketing", "issue triage", "security", "testing"], summary: "Open an issue in the team's GitHub repository with a title and a Markdown body.", wanted: /$^/ }, [GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL]),
  github({ name: "get_pull_request_diff", serves: ["code review", "security", "documentation"], summary: "Read the unified diff of a pull request of the team's GitHub repository.", wanted: /\b(?:code review|pull requests?)\b/ }, [GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL]),
  github({ name: "list_pull_request_reviews", serves: ["code review", "compliance"], summary: "List the reviews of a pull request: reviewer, state and comment.", wanted: /\bcode review\b/ }, [GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL]),
  github({ name: "comment_on_pull_request", writes: true, serves: ["code review", "security"], summary: "Post a comment on a pull request (or issue) of the team's GitHub repository.", wanted: /\bcode review\b/ }, [GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL]),
  github({ name: "list_merged_pull_requests", serves: ["release management", "documentation"], summary: "List the pull requests merged into the default branch since a date (YYYY-MM-DD): number, title, author, labels.", wanted: /\b(?:release notes?|changelogs?)\b/ }, [GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL]),
  github({ name: "list_failed_workflow_runs", serves: ["ci cd", "testing"], summary: "List the failed GitHub Actions workflow runs of the last days: workflow, branch, commit and link.", wanted: /\b(?:ci\/cd|github actions|flaky tests?)\b/ }, [GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL]),
  { name: "search_jira_issues", integration: "jira", system: "jira", serves: ["ticketing"], summary: "Search Jira issues with JQL and return key, summary, status and assignee of each.", wanted: /\bjira\b/, service: { name: "Jira", pattern: /\bjira\b/ }, settings: JIRA },
  { name: "create_jira_issue", integration: "jira", system: "jira", writes: true, serves: ["ticketing"], summary: "Create a Jira issue in the team's project with a summary and a description.", wanted: /\bjira\b/, settings: [...JIRA, need("JIRA_PROJECT", "the key of the project new issues go to, e.g. OPS")] },
  { name: "search_linear_issues", integration: "linear", system: "linear", serves: ["ticketing"], summary: "Search Linear issues by title and return identifier, title, state and assignee of each.", wanted: /\blinear\b/, service: { name: "Linear", pattern: /\blinear\b/ }, settings: [need("LINEAR_API_KEY", "a Linear API key"), may("LINEAR_API_URL", "https://api.linear.app/graphql unless told otherwise")] },
  { name: "create_linear_issue", integration: "linear", system: "linear", writes: true, serves: ["ticketing"], summary: "Create a Linear issue in the team's Linear team with a title and a Markdown description.", wanted: /\blinear\b/, settings: [need("LINEAR_API_KEY", "a Linear API key"), need("LINEAR_TEAM_ID", "the id of the Linear team new issues go to"), may("LINEAR_API_URL", "https://api.linear.app/graphql unless told otherwise")] },
  { name: "search_zendesk_tickets", integration: "zendesk", system: "zendesk", serves: ["support triage", "reply drafting"], summary: "Search Zendesk tickets (Zendesk search syntax) and return id, subject, status and priority of each.", wanted: /\bzendesk\b/, service: { name: "Zendesk", pattern: /\bzendesk\b/ }, settings: ZENDESK },
  { name: "create_zendesk_ticket", integration: "zendesk", system: "zendesk", writes: true, serves: ["support triage", "ticketing"], summary: "Create a Zendesk ticket with a subject and a first comment.", wanted: /\bzendesk\b/, settings: ZENDESK },
  { name: "get_aws_costs", integration: "aws", system: "aws", serves: ["cost"], summary: "Daily AWS costs (Cost Explorer, unblended) of the last days, grouped by service.", wanted: /\b(?:aws|cost explorer)\b/, service: { name: "AWS", pattern: /\b(?:aws|amazon web services|cloudwatch|cost explorer|s3|ec2|lambda|api gateway)\b/ }, settings: AWS },
  { name: "get_cloudwatch_metric", integration: "aws", system: "aws", serves: ["monitoring", "anomaly detection"], summary: "Read a CloudWatch metric (average and maximum per period) of the last hours.", wanted: /\bcloudwatch\b/, settings: AWS },
  { name: "query_cloudwatch_logs", integration: "aws", system: "aws", serves: ["monitoring", "error tracking", "security"], summary: "Run a CloudWatch Logs Insights query over a log group for the last hours and return the rows.", wanted: /\bcloudwatch logs?\b/, settings: AWS },
  { name: "list_s3_objects", integration: "aws", system: "aws", serves: ["data engineering", "security"], summary: "List the objects of an S3 bucket under a prefix: key, size and last change.", wanted: /\bs3\b/, settings: AWS },
  { name: "read_s3_object", integration: "aws", system: "aws", serves: ["data engineering"], summary: "Read the first 64 KB of an S3 object as text.", wanted: /\bs3\b/, settings: AWS },
  { name: "list_pagerduty_incidents", integration: "pagerduty", system: "pagerduty", serves: ["incident response"], summary: "List PagerDuty incidents by status (triggered, acknowledged, resolved): title, service, urgency and times.", wanted: /\b(?:pagerduty|incidents?|on-call)\b/, service: { name: "PagerDuty", pattern: /\b(?:pagerduty|opsgenie)\b/ }, settings: [need("PAGERDUTY_API_TOKEN", "a PagerDuty REST API token"), may("PAGERDUTY_API_URL", "https://api.pagerduty.com unless told otherwise")] },
  { name: "create_pagerduty_incident", integration: "pagerduty", system: "pagerduty", writes: true, serves: ["incident response"], summary: "Trigger a PagerDuty incident through the Events API (pages the on-call engineer).", wanted: /\b(?:pagerduty|page the on-call|paging)\b/, settings: [need("PAGERDUTY_ROUTING_KEY", "the integration key of the PagerDuty service"), may("PAGERDUTY_EVENTS_URL", "https://events.pagerduty.com/v2/enqueue unless told otherwise")] },
  { name: "list_sentry_issues", integration: "sentry", system: "sentry", serves: ["error tracking", "mobile"], summary: "List the Sentry issues of the team's project matching a query (default: unresolved): title, culprit, count, first and last seen.", wanted: /\b(?:sentry|exceptions?|crash(?:es)?|error tracking)\b/, service: { name: "Sentry", pattern: /\bsentry\b/ }, settings: SENTRY },
  { name: "send_slack_message", integration: "slack", system: "slack", writes: true, serves: ["monitoring", "incident response", "issue triage"], summary: "Post a message to the team's Slack channel through an incoming webhook.", wanted: /\b(?:slack|alert(?:s|ing)?|notifications?|escalations?)\b/, service: { name: "Slack", pattern: /\bslack\b/ }, settings: [{ ...need("SLACK_WEBHOOK_URL", "incoming webhook URL of the channel, https://hooks.slack.com/services/…"), source: own("slack-webhook-url") }] },
  { name: "send_email", integration: "email", system: "smtp", writes: true, serves: ["email", "analytics", "finance", "logistics"], summary: "Send a plain-text email through the team's SMTP server.", wanted: /\b(?:e-?mails?|smtp)\b/, service: { name: "email (SMTP)", pattern: /\b(?:e-?mails?|smtp)\b/ }, settings: SMTP },
  { name: "query_prometheus", integration: "prometheus", system: "prometheus", serves: ["monitoring", "kubernetes", "anomaly detection"], summary: "Run a PromQL query on Prometheus and return the result as JSON.", wanted: /\b(?:prometheus|promql|slos?)\b/, service: { name: "Prometheus", pattern: /\b(?:prometheus|promql)\b/ }, settings: [{ ...need("PROMETHEUS_URL", "base URL of Prometheus, e.g. http://prometheus-server.monitoring:80"), source: own("prometheus-url") }, { ...may("PROMETHEUS_TOKEN", "bearer token, when Prometheus sits behind authentication"), source: own("prometheus-token") }] },
  { name: "list_kubernetes_workloads", integration: "kubernetes", system: "kubernetes", serves: ["kubernetes"], summary: "List the Deployments of a Kubernetes namespace (every namespace when empty) with replicas, readiness and each container's CPU and memory requests and limits.", wanted: /\b(?:kubernetes|k8s|helm|containers?)\b/, service: { name: "Kubernetes", pattern: /\b(?:kubernetes|k8s)\b/ }, settings: [{ env: "KUBECONFIG", required: false, meaning: "kubeconfig file outside the cluster; in the cluster the pod's service account is used", source: null }] },
  { name: "render_chart", integration: "charts", system: "local", serves: ["data visualization", "analytics"], summary: "Draw a bar or line chart of JSON rows as an SVG file and return its path with the chart's Vega-Lite spec.", wanted: /\b(?:charts?|dashboards?|visuali[sz]ation|d3(?:\.js)?)\b/, settings: [may("CHART_DIR", "folder the SVG files go to (the system's temporary folder when unset)")] },
  { name: "score_anomalies", integration: "anomalies", system: "local", serves: ["anomaly detection", "cost", "monitoring", "finance"], summary: "Flag the points of a numeric series (JSON list of numbers or of {\"t\", \"value\"}) whose robust z-score, from the median and MAD, is above a threshold.", wanted: /\b(?:anomal(?:y|ies)|outliers?|time series)\b/, settings: [] },
  { name: "fetch_web_page", integration: "web", system: "web", serves: ["research", "documentation", "sales"], summary: "Fetch a web page over HTTP(S) and return its title and readable text (at most 12,000 characters).", wanted: /\b(?:research|web pages?|websites?|competitors?|changelogs?)\b/, service: { name: "the web", pattern: /\b(?:web ?pages?|websites?|docs site|documentation site|pricing pages?|changelogs?|company pages?)\b/ }, settings: [may("WEB_FETCH_ALLOWED_HOSTS", "comma-separated hosts the tool may fetch (any public host when unset)"), may("WEB_FETCH_ALLOW_PRIVATE", "true to allow private and loopback addresses (off by default)")] },
  { name: "check_package_vulnerabilities", integration: "osv", system: "osv", serves: ["security"], summary: "Look a package version up in the OSV vulnerability database (PyPI, npm, Go, Maven, crates.io, …) and list its advisories.", wanted: /\b(?:vulnerabilit(?:y|ies)|cves?|dependenc(?:y|ies)|security)\b/, service: { name: "OSV (vulnerabilities)", pattern: /\b(?:cves?|vulnerabilit(?:y|ies)|osv)\b/ }, settings: [may("OSV_API_URL", "https://api.osv.dev unless told otherwise")] },
];
