import type { FileEntry } from "../git-store.ts";
import { branchRef, createRef, deleteRef, updateRef, writeCommit } from "../model-git.ts";
import { SimError, type SimRepo } from "../state.ts";
import { actorOf, ok, type RestContext, type RestHandler } from "./context.ts";

const repoUrl = (ctx: RestContext) => `${ctx.base}/repos/${ctx.repo.owner.login}/${ctx.repo.name}`;

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A commit as `git/get-commit` shows it (also the `commit` part of `repos/get-commit`). */
export function gitCommit(ctx: RestContext, sha: string) {
  const c = ctx.repo.git.readCommit(sha);
  if (!c) throw new SimError(404, "Not Found");
  const v = ctx.repo.verified.get(sha) ?? { verified: false, reason: "unsigned" };
  const person = (s: typeof c.author) => ({ name: s.name, email: s.email, date: iso(s.time) });
  return {
    sha,
    node_id: `C_${sha}`,
    url: `${repoUrl(ctx)}/git/commits/${sha}`,
    html_url: `https://github.com/${ctx.repo.owner.login}/${ctx.repo.name}/commit/${sha}`,
    author: person(c.author),
    committer: person(c.committer),
    message: c.message,
    tree: { sha: c.tree, url: `${repoUrl(ctx)}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${repoUrl(ctx)}/git/commits/${p}`,
      html_url: "",
    })),
    verification: {
      verified: v.verified,
      reason: v.reason,
      signature: v.verified
        ? "-----BEGIN PGP SIGNATURE-----\nsimulated\n-----END PGP SIGNATURE-----"
        : null,
      payload: v.verified ? `tree ${c.tree}` : null,
      verified_at: v.verified ? iso(c.committer.time) : null,
    },
  };
}

export function refBody(ctx: RestContext, name: string) {
  const sha = ctx.repo.git.getRef(name);
  if (!sha) throw new SimError(404, "Not Found");
  return {
    ref: name,
    node_id: `REF_${Buffer.from(`${ctx.repo.id}:${name}`).toString("base64url")}`,
    url: `${repoUrl(ctx)}/git/${name}`,
    object: { type: "commit", sha, url: `${repoUrl(ctx)}/git/commits/${sha}` },
  };
}

function treeBody(ctx: RestContext, sha: string, recursive: boolean) {
  const repo: SimRepo = ctx.repo;
  const entries = recursive
    ? [...flattenWithTrees(repo, sha)]
    : (repo.git.readTree(sha) ?? []).map((e) => ({ path: e.name, mode: e.mode, sha: e.sha }));
  return {
    sha,
    url: `${repoUrl(ctx)}/git/trees/${sha}`,
    truncated: false,
    tree: entries.map((e) => {
      const isTree = e.mode === "40000";
      return {
        path: e.path,
        mode: isTree ? "040000" : e.mode,
        type: isTree ? "tree" : "blob",
        sha: e.sha,
        url: `${repoUrl(ctx)}/git/${isTree ? "trees" : "blobs"}/${e.sha}`,
        ...(isTree ? {} : { size: repo.git.read(e.sha)?.body.length ?? 0 }),
      };
    }),
  };
}

function* flattenWithTrees(
  repo: SimRepo,
  sha: string,
  prefix = "",
): Generator<{ path: string; mode: string; sha: string }> {
  for (const e of repo.git.readTree(sha) ?? []) {
    yield { path: `${prefix}${e.name}`, mode: e.mode, sha: e.sha };
    if (e.mode === "40000") yield* flattenWithTrees(repo, e.sha, `${prefix}${e.name}/`);
  }
}

