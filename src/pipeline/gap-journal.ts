import type { RepoGitHub } from "../github/repo-github.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job } from "../intake/job.ts";
import type { ProgressStep } from "../render/progress-comment.ts";
import type { GapRecord, GapUpdate } from "../store/store.ts";
import type { PipelineStore } from "./pipeline-deps.ts";
import { createProgressReporter, type ProgressReporter } from "./progress-reporter.ts";

/** What one run writes down: audit records, state moves, answers on the issue. */
export interface GapJournal {
  audit(action: string, details?: Record<string, unknown>): Promise<void>;
  move(update: GapUpdate): Promise<GapRecord>;
  /**
   * A plain 😕 comment with the reason, audited as a refused trigger. `rationed`: the answer to
   * someone without the permission: one comment per person and repository an hour (at most ten
   * per repository), later ones are only audited, so a flood costs a few writes.
   */
  refuse(
    reason: string,
    options?: { details?: Record<string, unknown>; rationed?: boolean },
  ): Promise<GapOutcome>;
  /** Marks the step failed, posts the reason in the progress comment and returns the outcome. */
  finish<T extends GapOutcome>(outcome: T, step: ProgressStep, text: string): Promise<T>;
  progress: ProgressReporter;
}

export function gapJournal(params: {
  job: Job;
  gapKey: string;
  github: RepoGitHub;
  store: PipelineStore;
  /** Our earlier progress comment on the issue, edited in place. */
  progressCommentId: number | null;
  defer: (work: Promise<unknown>) => void;
  /** Shadow mode: everything is recorded and audited, nothing is written to GitHub. */
  silent?: boolean;
}): GapJournal {
  const { job, gapKey, github, store, defer } = params;
  const repo = `${job.owner}/${job.repo}`;
  // Silent, the journal has no issue to write to: no comment, no reaction.
  const issueNumber = params.silent ? null : job.issueNumber;
  const progress = createProgressReporter({
    github,
    issueNumber,
    gapKey,
    existingCommentId: params.progressCommentId,
  });
  const audit = async (action: string, details: Record<string, unknown> = {}) => {
    await store.audit({ action, actor: job.actor, gapKey, repo, details });
  };
  return {
    audit,
    move: (update) => store.updateGap({ gapKey, actor: job.actor, ...update }),
    async refuse(reason, options = {}) {
      const answer =
        issueNumber !== null &&
        (!options.rationed ||
          (await store.takeNotice({
            scopes: [
              { key: `refusal:${repo.toLowerCase()}:${job.actor.toLowerCase()}`, limit: 1 },
              { key: `refusal:${repo.toLowerCase()}`, limit: 10 },
            ],
            windowSeconds: 3600,
          })));
      await audit("trigger.refused", {
        trigger: job.trigger,
        reason,
        answered: answer,
        ...options.details,
      });
      if (answer && issueNumber !== null) {
        const sent = github.createComment(issueNumber, `😕 ${reason}`, {
          low: options.rationed,
        });
        // A rationed answer waits behind real writes; its job does not wait for it (nor hold a
        // worker), and losing it to a crash loses a courtesy, not a decision (that is audited).
        if (options.rationed) defer(sent);
        else await sent;
      }
      return { kind: "refused", reason };
    },
    async finish(outcome, step, text) {
      progress.step(step, "failed");
      const icon = outcome.kind === "enhance" ? "💡" : "😕";
      await progress.flush({ outcome: { icon, text } });
      if (outcome.kind !== "enhance") await progress.react("confused").catch(() => undefined);
      return outcome;
    },
    progress,
  };
}
