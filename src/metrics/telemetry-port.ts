import type { SpecDrafter } from "../spec/spec-draft.ts";

/** What the store says at scrape time: slots left per scope today, pauses. */
export interface TelemetrySnapshot {
  slots: { scope: string; remaining: number }[];
  pausedInstallations: number;
  pausedRepositories: number;
  /** Jobs waiting to be tried again after a failed attempt, by why it failed. */
  retrying: { unreachable: number; error: number };
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
  /** Counts every request of an installation client by kind and status. */
  instrument(octokit: HookableOctokit): void;
}

// biome-ignore lint/suspicious/noExplicitAny: Octokit's hook types are generic over every endpoint
export type HookableOctokit = { hook: { wrap(name: "request", wrapper: any): void } };

/** Counts nothing: `/metrics` is off without TEAM_FACTORY_DASHBOARD_TOKEN, so prom-client stays unloaded. */
export const NO_TELEMETRY: Telemetry = {
  exposition: async () => ({ contentType: "text/plain; version=0.0.4", body: "" }),
  countWebhook() {},
  countJob() {},
  observeGapToPr() {},
  countGitHubRequest() {},
  countModelCall() {},
  instrument() {},
};

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
