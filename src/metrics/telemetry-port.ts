import type { SpecDrafter } from "../spec/spec-draft.ts";

/** What the store says at scrape time: slots left per scope today, pauses. */
export interface TelemetrySnapshot {
  slots: { scope: string; remaining: number }[];
  pausedInstallations: number;
  pausedRepositories: number;
}

/** The app's Prometheus series (`GET /metrics`); without a dashboard token, nothing is counted. */
export interface Telemetry {
  /** The series in Prometheus's text format. */
  exposition(): Promise<{ contentType: string; body: string }>;
  countWebhook(event: string, action: string | undefined): void;
  countJob(outcome: string): void;
  observeGapToPr(seconds: number): void;
  countGitHubRequest(kind: string, status: string): void;
  countModelCall(result: "draft" | "fallback"): void;
}

/** Counts nothing: `/metrics` is off without TEAM_FACTORY_DASHBOARD_TOKEN, so prom-client stays unloaded. */
export const NO_TELEMETRY: Telemetry = {
  exposition: async () => ({ contentType: "text/plain; version=0.0.4", body: "" }),
  countWebhook() {},
  countJob() {},
  observeGapToPr() {},
  countGitHubRequest() {},
  countModelCall() {},
};

interface RequestOptions {
  method?: string;
  url?: string;
  query?: unknown;
}
// biome-ignore lint/suspicious/noExplicitAny: Octokit's hook types are generic over every endpoint
type HookableOctokit = { hook: { wrap(name: "request", wrapper: any): void } };

/** A request's kind with bounded cardinality: the route template, or the GraphQL operation type. */
export function requestKind(options: RequestOptions): string {
  if (options.url === "/graphql") {
    const query = typeof options.query === "string" ? options.query : "";
    return /^\s*mutation\b/.test(query) ? "graphql mutation" : "graphql query";
  }
  return `${(options.method ?? "GET").toUpperCase()} ${(options.url ?? "").split("?")[0]}`;
}

/** Counts every request of an installation client by kind and status. */
export function instrumentOctokit(octokit: HookableOctokit, telemetry: Telemetry): void {
  octokit.hook.wrap(
    "request",
    async (
      request: (o: RequestOptions) => Promise<{ status: number }>,
      options: RequestOptions,
    ) => {
      const kind = requestKind(options);
      try {
        const response = await request(options);
        telemetry.countGitHubRequest(kind, String(response.status));
        return response;
      } catch (error) {
        const status = (error as { status?: number }).status;
        telemetry.countGitHubRequest(kind, status ? String(status) : "error");
        throw error;
      }
    },
  );
}

/** The drafter, counted: a draft, or a fallback to the heuristics. */
export function countingDrafter(drafter: SpecDrafter, telemetry: Telemetry): SpecDrafter {
  return {
    model: drafter.model,
    async draft(gap) {
      const result = await drafter.draft(gap).catch((error: unknown) => {
        telemetry.countModelCall("fallback");
        throw error;
      });
      telemetry.countModelCall(result.ok ? "draft" : "fallback");
      return result;
    },
  };
}
