import {
  type Actor,
  findLabel,
  nodeId,
  type SimComment,
  SimError,
  type SimIssue,
  type SimLabel,
  type SimRepo,
  type SimState,
  type SimUser,
} from "../state.ts";

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

export function refId(repo: SimRepo, name: string): string {
  return nodeId("REF", `${repo.id}:${name}`);
}

/** Reads a ref node id back into its repository id and qualified name. */
export function decodeRefId(id: string): { repoId: number; name: string } | null {
  const m = /^REF_kw(.+)$/.exec(id);
  if (!m) return null;
  const text = Buffer.from(m[1], "base64url").toString("utf8");
  const found = /^REF:(\d+):(refs\/.+)$/.exec(text);
  return found ? { repoId: Number(found[1]), name: found[2] } : null;
}

export function refObject(ctx: GqlContext, repo: SimRepo, name: string) {
  const sha = repo.git.getRef(name);
  if (!sha) return null;
  const prefix = name.startsWith("refs/heads/") ? "refs/heads/" : "refs/tags/";
  return {
    __typename: "Ref",
    id: refId(repo, name),
    name: name.slice(prefix.length),
    prefix,
    target: () => gitObject(ctx, repo, sha),
    repository: () => repositoryObject(ctx, repo),
  };
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function gitObject(
  ctx: GqlContext,
  repo: SimRepo,
  sha: string,
): Record<string, unknown> | null {
  const obj = repo.git.read(sha);
  if (!obj) return null;
  const base = {
    id: nodeId(obj.type[0].toUpperCase(), `${repo.id}:${sha}`),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    repository: () => repositoryObject(ctx, repo),
  };
  if (obj.type === "blob") {
    const isBinary = obj.body.includes(0);
    return {
      __typename: "Blob",
      ...base,
      byteSize: obj.body.length,
      isBinary,
      isTruncated: false,
      text: isBinary ? null : obj.body.toString("utf8"),
    };
  }
  if (obj.type === "tree") {
    return {
      __typename: "Tree",
      ...base,
      entries: () =>
        (repo.git.readTree(sha) ?? []).map((e) => ({
          name: e.name,
          path: e.name,
          mode: Number.parseInt(e.mode, 8),
          type: e.mode === "40000" ? "tree" : e.mode === "160000" ? "commit" : "blob",
          oid: e.sha,
          size: repo.git.read(e.sha)?.body.length ?? 0,
          isGenerated: false,
          object: () => gitObject(ctx, repo, e.sha),
        })),
    };
  }
  const c = repo.git.readCommit(sha);
  if (!c) return null;
  const verified = repo.verified.get(sha)?.verified === true;
  const person = (s: typeof c.author) => ({
    name: s.name,
    email: s.email,
    date: iso(s.time),
    user: null,
  });
  const [headline, ...rest] = c.message.split("\n");
  return {
    __typename: "Commit",
    ...base,
    message: c.message,
    messageHeadline: headline,
    messageBody: rest.join("\n").trim(),
    committedDate: iso(c.committer.time),
    authoredDate: iso(c.author.time),
    url: `https://github.com/${repo.owner.login}/${repo.name}/commit/${sha}`,
    author: person(c.author),
    committer: person(c.committer),
    tree: () => gitObject(ctx, repo, c.tree),
    parents: (args: Args) =>
      connection(
        c.parents.map((p) => gitObject(ctx, repo, p)),
        args,
      ),
    signature: verified
      ? {
          __typename: "GpgSignature",
          isValid: true,
          state: "VALID",
          wasSignedByGitHub: true,
          email: "noreply@github.com",
          keyId: "B5690EEEBB952194",
          payload: "",
          signature: "",
          signer: null,
        }
      : null,
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
