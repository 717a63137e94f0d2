import type { ProbotOctokit } from "probot";
import type { FetchText } from "../config/load-repo-config.ts";
import { type RepoPermission, toPermission } from "../policy/permissions.ts";
import { gatherRepoContext } from "./gather-repo-context.ts";
import { labelPullRequest } from "./label-pull-request.ts";
import { publishTeam } from "./publish-team.ts";
import type { RepoGitHub } from "./repo-github.ts";

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** A text file through the contents API; null when it does not exist (404) or is not a file. */
export function contentsFetcher(octokit: Octokit): FetchText {
  return async (params) => {
    try {
      const { data } = await octokit.rest.repos.getContent(params);
      if (Array.isArray(data) || data.type !== "file" || typeof data.content !== "string")
        return null;
      return Buffer.from(data.content, "base64").toString("utf8");
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  };
}

/** The GitHub edge of one job, on an installation's Octokit. */
export function octokitRepoGitHub(params: {
  octokit: Octokit;
  owner: string;
  repo: string;
  /** Waits between publish retries (tests and the bench pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}): RepoGitHub {
  const { octokit, owner, repo, sleep } = params;
  return {
    owner,
    repo,
    permissionOf: (username) => permissionIn(octokit, { owner, repo }, username),
    async permissionIn(target, username) {
      try {
        return await permissionIn(octokit, target, username);
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status === 403 || status === 404) return "none";
        throw error;
      }
    },
    readContext: (query) => gatherRepoContext({ graphql: octokit.graphql, owner, repo, ...query }),
    fetchText: contentsFetcher(octokit),
    async createComment(issueNumber, body, options = {}) {
      const { data } = await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: issueNumber,
        body,
        ...(options.low ? { request: { priority: "low" } } : {}),
      });
      return data.id;
    },
    async updateComment(commentId, body) {
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
    },
    async closeIssue(issueNumber) {
      await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: issueNumber,
        state: "closed",
        state_reason: "completed",
      });
    },
    async react(issueNumber, content) {
      await octokit.rest.reactions.createForIssue({
        owner,
        repo,
        issue_number: issueNumber,
        content,
      });
    },
    async changedPaths(base, branch) {
      try {
        const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
          owner,
          repo,
          basehead: `${base}...${branch}`,
          per_page: 1,
        });
        const paths = (data.files ?? []).flatMap((f) =>
          f.previous_filename ? [f.filename, f.previous_filename] : [f.filename],
        );
        return (data.files?.length ?? 0) >= 300 ? [...paths, "…"] : paths;
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
    publish: (request) => publishTeam({ ...request, graphql: octokit.graphql, sleep }),
    async findPullRequest(branch) {
      const data = await octokit.graphql<{
        repository: { pullRequests: { nodes: { id: string; number: number; url: string }[] } };
      }>(
        "query TeamFactoryBranchPr($owner: String!, $name: String!, $branch: String!) { repository(owner: $owner, name: $name) { pullRequests(headRefName: $branch, states: [OPEN], first: 1) { nodes { id number url } } } }",
        { owner, name: repo, branch },
      );
      const pr = data.repository?.pullRequests?.nodes?.[0];
      return pr ? { id: pr.id, number: pr.number, url: pr.url } : null;
    },
    labelPullRequest: (request) =>
      labelPullRequest({ ...request, graphql: octokit.graphql, sleep }),
  };
}

async function permissionIn(
  octokit: Octokit,
  target: { owner: string; repo: string },
  username: string,
): Promise<RepoPermission> {
  const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
    owner: target.owner,
    repo: target.repo,
    username,
  });
  return toPermission((data as { role_name?: string }).role_name ?? data.permission);
}
