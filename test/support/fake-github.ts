import type { ContextQuery, RepoContext } from "../../src/github/gather-repo-context.ts";
import type { PublishResult, PublishTeamParams } from "../../src/github/publish-team.ts";
import type { Reaction, RepoGitHub } from "../../src/github/repo-github.ts";
import type { RepoPermission } from "../../src/policy/permissions.ts";

type Publish = Omit<PublishTeamParams, "graphql" | "sleep">;

/**
 * An in-memory GitHub edge for unit tests of the pipeline: it records every call in order and
 * answers from a small model of one repository (config text, teams, issue, branch, PR).
 */
export interface FakeGitHub extends RepoGitHub {
  calls: string[];
  permissions: Record<string, RepoPermission>;
  configText: string | null;
  teams: RepoContext["teams"];
  issue: { number: number; title: string; body: string; author: string | null };
  comments: { id: number; body: string }[];
  reactions: Reaction[];
  published: Publish[];
  closedIssues: number[];
  /** Paths a person pushed to a gap's branch by hand (what `changedPaths` adds to ours). */
  extraBranchPaths: string[];
  /** Throws this from the named method once (then clears it). */
  failNext: Partial<Record<keyof RepoGitHub, Error>>;
}

export function fakeGitHub(
  init: Partial<Pick<FakeGitHub, "permissions" | "configText" | "teams" | "issue">> = {},
): FakeGitHub {
  let nextComment = 100;
  let nextPr = 2;
  const branches = new Map<string, { oid: string; message: string }>();
  const prs = new Map<string, { id: string; number: number; url: string }>();
  const gh: FakeGitHub = {
    owner: "acme",
    repo: "agents",
    calls: [],
    permissions: init.permissions ?? { mia: "maintain", max: "admin", wes: "write", rob: "read" },
    configText: init.configText ?? null,
    teams: init.teams ?? [],
    issue: init.issue ?? {
      number: 1,
      title: "Kubernetes cost monitoring",
      body: "We need a team that monitors Kubernetes cost per namespace and flags waste every week.",
      author: "mia",
    },
    comments: [],
    reactions: [],
    published: [],
    closedIssues: [],
    failNext: {},
    extraBranchPaths: [],
    async permissionOf(login) {
      note("permissionOf");
      return gh.permissions[login] ?? "none";
    },
    async permissionIn(_repo, login) {
      note("permissionIn");
      return gh.permissions[login] ?? "none";
    },
    async readContext(query: ContextQuery) {
      note("readContext");
      const head = query.branchName ? branches.get(query.branchName) : undefined;
      return {
        repositoryId: "R_1",
        nameWithOwner: "acme/agents",
        defaultBranch: { name: "main", oid: "base-oid" },
        configText: gh.configText,
        configSource: gh.configText === null ? null : "acme/agents:.github/team-factory.yml",
        teams: gh.teams,
        labels: new Map([["automated", "L_1"]]),
        teamBranches: [...branches.keys()]
          .filter((b) => b.startsWith(query.branchPrefix))
          .map((b) => b.slice(query.branchPrefix.length)),
        reviewerIds: new Map(),
        teamReviewerIds: new Map(),
        branch:
          query.branchName && head
            ? { name: query.branchName, ...head, url: "", verified: true }
            : null,
        pullRequest: query.branchName ? (prs.get(query.branchName) ?? null) : null,
        issue:
          query.issueNumber === null
            ? null
            : {
                id: "I_1",
                ...gh.issue,
                comments: gh.comments.map((c) => ({
                  id: `IC_${c.id}`,
                  databaseId: c.id,
                  body: c.body,
                  mine: true,
                })),
              },
      };
    },
    async fetchText() {
      note("fetchText");
      return null;
    },
    async createComment(_issue, body) {
      note("createComment");
      const id = nextComment++;
      gh.comments.push({ id, body });
      return id;
    },
    async updateComment(id, body) {
      note("updateComment");
      const comment = gh.comments.find((c) => c.id === id);
      if (!comment) throw new Error(`no comment ${id}`);
      comment.body = body;
    },
    async closeIssue() {
      note("closeIssue");
      gh.closedIssues.push(gh.issue.number);
    },
    async react(_issue, content) {
      note("react");
      gh.reactions.push(content);
    },
    async changedPaths(_base, branch) {
      note("changedPaths");
      if (!branches.has(branch)) return null;
      return [
        ...gh.extraBranchPaths,
        ...gh.published
          .filter((p) => p.branchName === branch)
          .flatMap((p) => p.files.map((f) => f.path)),
      ];
    },
    async publish(params): Promise<PublishResult> {
      note("publish");
      gh.published.push(params);
      const existing = prs.get(params.branchName);
      const pr = existing ?? {
        id: `PR_${nextPr}`,
        number: nextPr,
        url: `https://github.com/acme/agents/pull/${nextPr++}`,
      };
      prs.set(params.branchName, pr);
      const message = `${params.message.headline}\n\n${params.message.body}`;
      const oid = params.headCommit?.oid ?? `commit-${gh.published.length}`;
      branches.set(params.branchName, { oid, message });
      return {
        prId: pr.id,
        prNumber: pr.number,
        prUrl: pr.url,
        created: !existing,
        commitOid: oid,
        commitUrl: "",
        verified: true,
        branch: params.branchName,
        labelled: true,
        labelError: null,
      };
    },
    async findPullRequest(branch) {
      note("findPullRequest");
      return prs.get(branch) ?? null;
    },
    async labelPullRequest() {
      note("labelPullRequest");
      return { ok: true };
    },
  };
  function note(method: keyof RepoGitHub) {
    gh.calls.push(method);
    const error = gh.failNext[method];
    if (error) {
      delete gh.failNext[method];
      throw error;
    }
  }
  return gh;
}
