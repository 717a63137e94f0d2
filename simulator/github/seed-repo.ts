import { join } from "node:path";
import { GitStore } from "./git-store.ts";
import { createLabel } from "./model-issues.ts";
import {
  ensureUser,
  isoNow,
  nextId,
  nodeId,
  type Permission,
  repoKey,
  type SimRepo,
  type SimState,
} from "./state.ts";

export interface SeedRepo {
  owner: string;
  name: string;
  defaultBranch?: string;
  /** Files of the first commit on the default branch, path → text. */
  files?: Record<string, string>;
  /** Install the app on this repository (one installation per owner). */
  installation?: boolean;
  collaborators?: Record<string, Permission>;
  labels?: { name: string; color?: string; description?: string }[];
  private?: boolean;
  /** Teams of an organization owner that can be asked for review: slug list. */
  teams?: string[];
}

/** Creates a repository with one commit on its default branch, in a real git directory under `root`. */
export function seedRepo(params: { state: SimState; root: string; params: SeedRepo }): SimRepo {
  const { state, root } = params;
  const p = params.params;
  if (state.repos.has(repoKey(p.owner, p.name)))
    throw new Error(`${p.owner}/${p.name} already exists in the simulator`);
  const owner = ensureUser(state, p.owner, p.teams?.length ? "Organization" : "User");
  const defaultBranch = p.defaultBranch ?? "main";
  const id = nextId(state);
  const git = new GitStore({ dir: join(root, `${p.owner}+${p.name}.git`), defaultBranch });
  const files = new Map(
    Object.entries(p.files ?? { "README.md": `# ${p.name}\n` }).map(([path, text]) => [
      path,
      { mode: "100644", sha: git.writeBlob(text) },
    ]),
  );
  const sig = {
    name: owner.login,
    email: `${owner.id}+${owner.login}@users.noreply.github.com`,
    time: Math.floor(state.now() / 1000),
  };
  const commit = git.writeCommit({
    tree: git.buildTree(files),
    parents: [],
    author: sig,
    committer: sig,
    message: "Initial commit",
  });
  git.setRef(`refs/heads/${defaultBranch}`, commit);
  const repo: SimRepo = {
    id,
    nodeId: nodeId("R", id),
    owner,
    name: p.name,
    defaultBranch,
    isPrivate: p.private ?? false,
    git,
    collaborators: new Map(Object.entries(p.collaborators ?? {})),
    issues: new Map(),
    labels: [],
    nextNumber: 1,
    createdAt: isoNow(state),
    verified: new Map(),
  };
  for (const login of Object.keys(p.collaborators ?? {})) ensureUser(state, login);
  state.repos.set(repoKey(p.owner, p.name), repo);
  state.nodes.set(repo.nodeId, { kind: "repository", repo, value: repo });
  for (const label of p.labels ?? []) createLabel(state, repo, label);
  for (const slug of p.teams ?? []) {
    const teamId = nextId(state);
    const team = { id: teamId, slug, nodeId: nodeId("T", teamId), org: owner.login };
    state.nodes.set(team.nodeId, { kind: "team", value: team });
  }
  if (p.installation) {
    let installation = state.installations.find((i) => i.account.id === owner.id);
    if (!installation) {
      installation = { id: nextId(state), account: owner, repoIds: new Set() };
      state.installations.push(installation);
    }
    installation.repoIds.add(repo.id);
  }
  return repo;
}
