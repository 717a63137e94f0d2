import { findPull } from "./model-issues.ts";
import { restPull } from "./rest/represent.ts";
import { ensureUser, findRepo, isoNow, nextId, type SimRepo, type SimState } from "./state.ts";
import { buildPayload, type Deliveries, type DeliveryResult } from "./webhooks.ts";

type RepoName = string;

/** What people do to a pull request after it is opened, and deployments (for the metrics). */
export interface ReviewActs {
  /** A review is submitted (approved, changes requested, or a comment-only review). */
  submitReview(p: {
    repo: RepoName;
    number: number;
    actor: string;
    state: "approved" | "changes_requested" | "commented";
  }): Promise<DeliveryResult & { reviewId: number }>;
  markReadyForReview(p: { repo: RepoName; number: number; actor: string }): Promise<DeliveryResult>;
  convertToDraft(p: { repo: RepoName; number: number; actor: string }): Promise<DeliveryResult>;
  /**
   * A deployment (environment, optional `payload`) and one status for it (`deploymentId`: another
   * status of an earlier deployment).
   */
  deploymentStatus(p: {
    repo: RepoName;
    actor: string;
    environment: string;
    state: "success" | "failure" | "error" | "inactive" | "in_progress" | "queued" | "pending";
    payload?: Record<string, unknown>;
    deploymentId?: number;
  }): Promise<DeliveryResult & { deploymentId: number }>;
}

export function createReviewActs(params: {
  state: SimState;
  base: () => string;
  deliveries: Deliveries;
}): ReviewActs {
  const { state, deliveries } = params;
  const repoOf = (name: RepoName): SimRepo => {
    const [owner, repo] = name.split("/") as [string, string];
    const found = findRepo(state, owner, repo);
    if (!found)
      throw new Error(`no simulated repository ${name}: seed it with sim.createRepo first`);
    return found;
  };
  const pullEvent = (
    p: { repo: RepoName; number: number; actor: string },
    event: string,
    action: string,
    extra: (payload: Record<string, unknown>) => void = () => {},
  ) => {
    const repo = repoOf(p.repo);
    const issue = findPull(repo, p.number);
    issue.updatedAt = isoNow(state);
    const payload = buildPayload({
      state,
      base: params.base(),
      event,
      action,
      repo,
      sender: ensureUser(state, p.actor),
    });
    payload.pull_request = restPull(params.base(), repo, issue);
    payload.number = issue.number;
    extra(payload);
    return deliveries.deliver(event, payload);
  };
  const setDraft = (p: { repo: RepoName; number: number; actor: string }, draft: boolean) => {
    const pull = findPull(repoOf(p.repo), p.number).pull;
    if (pull) pull.draft = draft;
    return pullEvent(p, "pull_request", draft ? "converted_to_draft" : "ready_for_review");
  };
  return {
    async submitReview(p) {
      const reviewer = ensureUser(state, p.actor);
      const reviewId = nextId(state);
      const result = await pullEvent(p, "pull_request_review", "submitted", (payload) => {
        const review = payload.review as Record<string, unknown>;
        Object.assign(review, {
          id: reviewId,
          node_id: `PRR_${reviewId}`,
          user: {
            ...(review.user as object),
            login: reviewer.login,
            id: reviewer.id,
            type: reviewer.type,
          },
          state: p.state,
          body: null,
          submitted_at: isoNow(state),
        });
      });
      return { ...result, reviewId };
    },
    markReadyForReview: (p) => setDraft(p, false),
    convertToDraft: (p) => setDraft(p, true),
    async deploymentStatus(p) {
      const repo = repoOf(p.repo);
      const deploymentId = p.deploymentId ?? nextId(state);
      const payload = buildPayload({
        state,
        base: params.base(),
        event: "deployment_status",
        action: "created",
        repo,
        sender: ensureUser(state, p.actor),
      });
      const at = isoNow(state);
      Object.assign(payload.deployment as object, {
        id: deploymentId,
        environment: p.environment,
        original_environment: p.environment,
        payload: p.payload ?? {},
        created_at: at,
        updated_at: at,
      });
      Object.assign(payload.deployment_status as object, {
        id: nextId(state),
        state: p.state,
        environment: p.environment,
        created_at: at,
        updated_at: at,
      });
      return { ...(await deliveries.deliver("deployment_status", payload)), deploymentId };
    },
  };
}