function createTree(ctx: RestContext): string {
  const git = ctx.repo.git;
  let files = new Map<string, FileEntry>();
  if (ctx.body.base_tree) {
    if (git.read(ctx.body.base_tree)?.type !== "tree")
      throw new SimError(422, "base_tree is not a valid tree oid");
    files = git.flatten(ctx.body.base_tree);
  }
  for (const item of ctx.body.tree as {
    path: string;
    mode: string;
    type: string;
    sha?: string | null;
    content?: string;
  }[]) {
    if (item.sha === null) {
      for (const p of [...files.keys()])
        if (p === item.path || p.startsWith(`${item.path}/`)) files.delete(p);
      continue;
    }
    if (item.type === "tree" && item.sha) {
      for (const [p, f] of git.flatten(item.sha)) files.set(`${item.path}/${p}`, f);
      continue;
    }
    const sha = item.content !== undefined ? git.writeBlob(item.content) : item.sha;
    if (!sha || !git.read(sha)) throw new SimError(422, `tree.sha ${sha} is not a valid blob`);
    files.set(item.path, { mode: item.mode, sha });
  }
  return git.buildTree(files);
}

export const gitHandlers: Record<string, RestHandler> = {
  "git/create-blob": (ctx) => {
    const content = Buffer.from(
      ctx.body.content,
      ctx.body.encoding === "base64" ? "base64" : "utf8",
    );
    const sha = ctx.repo.git.writeBlob(content);
    return ok({ sha, url: `${repoUrl(ctx)}/git/blobs/${sha}` }, 201);
  },
  "git/get-blob": (ctx) => {
    const blob = ctx.repo.git.read(ctx.params.file_sha);
    if (blob?.type !== "blob") throw new SimError(404, "Not Found");
    const sha = ctx.params.file_sha;
    return ok({
      sha,
      node_id: `B_${sha}`,
      size: blob.body.length,
      url: `${repoUrl(ctx)}/git/blobs/${sha}`,
      content: blob.body.toString("base64"),
      encoding: "base64",
    });
  },
  "git/create-tree": (ctx) => ok(treeBody(ctx, createTree(ctx), false), 201),
  "git/get-tree": (ctx) => {
    const git = ctx.repo.git;
    let sha = ctx.params.tree_sha;
    const ref = git.getRef(branchRef(sha));
    if (ref) sha = ref;
    if (git.read(sha)?.type === "commit") sha = git.readCommit(sha)?.tree ?? sha;
    if (git.read(sha)?.type !== "tree") throw new SimError(404, "Not Found");
    return ok(treeBody(ctx, sha, Boolean(ctx.query.recursive)));
  },
  "git/create-commit": (ctx) => {
    const { tree, parents = [], message, author, committer, signature } = ctx.body;
    if (ctx.repo.git.read(tree)?.type !== "tree")
      throw new SimError(422, "Tree SHA does not exist");
    for (const p of parents)
      if (ctx.repo.git.read(p)?.type !== "commit")
        throw new SimError(422, "Parent SHA does not exist or is not a commit object");
    const stamp = (p: { name: string; email: string; date?: string } | undefined) =>
      p && {
        name: p.name,
        email: p.email,
        time: Math.floor((p.date ? Date.parse(p.date) : ctx.state.now()) / 1000),
      };
    const sha = writeCommit({
      state: ctx.state,
      repo: ctx.repo,
      actor: actorOf(ctx),
      commit: {
        tree,
        parents,
        message,
        author: stamp(author),
        committer: stamp(committer ?? author),
      },
      custom: Boolean(author || committer || signature),
    });
    return ok(gitCommit(ctx, sha), 201);
  },
  "git/get-commit": (ctx) => ok(gitCommit(ctx, ctx.params.commit_sha)),
  "git/get-ref": (ctx) => ok(refBody(ctx, `refs/${ctx.params.ref}`)),
  "git/create-ref": (ctx) => {
    createRef(ctx.repo, ctx.body.ref, ctx.body.sha);
    return ok(refBody(ctx, ctx.body.ref), 201);
  },
  "git/update-ref": (ctx) => {
    const name = `refs/${ctx.params.ref}`;
    updateRef(ctx.repo, name, ctx.body.sha, ctx.body.force === true);
    return ok(refBody(ctx, name));
  },
  "git/delete-ref": (ctx) => {
    deleteRef(ctx.repo, `refs/${ctx.params.ref}`);
    return { status: 204 };
  },
};
