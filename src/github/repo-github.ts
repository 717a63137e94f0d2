import type { FetchText } from "../config/load-repo-config.ts";
import type { RepoPermission } from "../policy/permissions.ts";
import type { ContextQuery, RepoContext } from "./gather-repo-context.ts";
import type { LabelRequest } from "./label-pull-request.ts";
import type { PublishResult, PublishTeamParams } from "./publish-team.ts";

export type Reaction = "eyes" | "rocket" | "confused";

/** A pull request as the pipeline tracks it. */
export interface PullRequestRef {
  id: string;
  number: number;
  url: string;
}

/**
 * Everything a job does on GitHub, for one repository of one installation. The pipeline sees only
 * this; `octokitRepoGitHub` implements it and tests replace it with an in-memory fake.
 */
export interface RepoGitHub {
  readonly owner: string;
  readonly repo: string;
  /** The user's permission through the REST permission endpoint (never author_association). */
  permissionOf(login: string): Promise<RepoPermission>;
  /** The same on another repository of the owner; `none` when the app cannot see it. */
  permissionIn(repo: { owner: string; repo: string }, login: string): Promise<RepoPermission>;
  /** The one GraphQL query: repository, config, teams, labels, reviewers, branch, PR, issue. */
  readContext(query: ContextQuery): Promise<RepoContext>;
  /** A file of a repository's default branch (for `_extends`); null when absent. */
  fetchText: FetchText;
  /**
   * A new comment on the issue; its database id. `low`: it waits for the installation's other
   * writes (an answer to someone without permission never delays real work).
   */
  createComment(issueNumber: number, body: string, options?: { low?: boolean }): Promise<number>;
  updateComment(commentId: number, body: string): Promise<void>;
  /** Closes the issue as completed (the team of its gap was merged). */
  closeIssue(issueNumber: number): Promise<void>;
  react(issueNumber: number, content: Reaction): Promise<void>;
  /**
   * The paths a branch changes against the base (GitHub's compare: from their merge base), or
   * null when the branch does not exist. GitHub lists at most 300 files: more are reported as one
   * extra entry `…` so that a check of the list cannot pass by truncation.
   */
  changedPaths(base: string, branch: string): Promise<string[] | null>;
  /** Branch, one verified commit, PR, labels and reviewers (see `publishTeam`). */
  publish(params: Omit<PublishTeamParams, "graphql" | "sleep">): Promise<PublishResult>;
  /** The open PR from a branch, as GitHub has it now (after a publish whose answer was lost). */
  findPullRequest(branch: string): Promise<PullRequestRef | null>;
  /** Labels and reviewers on an existing PR (see `labelPullRequest`); never throws. */
  labelPullRequest(
    params: Omit<LabelRequest, "graphql" | "sleep">,
  ): Promise<{ ok: true } | { ok: false; error: string }>;
}
