import { gatherQuery } from "./context-query.ts";
import { asGraphqlFailure, type GraphqlClient } from "./graphql-client.ts";

/** Everything the pipeline needs from GitHub, read by ONE GraphQL query. */
export interface RepoContext {
  repositoryId: string;
  nameWithOwner: string;
  defaultBranch: { name: string; oid: string };
  /** Text of `.github/team-factory.yml` in the repo, else in the owner's `.github` repo. */
  configText: string | null;
  configSource: string | null;
  /** Existing team folders under the teams dir, with the text of their files two levels down. */
  teams: { slug: string; files: Record<string, string> }[];
  /** Node ids of the labels asked for that exist, by lowercased name (GitHub ignores case). */
  labels: Map<string, string>;
  /** Branches under the team branch prefix, by the name after it (at most 100). */
  teamBranches: string[];
  /** Node ids of the configured reviewers that exist, by login. */
  reviewerIds: Map<string, string>;
  /** Node ids of the configured review teams the owner (an organization) has, by slug. */
  teamReviewerIds: Map<string, string>;
  /** All files of one team folder on a branch (`teamOnBranch`), when asked for and it exists. */
  branchTeam?: Record<string, string> | null;
  /** Head of the gap's branch when it exists, with its commit message and signature. */
  branch: { name: string; oid: string; message: string; url: string; verified: boolean } | null;
  /** The open PR from the gap's branch, when there is one. */
  pullRequest: { id: string; number: number; url: string } | null;
  issue: {
    id: string;
    number: number;
    title: string;
    body: string;
    author: string | null;
    comments: { id: string; databaseId: number; body: string; mine: boolean }[];
  } | null;
}

/** What the context query reads besides the repository itself. */
export interface ContextQuery {
  configPath: string;
  teamsDir: string;
  /** The team branches' prefix, ending in "/" (`team-factory/`). */
  branchPrefix: string;
  branchName: string | null;
  issueNumber: number | null;
  reviewers: string[];
  /** Team slugs of the owner organization to ask for review. */
  teamReviewers?: string[];
  /** A team folder to read whole on a branch or `HEAD` (`/regenerate`). */
  teamOnBranch?: { branch: string; path: string };
  /** Label names to look up, each by name (any number of labels in the repository). */
  labels: string[];
}

export interface GatherParams extends ContextQuery {
  graphql: GraphqlClient;
  owner: string;
  repo: string;
}

interface TreeEntry {
  name: string;
  type: string;
  object?: { text?: string | null; entries?: TreeEntry[] } | null;
}

/** Files of one team folder, `config/team_config.yaml` → text, two levels deep. */
function teamFiles(entries: TreeEntry[], prefix = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of entries) {
    const path = `${prefix}${entry.name}`;
    if (typeof entry.object?.text === "string") files[path] = entry.object.text;
    if (entry.object?.entries) Object.assign(files, teamFiles(entry.object.entries, `${path}/`));
  }
  return files;
}

// biome-ignore lint/suspicious/noExplicitAny: a GraphQL response, read defensively field by field
type Loose = any;

