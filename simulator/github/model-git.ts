import type { CommitData, FileEntry, Signature } from "./git-store.ts";
import { type Actor, SimError, type SimRepo, type SimState } from "./state.ts";

export const PROTECTED_MESSAGE =
  "Repository rule violations found\n\nChanges must be made through a pull request. The default branch is protected.";

export function branchRef(branch: string): string {
  return branch.startsWith("refs/") ? branch : `refs/heads/${branch}`;
}

function refuseDefault(repo: SimRepo, ref: string): void {
  if (ref === `refs/heads/${repo.defaultBranch}`) throw new SimError(422, PROTECTED_MESSAGE);
}

const REF_NAME = /^refs\/(heads|tags)\/(?!.*\.\.)(?!.*\/\/)[^\s~^:?*[\\]+(?<![/.])$/;

export function createRef(repo: SimRepo, name: string, sha: string): void {
  if (!REF_NAME.test(name)) throw new SimError(422, `${name} is not a valid ref name.`);
  if (repo.git.getRef(name)) throw new SimError(422, "Reference already exists");
  if (repo.git.read(sha)?.type !== "commit") throw new SimError(422, "Object does not exist");
  const clash = repo.git
    .refNames()
    .some((r) => r.startsWith(`${name}/`) || name.startsWith(`${r}/`));
  if (clash) throw new SimError(422, `${name} conflicts with an existing ref.`);
  repo.git.setRef(name, sha);
}

function isAncestor(repo: SimRepo, ancestor: string, sha: string): boolean {
  const seen = new Set<string>();
  const queue = [sha];
  while (queue.length) {
    const next = queue.pop() as string;
    if (next === ancestor) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(repo.git.readCommit(next)?.parents ?? []));
  }
  return false;
}

export function updateRef(repo: SimRepo, name: string, sha: string, force: boolean): void {
  refuseDefault(repo, name);
  const current = repo.git.getRef(name);
  if (!current) throw new SimError(422, "Reference does not exist");
  if (repo.git.read(sha)?.type !== "commit") throw new SimError(422, "Object does not exist");
  if (!force && !isAncestor(repo, current, sha))
    throw new SimError(422, "Update is not a fast forward");
  repo.git.setRef(name, sha);
}

export function deleteRef(repo: SimRepo, name: string): void {
  refuseDefault(repo, name);
  if (!repo.git.getRef(name)) throw new SimError(422, "Reference does not exist");
  repo.git.deleteRef(name);
}

/** Name and email GitHub uses for an actor's commits. */
export function signatureOf(state: SimState, actor: Actor): Signature {
  const login = actor.user.login;
  return {
    name: login,
    email: `${actor.user.id}+${login}@users.noreply.github.com`,
    time: Math.floor(state.now() / 1000),
  };
}

export function writeCommit(params: {
  state: SimState;
  repo: SimRepo;
  actor: Actor;
  commit: Omit<CommitData, "author" | "committer"> &
    Partial<Pick<CommitData, "author" | "committer">>;
  /** GitHub signs only installation commits without a custom author, committer or signature. */
  custom: boolean;
}): string {
  const { state, repo, actor, commit } = params;
  const own = signatureOf(state, actor);
  const sha = repo.git.writeCommit({
    ...commit,
    author: commit.author ?? own,
    committer: commit.committer ?? own,
  });
  const verified = actor.kind === "installation" && !params.custom;
  repo.verified.set(sha, { verified, reason: verified ? "valid" : "unsigned" });
  return sha;
}

/** `createCommitOnBranch`: one commit with one parent, every file 100644, never the default branch. */
export function commitOnBranch(params: {
  state: SimState;
  repo: SimRepo;
  actor: Actor;
  branch: string;
  expectedHeadOid: string;
  message: string;
  additions: { path: string; contents: Buffer }[];
  deletions: string[];
}): string {
  const { repo } = params;
  const ref = branchRef(params.branch);
  refuseDefault(repo, ref);
  const head = repo.git.getRef(ref);
  if (!head) throw new SimError(422, `A ref named "${ref}" does not exist.`);
  if (head !== params.expectedHeadOid) {
    throw new SimError(
      422,
      `Expected branch to point to "${params.expectedHeadOid}" but it did not. Pull and try again.`,
    );
  }
  const parent = repo.git.readCommit(head);
  const files = parent ? repo.git.flatten(parent.tree) : new Map<string, FileEntry>();
  for (const path of params.deletions) {
    if (!files.delete(path))
      throw new SimError(
        422,
        `A path was requested for deletion which does not exist as of commit oid \`${head}\``,
      );
  }
  for (const add of params.additions) {
    const path = add.path.replace(/^\/+/, "");
    if (!path || path.split("/").some((p) => p === "" || p === "." || p === ".." || p === ".git")) {
      throw new SimError(422, `Invalid path: ${add.path}`);
    }
    files.set(path, { mode: "100644", sha: repo.git.writeBlob(add.contents) });
  }
  const tree = repo.git.buildTree(files);
  const sha = writeCommit({
    state: params.state,
    repo,
    actor: params.actor,
    commit: { tree, parents: [head], message: params.message },
    custom: false,
  });
  repo.git.setRef(ref, sha);
  return sha;
}
