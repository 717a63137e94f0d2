import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { HookableOctokit, Telemetry, TelemetrySnapshot } from "./telemetry-port.ts";

/** Seconds from a gap to its PR: the plan's target is 30 minutes. */
const GAP_TO_PR_BUCKETS = [10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21_600, 86_400];

export function createTelemetry(params: { snapshot: () => Promise<TelemetrySnapshot> }): Telemetry {
  const registry = new Registry();
  // Node's series under prom-client's own names (process_*, nodejs_*), as standard dashboards read them.
  collectDefaultMetrics({ register: registry });
  const webhooks = new Counter({
    name: "team_factory_webhooks_total",
    help: "Webhooks received (signature verified), by event and action.",
    labelNames: ["event", "action"],
    registers: [registry],
  });
  const jobs = new Counter({
    name: "team_factory_jobs_total",
    help: "Jobs ended, by outcome (pr-opened, failed, daily-limit, ...; error or unreachable for an attempt tried again, gave-up).",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const gapToPr = new Histogram({
    name: "team_factory_gap_to_pr_seconds",
    help: "Seconds from a gap's first trigger to its new team PR.",
    buckets: GAP_TO_PR_BUCKETS,
    registers: [registry],
  });
  const github = new Counter({
    name: "team_factory_github_requests_total",
    help: "GitHub requests of the installation clients, by kind (route or GraphQL operation) and status.",
    labelNames: ["kind", "status"],
    registers: [registry],
  });
  const model = new Counter({
    name: "team_factory_model_calls_total",
    help: "Spec drafts asked of the model, by result (draft, or fallback to the heuristics).",
    labelNames: ["result"],
    registers: [registry],
  });
  const fallbacks = new Counter({
    name: "team_factory_model_fallbacks_total",
    help: "Model calls that gave no draft, so the heuristics planned the team.",
    registers: [registry],
  });
  let last: Promise<TelemetrySnapshot> | null = null;
  // One store read per scrape, shared by the gauges below.
  const snapshot = () => {
    last ??= params.snapshot().finally(() => setTimeout(() => (last = null), 0).unref());
    return last;
  };
  new Gauge({
    name: "team_factory_slots_remaining",
    help: "New team PRs left today (UTC) per daily-limit scope.",
    labelNames: ["scope"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of (await snapshot()).slots) this.set({ scope: s.scope }, s.remaining);
    },
  });
  new Gauge({
    name: "team_factory_jobs_retrying",
    help: "Jobs whose last attempt failed and that will be tried again, by why (unreachable: GitHub could not be reached; error: anything else).",
    labelNames: ["reason"],
    registers: [registry],
    async collect() {
      this.reset();
      const { retrying } = await snapshot();
      this.set({ reason: "unreachable" }, retrying.unreachable);
      this.set({ reason: "error" }, retrying.error);
    },
  });
  new Gauge({
    name: "team_factory_paused_installations",
    help: "Installations paused as a whole (by a person or the circuit breaker).",
    registers: [registry],
    async collect() {
      this.set((await snapshot()).pausedInstallations);
    },
  });
  new Gauge({
    name: "team_factory_paused_repositories",
    help: "Repositories paused on their own.",
    registers: [registry],
    async collect() {
      this.set((await snapshot()).pausedRepositories);
    },
  });
  const countGitHubRequest = (kind: string, status: string) => github.inc({ kind, status });
  return {
    exposition: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
    countWebhook: (event, action) => webhooks.inc({ event, action: action ?? "" }),
    countJob: (outcome) => jobs.inc({ outcome }),
    observeGapToPr: (seconds) => gapToPr.observe(seconds),
    countGitHubRequest,
    instrument: (octokit) => instrumentOctokit(octokit, countGitHubRequest),
    countModelCall(result) {
      model.inc({ result });
      if (result === "fallback") fallbacks.inc();
    },
  };
}

interface RequestOptions {
  method?: string;
  url?: string;
  query?: unknown;
}

/**
 * A request's kind with bounded cardinality: the route template, or `graphql <operation name>`
 * (`graphql query` / `graphql mutation` for an anonymous one). Never a host or port: on GitHub
 * Enterprise Server GraphQL's URL is absolute, and so are the pages of a paginated list, whose
 * numeric ids become `{id}`.
 */
export function requestKind(options: RequestOptions): string {
  const path = pathOf(options.url ?? "");
  if (/(^|\/)graphql$/.test(path)) return `graphql ${operationOf(options.query)}`;
  return `${(options.method ?? "GET").toUpperCase()} ${path}`;
}

function pathOf(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url.split("?")[0] as string;
  const path = new URL(url).pathname.replace(/^\/api\/v3(?=\/)/, "");
  return path.replace(/\/\d+(?=\/|$)/g, "/{id}");
}

function operationOf(query: unknown): string {
  const text = typeof query === "string" ? query.replace(/#[^\n]*/g, "") : "";
  const named = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]{0,99})/.exec(text);
  if (named) return named[1] as string;
  return /^\s*mutation\b/.test(text) ? "mutation" : "query";
}

/** Counts every request of an installation client by kind and status. */
function instrumentOctokit(
  octokit: HookableOctokit,
  countGitHubRequest: Telemetry["countGitHubRequest"],
): void {
  octokit.hook.wrap(
    "request",
    async (
      request: (o: RequestOptions) => Promise<{ status: number }>,
      options: RequestOptions,
    ) => {
      const kind = requestKind(options);
      try {
        const response = await request(options);
        countGitHubRequest(kind, String(response.status));
        return response;
      } catch (error) {
        // No answer at all (refused, timed out): not a status GitHub gave.
        const { status, unreachable } = error as { status?: number; unreachable?: string };
        countGitHubRequest(kind, unreachable ? "unreachable" : status ? String(status) : "error");
        throw error;
      }
    },
  );
}
