/** What the metrics record of GitHub's events (intake builds them, the store keeps team ones). */

/** An event of a pull request; only team PRs are kept. */
export interface PullRequestEventRecord {
  /** Same key on a redelivery or a replay (built from the event, not the delivery id). */
  eventKey: string;
  installationId: number;
  repo: string;
  prNumber: number;
  kind: "review" | "closed" | "reopened" | "ready_for_review" | "converted_to_draft";
  reviewState?: "approved" | "changes_requested" | "commented";
  merged?: boolean;
  actor: string;
  /** When it happened; absent: when the store records it (every metric uses the app's clock). */
  at?: string;
}

/** A deployment status; kept when one of `teams` is a registered team of the repository. */
export interface DeploymentStatusRecord {
  eventKey: string;
  installationId: number;
  repo: string;
  /** Names the deployment gives its team (`payload.team`, the environment, its last segment). */
  teams: string[];
  deploymentId: number;
  environment: string;
  state: string;
  at?: string;
}

export type MetricsEvent =
  | { kind: "pull-request"; record: PullRequestEventRecord }
  | { kind: "deployment-status"; record: DeploymentStatusRecord };
