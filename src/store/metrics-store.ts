import { z } from "zod";
import { type ObservedSettings, parseObservedSettings } from "../config/observed-settings.ts";
import type { DeploymentStatusRecord, PullRequestEventRecord } from "../metrics/metric-events.ts";
import { MetricsWindow } from "../metrics/metric-targets.ts";
import { type GapSource, OperatorLists, OperatorOverview, RepoDashboard } from "./metrics-rows.ts";
import type { StoreCalls } from "./store-calls.ts";
import { asObject, StoreError } from "./store-error.ts";

export type Recorded = { recorded: boolean; reason: string | null; gapKey?: string };

export interface BreakerStats {
  runs: number;
  failed: number;
  since: string | null;
  falsePositives: { count: number; of: number; rate: number | null };
}

export type DashboardClaim =
  | { due: true; issueNumber: number | null }
  | { due: false; issueNumber: number | null; waitSeconds: number };

/** Scope of the metrics: an installation (null: all) and a repository ('' : all of them). */
export interface MetricsScope {
  installationId: number | null;
  repo: string;
}

/**
 * What the metrics, the dashboards and the breaker keep and read: team-PR events, deployment statuses, run ends, the five metrics,
 * the breaker's counts, the dashboard issue's bookkeeping and the operator page's overview. Each
 * method is one `tf_*` call (migration 20261129110000_metrics).
 */
export interface MetricsStore {
  recordPullRequestEvent(event: PullRequestEventRecord): Promise<Recorded>;
  recordDeploymentStatus(event: DeploymentStatusRecord): Promise<Recorded & { team?: string }>;
  /** One run's end; the seconds from gap to PR when it opened one. */
  recordRun(params: {
    installationId: number;
    repo: string;
    gapKey: string | null;
    outcome: string;
    failed: boolean;
  }): Promise<{ gapToPrSeconds: number | null }>;
  metrics(params: MetricsScope & { days: number }): Promise<MetricsWindow>;
  trend(params: MetricsScope & { points: number; windowDays: number }): Promise<MetricsWindow[]>;
  breakerStats(params: {
    installationId: number;
    repo: string;
    lastRuns: number;
    days: number;
  }): Promise<BreakerStats>;
  /** Keeps a repository's observed settings; true when they changed. */
  observeRepo(params: {
    repo: string;
    installationId: number;
    settings: ObservedSettings;
  }): Promise<boolean>;
  settingsOf(repo: string): Promise<ObservedSettings | null>;
  claimDashboardUpdate(params: {
    repo: string;
    installationId: number;
    minSeconds: number;
  }): Promise<DashboardClaim>;
  dashboardIssue(repo: string): Promise<number | null>;
  setDashboardIssue(params: {
    repo: string;
    installationId: number;
    issueNumber: number | null;
  }): Promise<void>;
  repoDashboard(params: { installationId: number; repo: string }): Promise<RepoDashboard>;
  operatorOverview(params?: { auditLimit?: number; gapLimit?: number }): Promise<OperatorOverview>;
  /** The operator page's gaps, approvals and audit entries, filtered and one page of each. */
  operatorLists(params: OperatorListsQuery): Promise<OperatorLists>;
}

/** Filters (null: all) and pages of the operator page's lists. */
export interface OperatorListsQuery {
  repo: string | null;
  state: string | null;
  source: GapSource | null;
  gaps: { offset: number; limit: number };
  audit: { offset: number; limit: number };
}

/** A function's value checked against `schema`, else a StoreError naming the function. */
export function parse<T extends z.ZodType>(schema: T, value: unknown, fn: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new StoreError({
    message: `${fn} returned something this app cannot read (${issue?.path.join(".")}: ${issue?.message}); apply the migrations in supabase/migrations.`,
    code: "TF001",
  });
}

const recorded = (v: Record<string, unknown>) => ({
  recorded: v.recorded === true,
  reason: typeof v.reason === "string" ? v.reason : null,
});

