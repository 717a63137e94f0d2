import { gatherRepoContext } from "../src/github/gather-repo-context.ts";
import { publishTeam } from "../src/github/publish-team.ts";
import { LABELS, MAINTAINER, type Octokit } from "./bench-github.ts";
import { publishLikeSeed } from "./publish-like-seed.ts";

export interface PublishWayParams {
  octokit: Octokit;
  owner: string;
  repo: string;
  branch: string;
  files: { path: string; content: string }[];
}

const TITLE = "[Automated] Add bench team for benchmarking";
const BODY = "A team opened by `npm run bench`.";

/**
 * Our critical path for a `/create-team` comment, made of the pipeline's own modules: the REST
 * permission check, the one context query, then the two publishing mutation documents.
 */
export async function publishOurWay(params: PublishWayParams): Promise<{ prNumber: number }> {
  const { octokit, owner, repo, branch } = params;
  await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: MAINTAINER });
  const context = await gatherRepoContext({
    graphql: octokit.graphql,
    owner,
    repo,
    configPath: ".github/team-factory.yml",
    teamsDir: "teams",
    branchPrefix: "team-factory/",
    branchName: branch,
    issueNumber: null,
    reviewers: [],
    labels: LABELS,
  });
  const pr = await publishTeam({
    graphql: octokit.graphql,
    repositoryId: context.repositoryId,
    nameWithOwner: context.nameWithOwner,
    baseBranch: context.defaultBranch,
    branchName: branch,
    branchHead: context.branch?.oid ?? null,
    headCommit: null,
    pullRequest: context.pullRequest,
    files: params.files,
    deletions: [],
    message: { headline: "Add bench team", body: BODY },
    pr: { title: TITLE, body: BODY, draft: false },
    labels: LABELS,
    labelIds: context.labels,
    reviewerIds: [],
    teamReviewerIds: [],
  });
  return { prNumber: pr.prNumber };
}

/** The seed's way (bench/publish-like-seed.ts) with the same files, title and labels. */
export function publishSeedWay(params: PublishWayParams): Promise<{ prNumber: number }> {
  const { octokit, owner, repo, branch, files } = params;
  return publishLikeSeed({
    octokit,
    owner,
    repo,
    base: "main",
    branch,
    files,
    title: TITLE,
    body: BODY,
    labels: LABELS,
  });
}
