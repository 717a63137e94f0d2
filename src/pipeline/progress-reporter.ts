import type { Reaction, RepoGitHub } from "../github/repo-github.ts";
import {
  type ProgressStep,
  type ProgressView,
  renderProgress,
  type StepState,
} from "../render/progress-comment.ts";

export interface ProgressReporter {
  react(content: Reaction): Promise<void>;
  step(step: ProgressStep, state: StepState, note?: string): void;
  /** Sends the comment if it changed since the last send (create once, then edit in place). */
  flush(extra?: Pick<ProgressView, "outcome" | "details">): Promise<void>;
}

/**
 * Keeps the issue's progress comment. Steps are recorded locally and sent on `flush`, so the
 * pipeline decides how many edits a run costs (each edit is a GitHub request). Without an issue
 * (a scan gap sent straight to a PR) nothing is sent.
 */
export function createProgressReporter(params: {
  github: RepoGitHub;
  issueNumber: number | null;
  gapKey: string;
  existingCommentId: number | null;
}): ProgressReporter {
  const { github, issueNumber, gapKey } = params;
  let commentId = params.existingCommentId;
  let lastBody: string | null = null;
  const view: ProgressView = { gapKey, steps: {} };
  return {
    react: async (content) => {
      if (issueNumber !== null) await github.react(issueNumber, content);
    },
    step(step, state, note) {
      view.steps[step] = { state, note };
    },
    async flush(extra) {
      if (issueNumber === null) return;
      if (extra) Object.assign(view, extra);
      const body = renderProgress(view);
      if (body === lastBody) return;
      if (commentId === null) commentId = await github.createComment(issueNumber, body);
      else await github.updateComment(commentId, body);
      lastBody = body;
    },
  };
}