/** The MetricsStore over the store's calls of its `tf_*` functions. */
export function createMetricsStore({ call, at, object }: StoreCalls): MetricsStore {
  const scope = (p: MetricsScope) => ({ p_installation_id: p.installationId, p_repo: p.repo });
  return {
    async recordPullRequestEvent(e) {
      const v = await object("tf_record_pr_event", {
        p_event_key: e.eventKey,
        p_installation_id: e.installationId,
        p_repo: e.repo,
        p_pr_number: e.prNumber,
        p_kind: e.kind,
        p_review_state: e.reviewState ?? null,
        p_merged: e.merged ?? false,
        p_actor: e.actor,
        p_at: e.at ?? null,
      });
      return { ...recorded(v), gapKey: typeof v.gap_key === "string" ? v.gap_key : undefined };
    },
    async recordDeploymentStatus(e) {
      const v = await object("tf_record_deployment_status", {
        p_event_key: e.eventKey,
        p_installation_id: e.installationId,
        p_repo: e.repo,
        p_teams: e.teams,
        p_deployment_id: e.deploymentId,
        p_environment: e.environment,
        p_state: e.state,
        p_at: e.at ?? null,
      });
      return { ...recorded(v), team: typeof v.team === "string" ? v.team : undefined };
    },
    async recordRun(p) {
      const v = await object("tf_record_run", {
        p_installation_id: p.installationId,
        p_repo: p.repo,
        p_gap_key: p.gapKey,
        p_outcome: p.outcome,
        p_failed: p.failed,
      });
      const seconds = v.gap_to_pr_seconds;
      return { gapToPrSeconds: typeof seconds === "number" ? seconds : null };
    },
    async metrics(p) {
      const v = await call("tf_metrics", { ...scope(p), p_days: p.days, ...at() });
      return parse(MetricsWindow, v, "tf_metrics");
    },
    async trend(p) {
      const v = await call("tf_metrics_trend", {
        ...scope(p),
        p_points: p.points,
        p_window_days: p.windowDays,
        ...at(),
      });
      return parse(z.array(MetricsWindow), v, "tf_metrics_trend");
    },
    async breakerStats(p) {
      const v = await object("tf_breaker_stats", {
        p_installation_id: p.installationId,
        p_repo: p.repo,
        p_last: p.lastRuns,
        p_days: p.days,
      });
      const fp = parse(MetricsWindow.shape.false_positives, v.false_positives, "tf_breaker_stats");
      return {
        runs: Number(v.runs),
        failed: Number(v.failed),
        since: typeof v.since === "string" ? v.since : null,
        falsePositives: fp,
      };
    },
    async observeRepo(p) {
      const v = await call("tf_observe_repo", {
        p_repo: p.repo,
        p_installation_id: p.installationId,
        p_settings: p.settings,
        ...at(),
      });
      return v === true;
    },
    async settingsOf(repo) {
      const v = await call("tf_repo_settings_of", { p_repo: repo });
      return v === null ? null : parseObservedSettings(asObject(v, "tf_repo_settings_of").settings);
    },
    async claimDashboardUpdate(p) {
      const v = await object("tf_claim_dashboard_update", {
        p_repo: p.repo,
        p_installation_id: p.installationId,
        p_min_seconds: p.minSeconds,
      });
      const issueNumber = typeof v.issue_number === "number" ? v.issue_number : null;
      return v.due === true
        ? { due: true, issueNumber }
        : { due: false, issueNumber, waitSeconds: Number(v.wait_seconds) };
    },
    async dashboardIssue(repo) {
      const v = await call("tf_dashboard_issue", { p_repo: repo });
      return typeof v === "number" ? v : null;
    },
    async setDashboardIssue(p) {
      await call("tf_set_dashboard_issue", {
        p_repo: p.repo,
        p_installation_id: p.installationId,
        p_issue_number: p.issueNumber,
      });
    },
    async repoDashboard(p) {
      const v = await call("tf_repo_dashboard", {
        p_installation_id: p.installationId,
        p_repo: p.repo,
      });
      return parse(RepoDashboard, v, "tf_repo_dashboard");
    },
    async operatorOverview(p = {}) {
      const v = await call("tf_operator_overview", {
        p_audit_limit: p.auditLimit,
        p_gap_limit: p.gapLimit,
        ...at(),
      });
      return parse(OperatorOverview, v, "tf_operator_overview");
    },
    async operatorLists(p) {
      const v = await call("tf_operator_lists", {
        p_repo: p.repo,
        p_state: p.state,
        p_source: p.source,
        p_gap_offset: p.gaps.offset,
        p_gap_limit: p.gaps.limit,
        p_audit_offset: p.audit.offset,
        p_audit_limit: p.audit.limit,
      });
      return parse(OperatorLists, v, "tf_operator_lists");
    },
  };
}
