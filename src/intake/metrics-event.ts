import type {
  DeploymentStatusCreatedEvent,
  PullRequestClosedEvent,
  PullRequestConvertedToDraftEvent,
  PullRequestReadyForReviewEvent,
  PullRequestReopenedEvent,
  PullRequestReviewSubmittedEvent,
} from "@octokit/webhooks-types";
import type { MetricsEvent, PullRequestEventRecord } from "../metrics/metric-events.ts";

type PullRequestEvent =
  | PullRequestClosedEvent
  | PullRequestReopenedEvent
  | PullRequestReadyForReviewEvent
  | PullRequestConvertedToDraftEvent;

/** The events the metrics read, as `name.action` (what `app.yml` subscribes to for them). */
export const METRICS_EVENTS = [
  "pull_request_review.submitted",
  "pull_request.closed",
  "pull_request.reopened",
  "pull_request.ready_for_review",
  "pull_request.converted_to_draft",
  "deployment_status.created",
] as const;

const REVIEW_STATES = ["approved", "changes_requested", "commented"] as const;
const TRACKING = "Tracking id: `";

/** A team PR carries our tracking id and was opened by a bot: anything else is ignored here. */
function looksLikeTeamPr(pr: { user: { type: string } | null; body: string | null }): boolean {
  return pr.user?.type === "Bot" && (pr.body ?? "").slice(0, 100_000).includes(TRACKING);
}

/**
 * A webhook as the metrics record it, or null when it cannot concern a team PR or team
 * deployment (no store call is made for those). The store checks the PR is a team PR.
 */
export function metricsEventOf(name: string, payload: unknown): MetricsEvent | null {
  const p = payload as { action?: string; installation?: { id: number } };
  if (!p.installation) return null;
  if (name === "pull_request_review") return reviewEvent(p as PullRequestReviewSubmittedEvent);
  if (name === "pull_request") return pullRequestEvent(p as PullRequestEvent);
  if (name === "deployment_status") return deploymentEvent(p as DeploymentStatusCreatedEvent);
  return null;
}

function reviewEvent(payload: PullRequestReviewSubmittedEvent): MetricsEvent | null {
  const { review, pull_request: pr, repository } = payload;
  const state = REVIEW_STATES.find((s) => s === review.state?.toLowerCase());
  if (payload.action !== "submitted" || !state || review.user?.type === "Bot") return null;
  if (!looksLikeTeamPr(pr)) return null;
  return pullRequestRecord({
    eventKey: `review:${repository.id}:${review.id}`,
    installationId: payload.installation?.id as number,
    repo: repository.full_name,
    prNumber: pr.number,
    kind: "review",
    reviewState: state,
    actor: review.user?.login ?? payload.sender.login,
  });
}

function pullRequestEvent(payload: PullRequestEvent): MetricsEvent | null {
  const { pull_request: pr, repository } = payload;
  const kind = payload.action;
  if (!["closed", "reopened", "ready_for_review", "converted_to_draft"].includes(kind)) return null;
  if (!looksLikeTeamPr(pr)) return null;
  // GitHub's time of the change makes a replay the same event; the metrics use the receipt time.
  const changedAt = (kind === "closed" ? pr.closed_at : pr.updated_at) ?? "";
  return pullRequestRecord({
    eventKey: `pr:${repository.id}:${pr.number}:${kind}:${changedAt}`,
    installationId: payload.installation?.id as number,
    repo: repository.full_name,
    prNumber: pr.number,
    kind,
    merged: kind === "closed" && pr.merged === true,
    actor: payload.sender.login,
  });
}

const pullRequestRecord = (record: PullRequestEventRecord): MetricsEvent => ({
  kind: "pull-request",
  record,
});

/**
 * The names a deployment gives its team: `payload.team` (recommended), else the environment
 * itself or its last `/` segment (`production/dashboards-team`). Lowercased, at most 100 chars.
 */
export function deploymentTeamNames(deployment: {
  environment: string;
  payload: unknown;
}): string[] {
  let payload = deployment.payload;
  if (typeof payload === "string") {
    try {
      payload = JSON.parse(payload.slice(0, 10_000));
    } catch {
      payload = null;
    }
  }
  const team = (payload as { team?: unknown } | null)?.team;
  const environment = deployment.environment ?? "";
  const names = [typeof team === "string" ? team : "", environment, environment.split("/").at(-1)];
  return [...new Set(names.map((n) => (n ?? "").trim().toLowerCase()))].filter(
    (n) => n.length > 0 && n.length <= 100,
  );
}

function deploymentEvent(payload: DeploymentStatusCreatedEvent): MetricsEvent | null {
  const { deployment, deployment_status: status, repository } = payload;
  const teams = deploymentTeamNames(deployment);
  if (!teams.length) return null;
  return {
    kind: "deployment-status",
    record: {
      eventKey: `deployment-status:${repository.id}:${status.id}`,
      installationId: payload.installation?.id as number,
      repo: repository.full_name,
      teams,
      deploymentId: deployment.id,
      environment: deployment.environment ?? "",
      state: String(status.state).toLowerCase(),
    },
  };
}