export async function gatherRepoContext(params: GatherParams): Promise<RepoContext> {
  const { owner, repo, configPath, teamsDir, branchName, issueNumber, reviewers, labels } = params;
  const teamReviewers = params.teamReviewers ?? [];
  const variables: Record<string, unknown> = {
    owner,
    name: repo,
    configExpr: `HEAD:${configPath}`,
    teamsExpr: `HEAD:${teamsDir}`,
    branchPrefix: `refs/heads/${params.branchPrefix}`,
  };
  if (branchName) {
    variables.branchRef = `refs/heads/${branchName}`;
    variables.branchName = branchName;
  }
  if (issueNumber !== null) variables.issue = issueNumber;
  const { teamOnBranch } = params;
  if (teamOnBranch) variables.branchTeamExpr = `${teamOnBranch.branch}:${teamOnBranch.path}`;
  for (const [i, login] of reviewers.entries()) variables[`reviewer${i}`] = login;
  for (const [i, slug] of teamReviewers.entries()) variables[`team${i}`] = slug;
  labels.forEach((name, i) => {
    variables[`label${i}`] = name;
  });
  const query = gatherQuery({
    reviewerCount: reviewers.length,
    withIssue: issueNumber !== null,
    withBranch: branchName !== null,
    labelCount: labels.length,
    teamReviewerCount: teamReviewers.length,
    withBranchTeam: teamOnBranch !== undefined,
  });
  const data: Loose = await params.graphql(query, variables).catch((error: unknown) => {
    // A missing owner `.github` repo or reviewer is NOT_FOUND beside otherwise complete data;
    // so are review teams when the owner is a user (FORBIDDEN: the app may not read teams).
    const failure = asGraphqlFailure(error);
    const optional = failure?.errors.every(
      (e) =>
        (e.type === "NOT_FOUND" &&
          (e.path?.[0] === "orgConfig" || String(e.path?.[0]).startsWith("reviewer"))) ||
        (e.type === "FORBIDDEN" && e.path?.[0] === "reviewerTeams"),
    );
    if (failure?.data && optional) return failure.data;
    throw error;
  });
  const r = data.repository;
  if (!r) throw new Error(`repository ${owner}/${repo} not found`);
  const ownText = r.config?.text;
  const orgText = data.orgConfig?.object?.text;
  const teamEntries: TreeEntry[] = r.teams?.entries ?? [];
  const reviewerIds = new Map<string, string>();
  reviewers.forEach((login, i) => {
    const user = data[`reviewer${i}`];
    if (user?.id) reviewerIds.set(login, user.id);
  });
  const teamReviewerIds = new Map<string, string>();
  for (const [i, slug] of teamReviewers.entries()) {
    const id = data.reviewerTeams?.[`team${i}`]?.id;
    if (id) teamReviewerIds.set(slug, id);
  }
  const pr = r.pullRequests?.nodes?.find((p: Loose) => p.headRefName === branchName);
  const issue = r.issue;
  return {
    repositoryId: r.id,
    nameWithOwner: r.nameWithOwner,
    defaultBranch: { name: r.defaultBranchRef.name, oid: r.defaultBranchRef.target.oid },
    configText:
      typeof ownText === "string" ? ownText : typeof orgText === "string" ? orgText : null,
    configSource:
      typeof ownText === "string"
        ? `${owner}/${repo}:${configPath}`
        : typeof orgText === "string"
          ? `${owner}/.github:${configPath}`
          : null,
    teams: teamEntries
      .filter((e) => e.type === "tree" && e.object?.entries)
      .map((e) => ({ slug: e.name, files: teamFiles(e.object?.entries ?? []) })),
    labels: new Map(
      labels.flatMap((_, i) => {
        const label = r[`label${i}`];
        return label?.id ? [[String(label.name).toLowerCase(), String(label.id)] as const] : [];
      }),
    ),
    teamBranches: (r.teamBranches?.nodes ?? []).map((b: Loose) => String(b.name)),
    reviewerIds,
    teamReviewerIds,
    ...(teamOnBranch && {
      branchTeam: r.branchTeam?.entries ? teamFiles(r.branchTeam.entries) : null,
    }),
    branch: branchName && r.branch ? headOf(r.branch) : null,
    pullRequest: pr ? { id: pr.id, number: pr.number, url: pr.url } : null,
    issue: issue
      ? {
          id: issue.id,
          number: issue.number,
          title: issue.title,
          body: issue.body ?? "",
          author: issue.author?.login ?? null,
          comments: (issue.comments?.nodes ?? []).map((c: Loose) => ({
            id: c.id,
            databaseId: c.databaseId,
            body: c.body ?? "",
            mine: c.viewerDidAuthor === true,
          })),
        }
      : null,
  };
}

function headOf(ref: Loose): NonNullable<RepoContext["branch"]> {
  const target = ref.target ?? {};
  return {
    name: ref.name,
    oid: target.oid,
    message: typeof target.message === "string" ? target.message : "",
    url: typeof target.url === "string" ? target.url : "",
    verified: target.signature?.isValid === true && target.signature?.wasSignedByGitHub === true,
  };
}
