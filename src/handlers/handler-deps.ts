import type { ClosedPullRequest } from "../intake/closed-pull-request.ts";
import type { Job } from "../intake/job.ts";
import type { TriggerLabelGuess } from "../intake/job-from-issue-event.ts";
import type { ReopenedPullRequest } from "../intake/reopened-pull-request.ts";

/** The one call each handler makes, provided by the composition root. */
export interface HandlerDeps {
  /** The repo's trigger label as last read from its config (the default, uncertain, before). */
  triggerLabelOf(repo: string): TriggerLabelGuess;
  /** Records the job durably; the work runs after the webhook is answered. */
  submit(job: Job): Promise<unknown>;
  pullRequestClosed(closed: ClosedPullRequest): Promise<unknown>;
  pullRequestReopened(reopened: ReopenedPullRequest): Promise<unknown>;
}
