import {
  type Actor,
  findLabel,
  type SimComment,
  SimError,
  type SimIssue,
  type SimLabel,
  type SimRepo,
  type SimState,
  type SimUser,
} from "../state.ts";
import { gitObject, refObject } from "./git-objects.ts";

/** What every resolver sees: the state, who asks, and the simulator's URL. */
export interface GqlContext {
  state: SimState;
  actor: Actor;
  base: string;
}

type Args = Record<string, unknown>;

/** GitHub's connection shape over a list, with first/last slicing. */
export function connection<T>(items: T[], args: Args = {}) {
  let slice = items;
  if (typeof args.first === "number") slice = slice.slice(0, args.first);
  if (typeof args.last === "number") slice = slice.slice(Math.max(0, slice.length - args.last));
  const start = items.indexOf(slice[0]);
  const cursor = (i: number) => Buffer.from(`cursor:${i}`).toString("base64");
  return {
    totalCount: items.length,
    nodes: slice,
    edges: slice.map((node, i) => ({ node, cursor: cursor(start + i) })),
    pageInfo: {
      hasNextPage: start + slice.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? cursor(start) : null,
      endCursor: slice.length ? cursor(start + slice.length - 1) : null,
    },
  };
}

export function userObject(u: SimUser) {
  const bot = u.type === "Bot";
  return {
    __typename: u.type,
    id: u.nodeId,
    databaseId: u.id,
    // GitHub's GraphQL names a bot without the "[bot]" suffix its REST login has.
    login: bot ? u.login.replace(/\[bot\]$/, "") : u.login,
    name: u.login,
    url: `https://github.com/${bot ? `apps/${u.login.replace(/\[bot\]$/, "")}` : u.login}`,
    avatarUrl: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
  };
}

export function labelObject(l: SimLabel) {
  return {
    __typename: "Label",
    id: l.nodeId,
    name: l.name,
    color: l.color,
    description: l.description,
    isDefault: false,
  };
}

export function commentObject(ctx: GqlContext, repo: SimRepo, c: SimComment) {
  return {
    __typename: "IssueComment",
    id: c.nodeId,
    databaseId: c.id,
    body: c.body,
    author: userObject(c.user),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    url: `https://github.com/${repo.owner.login}/${repo.name}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    viewerDidAuthor: c.user.id === ctx.actor.user.id,
  };
}

export function issueObject(ctx: GqlContext, repo: SimRepo, i: SimIssue) {
  return {
    __typename: "Issue",
    id: i.nodeId,
    databaseId: i.id,
    number: i.number,
    title: i.title,
    body: i.body ?? "",
    state: i.state === "open" ? "OPEN" : "CLOSED",
    closed: i.state === "closed",
    url: `https://github.com/${repo.owner.login}/${repo.name}/issues/${i.number}`,
    author: userObject(i.user),
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    viewerDidAuthor: i.user.id === ctx.actor.user.id,
    labels: (args: Args) => connection(i.labels.map(labelObject), args),
    comments: (args: Args) =>
      connection(
        i.comments.map((c) => commentObject(ctx, repo, c)),
        args,
      ),
    repository: () => repositoryObject(ctx, repo),
  };
}

export function pullObject(ctx: GqlContext, repo: SimRepo, i: SimIssue) {
  const p = i.pull as NonNullable<SimIssue["pull"]>;
  const headRefOid = repo.git.getRef(`refs/heads/${p.head}`) ?? p.mergeCommitSha ?? "";
  return {
    ...issueObject(ctx, repo, i),
    __typename: "PullRequest",
    id: i.pullNodeId,
    databaseId: i.pullId,
    url: `https://github.com/${repo.owner.login}/${repo.name}/pull/${i.number}`,
    state: p.merged ? "MERGED" : i.state === "open" ? "OPEN" : "CLOSED",
    isDraft: p.draft,
    merged: p.merged,
    mergedAt: p.mergedAt,
    headRefName: p.head,
    baseRefName: p.base,
    headRefOid,
    baseRefOid: repo.git.getRef(`refs/heads/${p.base}`) ?? "",
    headRef: () => refObject(ctx, repo, `refs/heads/${p.head}`),
    baseRef: () => refObject(ctx, repo, `refs/heads/${p.base}`),
    reviewRequests: (args: Args) =>
      connection(
        [
          ...p.requestedReviewers.map((u) => ({ requestedReviewer: userObject(u) })),
          ...p.requestedTeams.map((t) => ({
            requestedReviewer: { __typename: "Team", id: t.nodeId, slug: t.slug, name: t.slug },
          })),
        ],
        args,
      ),
  };
}

