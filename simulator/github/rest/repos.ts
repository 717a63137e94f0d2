import { PROTECTED_MESSAGE, writeCommit } from "../model-git.ts";
import { ensureUser, permissionOf, SimError } from "../state.ts";
import { actorOf, ok, type RestContext, type RestHandler } from "./context.ts";
import { gitCommit } from "./git.ts";
import { restRepo, restUser } from "./represent.ts";

/** A branch name, tag or sha to a commit sha (default branch when absent). */
function resolveCommit(ctx: RestContext, rev: string | undefined): string {
  const git = ctx.repo.git;
  const name = rev ?? ctx.repo.defaultBranch;
  const sha =
    git.getRef(`refs/heads/${name}`) ?? git.getRef(`refs/tags/${name}`) ?? git.getRef(name) ?? name;
  if (git.read(sha)?.type !== "commit")
    throw new SimError(404, `No commit found for the ref ${name}`);
  return sha;
}

function contentItem(
  ctx: RestContext,
  path: string,
  type: "file" | "dir",
  sha: string,
  withContent: boolean,
) {
  const full = `${ctx.repo.owner.login}/${ctx.repo.name}`;
  const url = `${ctx.base}/repos/${full}/contents/${path}`;
  const blob = type === "file" ? ctx.repo.git.read(sha) : null;
  return {
    type,
    name: path.split("/").pop() ?? path,
    path,
    sha,
    size: blob?.body.length ?? 0,
    url,
    git_url: `${ctx.base}/repos/${full}/git/${type === "file" ? "blobs" : "trees"}/${sha}`,
    html_url: `https://github.com/${full}/blob/${ctx.repo.defaultBranch}/${path}`,
    download_url: type === "file" ? `https://raw.githubusercontent.com/${full}/HEAD/${path}` : null,
    _links: {
      self: url,
      git: `${ctx.base}/repos/${full}/git/blobs/${sha}`,
      html: `https://github.com/${full}/blob/HEAD/${path}`,
    },
    ...(withContent && blob ? { content: blob.body.toString("base64"), encoding: "base64" } : {}),
  };
}

/** The account behind a noreply address (`<id>+<login>@users.noreply.github.com`), else the owner. */
function committerUser(ctx: RestContext, email: string) {
  const id = Number(/^(\d+)\+/.exec(email)?.[1]);
  const user = [...ctx.state.users.values()].find((u) => u.id === id) ?? ctx.repo.owner;
  return restUser(ctx.base, user);
}

function fullCommit(ctx: RestContext, sha: string) {
  const commit = gitCommit(ctx, sha);
  const { sha: _, node_id, html_url, url, parents, ...inner } = commit;
  return {
    sha,
    node_id,
    url: `${ctx.base}/repos/${ctx.repo.owner.login}/${ctx.repo.name}/commits/${sha}`,
    html_url,
    comments_url: "",
    commit: { ...inner, url, comment_count: 0 },
    author: committerUser(ctx, commit.author.email),
    committer: committerUser(ctx, commit.committer.email),
    parents,
    files: [],
    stats: { total: 0, additions: 0, deletions: 0 },
  };
}

/** Commits reachable from `sha` (itself included), nearest first. */
function ancestors(ctx: RestContext, sha: string): string[] {
  const seen: string[] = [];
  const queue = [sha];
  while (queue.length) {
    const next = queue.shift() as string;
    if (seen.includes(next)) continue;
    seen.push(next);
    queue.push(...(ctx.repo.git.readCommit(next)?.parents ?? []));
  }
  return seen;
}

/** GitHub's compare: the files that differ between the merge base and the head, and the commits. */
function compare(ctx: RestContext, basehead: string) {
  const [baseRev, headRev] = basehead.split("...");
  if (!baseRev || !headRev) throw new SimError(404, "Not Found");
  const base = resolveCommit(ctx, baseRev);
  const head = resolveCommit(ctx, headRev);
  const fromBase = new Set(ancestors(ctx, base));
  const fromHead = ancestors(ctx, head);
  const mergeBase = fromHead.find((sha) => fromBase.has(sha)) ?? base;
  const ahead = fromHead.filter((sha) => !fromBase.has(sha));
  const behind = [...fromBase].filter((sha) => !fromHead.includes(sha));
  const git = ctx.repo.git;
  const before = git.flatten(git.readCommit(mergeBase)?.tree ?? "");
  const after = git.flatten(git.readCommit(head)?.tree ?? "");
  const full = `${ctx.repo.owner.login}/${ctx.repo.name}`;
  const files = [...new Set([...before.keys(), ...after.keys()])].sort().flatMap((filename) => {
    const was = before.get(filename);
    const now = after.get(filename);
    if (was?.sha === now?.sha) return [];
    const status = !was ? "added" : !now ? "removed" : "modified";
    const sha = (now ?? was)?.sha ?? "";
    return [
      {
        sha,
        filename,
        status,
        additions: 0,
        deletions: 0,
        changes: 0,
        blob_url: `https://github.com/${full}/blob/${head}/${filename}`,
        raw_url: `https://github.com/${full}/raw/${head}/${filename}`,
        contents_url: `${ctx.base}/repos/${full}/contents/${filename}?ref=${head}`,
      },
    ];
  });
  return {
    url: `${ctx.base}/repos/${full}/compare/${basehead}`,
    html_url: `https://github.com/${full}/compare/${basehead}`,
    permalink_url: `https://github.com/${full}/compare/${base}...${head}`,
    diff_url: `https://github.com/${full}/compare/${basehead}.diff`,
    patch_url: `https://github.com/${full}/compare/${basehead}.patch`,
    base_commit: fullCommit(ctx, base),
    merge_base_commit: fullCommit(ctx, mergeBase),
    status:
      ahead.length && behind.length
        ? "diverged"
        : ahead.length
          ? "ahead"
          : behind.length
            ? "behind"
            : "identical",
    ahead_by: ahead.length,
    behind_by: behind.length,
    total_commits: ahead.length,
    commits: ahead.reverse().map((sha) => fullCommit(ctx, sha)),
    files,
  };
}

