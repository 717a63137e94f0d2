import { nodeId, type SimRepo } from "../state.ts";
import { connection, type GqlContext, repositoryObject } from "./objects.ts";

type Args = Record<string, unknown>;

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