function pullsOf(repo: SimRepo): SimIssue[] {
  return [...repo.issues.values()].filter((i) => i.pull);
}

export function repositoryObject(ctx: GqlContext, repo: SimRepo): Record<string, unknown> {
  const resolveRev = (rev: string) => {
    const name = rev === "HEAD" ? repo.defaultBranch : rev;
    return (
      repo.git.getRef(`refs/heads/${name}`) ??
      repo.git.getRef(`refs/tags/${name}`) ??
      repo.git.getRef(name) ??
      (repo.git.read(name) ? name : null)
    );
  };
  return {
    __typename: "Repository",
    id: repo.nodeId,
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${repo.owner.login}/${repo.name}`,
    url: `https://github.com/${repo.owner.login}/${repo.name}`,
    isPrivate: repo.isPrivate,
    owner: userObject(repo.owner),
    defaultBranchRef: () => refObject(ctx, repo, `refs/heads/${repo.defaultBranch}`),
    ref: ({ qualifiedName }: { qualifiedName: string }) =>
      refObject(
        ctx,
        repo,
        qualifiedName.startsWith("refs/") ? qualifiedName : `refs/heads/${qualifiedName}`,
      ),
    // GitHub's Repository.refs: names relative to the prefix (which must end in "/"), alphabetical.
    refs: (args: { refPrefix: string; query?: string } & Args) => {
      if (!args.refPrefix.endsWith("/"))
        throw new SimError(422, `refPrefix must end with "/" (got ${args.refPrefix})`);
      const names = repo.git
        .refNames()
        .filter((n) => n.startsWith(args.refPrefix))
        .filter((n) => !args.query || n.slice(args.refPrefix.length).includes(args.query))
        .sort();
      return connection(
        names.map((n) => ({
          ...refObject(ctx, repo, n),
          name: n.slice(args.refPrefix.length),
          prefix: args.refPrefix,
        })),
        args,
      );
    },
    object: ({ expression, oid }: { expression?: string; oid?: string }) => {
      if (oid) return gitObject(ctx, repo, oid);
      const [rev, ...rest] = (expression ?? "").split(":");
      const commitSha = resolveRev(rev || "HEAD");
      if (!commitSha) return null;
      if (!rest.length) return gitObject(ctx, repo, commitSha);
      const tree = repo.git.readCommit(commitSha)?.tree;
      const found = tree ? repo.git.lookup(tree, rest.join(":")) : null;
      return found ? gitObject(ctx, repo, found.sha) : null;
    },
    labels: (args: { query?: string } & Args) =>
      connection(
        repo.labels
          .filter((l) => !args.query || l.name.toLowerCase().includes(args.query.toLowerCase()))
          .map(labelObject),
        args,
      ),
    issue: ({ number }: { number: number }) => {
      const issue = repo.issues.get(number);
      if (!issue || issue.pull)
        throw new SimError(404, `Could not resolve to an Issue with the number of ${number}.`);
      return issueObject(ctx, repo, issue);
    },
    pullRequest: ({ number }: { number: number }) => {
      const issue = repo.issues.get(number);
      if (!issue?.pull)
        throw new SimError(404, `Could not resolve to a PullRequest with the number of ${number}.`);
      return pullObject(ctx, repo, issue);
    },
    label: ({ name }: { name: string }) => {
      const label = findLabel(repo, name);
      return label ? labelObject(label) : null;
    },
    pullRequests: (
      args: { headRefName?: string; baseRefName?: string; states?: string[] } & Args,
    ) =>
      connection(
        pullsOf(repo)
          .map((i) => pullObject(ctx, repo, i))
          .filter((p) => !args.headRefName || p.headRefName === args.headRefName)
          .filter((p) => !args.baseRefName || p.baseRefName === args.baseRefName)
          .filter((p) => !args.states?.length || args.states.includes(p.state)),
        args,
      ),
  };
}
