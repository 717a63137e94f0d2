import {
  type ProgressStep,
  type ProgressView,
  renderProgress,
  type StepState,
} from "../github/progress-comment.ts";

/** The REST calls the reporter makes (Probot's `octokit.rest`). */
export interface IssueRest {
  reactions: {
    createForIssue(params: {
      owner: string;
      repo: string;
      issue_number: number;
      content: "eyes" | "rocket" | "confused" | "+1" | "-1" | "laugh" | "heart" | "hooray";
    }): Promise<unknown>;
  };
  issues: {
    createComment(params: {
      owner: string;
      repo: string;
      issue_number: number;
      body: string;
    }): Promise<{ data: { id: number } }>;
    updateComment(params: {
      owner: string;
      repo: string;
      comment_id: number;
      body: string;
    }): Promise<unknown>;
  };
}

type Reaction = "eyes" | "rocket" | "confused";

/** A reaction on an issue; nothing when there is no issue (a scan gap sent straight to a PR). */
export async function reactToIssue(params: {
  rest: Pick<IssueRest, "reactions">;
  owner: string;
  repo: string;
  issueNumber: number | null;
  content: Reaction;
}): Promise<void> {
  const { rest, owner, repo, issueNumber, content } = params;
  if (issueNumber === null) return;
  await rest.reactions.createForIssue({ owner, repo, issue_number: issueNumber, content });
}

export interface ProgressReporter {
  react(content: Reaction): Promise<void>;
  step(step: ProgressStep, state: StepState, note?: string): void;
  /** Sends the comment if it changed since the last send (create once, then edit in place). */
  flush(extra?: Pick<ProgressView, "outcome" | "details">): Promise<void>;
}

/**
 * Keeps the issue's progress comment. Steps are recorded locally and sent on `flush`, so the
 * pipeline decides how many edits a run costs (each edit is a GitHub request).
 */
export function createProgressReporter(params: {
  rest: IssueRest;
  owner: string;
  repo: string;
  issueNumber: number | null;
  gapKey: string;
  existingCommentId: number | null;
}): ProgressReporter {
  const { rest, owner, repo, issueNumber, gapKey } = params;
  let commentId = params.existingCommentId;
  let lastBody: string | null = null;
  const view: ProgressView = { gapKey, steps: {} };
  return {
    react: (content) => reactToIssue({ rest, owner, repo, issueNumber, content }),
    step(step, state, note) {
      view.steps[step] = { state, note };
    },
    async flush(extra) {
      if (issueNumber === null) return;
      if (extra) Object.assign(view, extra);
      const body = renderProgress(view);
      if (body === lastBody) return;
      if (commentId === null) {
        const created = await rest.issues.createComment({
          owner,
          repo,
          issue_number: issueNumber,
          body,
        });
        commentId = created.data.id;
      } else {
        await rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
      }
      lastBody = body;
    },
  };
}