export const reposHandlers: Record<string, RestHandler> = {
  "repos/compare-commits-with-basehead": (ctx) => ok(compare(ctx, ctx.params.basehead)),
  "repos/get": (ctx) =>
    ok({ ...restRepo(ctx.base, ctx.repo), network_count: 0, subscribers_count: 0 }),
  "repos/get-branch": (ctx) => {
    const name = ctx.params.branch;
    const sha = ctx.repo.git.getRef(`refs/heads/${name}`);
    if (!sha) throw new SimError(404, "Branch not found");
    return ok({
      name,
      commit: fullCommit(ctx, sha),
      protected: name === ctx.repo.defaultBranch,
      protection_url: `${ctx.base}/repos/${ctx.repo.owner.login}/${ctx.repo.name}/branches/${name}/protection`,
      _links: { self: "", html: "" },
      protection: { enabled: name === ctx.repo.defaultBranch },
    });
  },
  "repos/get-commit": (ctx) => ok(fullCommit(ctx, resolveCommit(ctx, ctx.params.ref))),
  "repos/get-collaborator-permission-level": (ctx) => {
    const user = ensureUser(ctx.state, ctx.params.username);
    const permission = permissionOf(ctx.repo, user.login);
    const legacy = { triage: "read", maintain: "write" }[permission as string] ?? permission;
    return ok({ permission: legacy, role_name: permission, user: restUser(ctx.base, user) });
  },
  "repos/get-content": (ctx) => {
    const path = ctx.params.path.replace(/^\/+|\/+$/g, "");
    const commit = ctx.repo.git.readCommit(resolveCommit(ctx, ctx.query.ref));
    const found = commit && ctx.repo.git.lookup(commit.tree, path);
    if (!found) throw new SimError(404, "Not Found");
    if (found.type === "blob") return ok(contentItem(ctx, path, "file", found.sha, true));
    const entries = ctx.repo.git.readTree(found.sha) ?? [];
    return ok(
      entries.map((e) =>
        contentItem(
          ctx,
          path ? `${path}/${e.name}` : e.name,
          e.mode === "40000" ? "dir" : "file",
          e.sha,
          false,
        ),
      ),
    );
  },
  "repos/create-or-update-file-contents": (ctx) => {
    const git = ctx.repo.git;
    const branch = ctx.body.branch ?? ctx.repo.defaultBranch;
    if (branch === ctx.repo.defaultBranch) throw new SimError(409, PROTECTED_MESSAGE);
    const head = git.getRef(`refs/heads/${branch}`);
    if (!head) throw new SimError(404, `Branch ${branch} not found`);
    const path = ctx.params.path.replace(/^\/+/, "");
    const files = git.flatten(git.readCommit(head)?.tree ?? "");
    const existing = files.get(path);
    if (existing && !ctx.body.sha)
      throw new SimError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
    if (existing && ctx.body.sha !== existing.sha)
      throw new SimError(409, `${path} does not match ${ctx.body.sha}`);
    const blob = git.writeBlob(Buffer.from(ctx.body.content, "base64"));
    files.set(path, { mode: existing?.mode ?? "100644", sha: blob });
    const stamp = (p?: { name: string; email: string }) =>
      p && { name: p.name, email: p.email, time: Math.floor(ctx.state.now() / 1000) };
    const sha = writeCommit({
      state: ctx.state,
      repo: ctx.repo,
      actor: actorOf(ctx),
      commit: {
        tree: git.buildTree(files),
        parents: [head],
        message: ctx.body.message,
        author: stamp(ctx.body.author),
        committer: stamp(ctx.body.committer ?? ctx.body.author),
      },
      custom: Boolean(ctx.body.author || ctx.body.committer),
    });
    git.setRef(`refs/heads/${branch}`, sha);
    const { verification: _, ...commit } = gitCommit(ctx, sha);
    return ok(
      { content: contentItem(ctx, path, "file", blob, false), commit },
      existing ? 200 : 201,
    );
  },
};
