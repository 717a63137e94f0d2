import type { KeyObject } from "node:crypto";
import type { GitStore } from "./git-store.ts";

export const PERMISSIONS = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface SimUser {
  id: number;
  login: string;
  type: "User" | "Bot" | "Organization";
  nodeId: string;
}

export interface SimApp {
  id: number;
  slug: string;
  name: string;
  owner: SimUser;
  bot: SimUser;
  privateKeyPem: string;
  publicKey: KeyObject;
  webhookSecret: string;
  webhookUrl: string | null;
}

export interface SimInstallation {
  id: number;
  account: SimUser;
  repoIds: Set<number>;
}

export interface SimLabel {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
}

export interface SimReaction {
  id: number;
  nodeId: string;
  content: string;
  user: SimUser;
  createdAt: string;
}

export interface SimComment {
  id: number;
  nodeId: string;
  issueNumber: number;
  body: string;
  user: SimUser;
  createdAt: string;
  updatedAt: string;
  reactions: SimReaction[];
}

export interface SimPull {
  head: string;
  base: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  requestedReviewers: SimUser[];
  requestedTeams: { id: number; slug: string; nodeId: string }[];
}

/** An issue or, with `pull`, a pull request (they share numbers, as on GitHub). */
export interface SimIssue {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  user: SimUser;
  labels: SimLabel[];
  comments: SimComment[];
  reactions: SimReaction[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  pull: SimPull | null;
  /** Node id of the pull request object when `pull` is set (differs from the issue's). */
  pullNodeId: string | null;
  pullId: number | null;
}

export interface SimRepo {
  id: number;
  nodeId: string;
  owner: SimUser;
  name: string;
  defaultBranch: string;
  isPrivate: boolean;
  git: GitStore;
  collaborators: Map<string, Permission>;
  issues: Map<number, SimIssue>;
  labels: SimLabel[];
  nextNumber: number;
  createdAt: string;
  /** Verification of commits made through the API (GitHub signs only installation-made ones). */
  verified: Map<string, { verified: boolean; reason: string }>;
}

export interface SimState {
  users: Map<string, SimUser>;
  apps: SimApp[];
  installations: SimInstallation[];
  repos: Map<string, SimRepo>;
  /** Every node id handed out, to its object (GraphQL `node(id:)`). */
  nodes: Map<string, { kind: string; repo?: SimRepo; value: unknown }>;
  nextId: number;
  /** Milliseconds since the epoch; injectable so tests can expire tokens. */
  now: () => number;
  /** Manifests a person submitted on the "new GitHub App" page, by the code GitHub hands back. */
  manifests: Map<string, Record<string, unknown>>;
}

export function createState(now: () => number = Date.now): SimState {
  return {
    users: new Map(),
    apps: [],
    installations: [],
    repos: new Map(),
    nodes: new Map(),
    nextId: 1000,
    now,
    manifests: new Map(),
  };
}

export function isoNow(state: SimState): string {
  return new Date(state.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Who makes a request: the app itself (JWT), one installation (its bot), or a user. */
export interface Actor {
  kind: "app" | "installation" | "user";
  user: SimUser;
  app?: SimApp;
  installation?: SimInstallation;
}

/** An error GitHub would answer with this status and message. */
export class SimError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Opaque, stable node ids like GitHub's (`I_kw…`): a type prefix and base64url of the database id. */
export function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_kw${Buffer.from(`${prefix}:${id}`).toString("base64url")}`;
}

export function nextId(state: SimState): number {
  state.nextId += 1;
  return state.nextId;
}

export function ensureUser(
  state: SimState,
  login: string,
  type: SimUser["type"] = "User",
): SimUser {
  const key = login.toLowerCase();
  let user = state.users.get(key);
  if (!user) {
    const id = nextId(state);
    user = {
      id,
      login,
      type,
      nodeId: nodeId(type === "Bot" ? "BOT" : type === "User" ? "U" : "O", id),
    };
    state.users.set(key, user);
    state.nodes.set(user.nodeId, { kind: "user", value: user });
  }
  return user;
}

export function repoKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}

export function findRepo(state: SimState, owner: string, name: string): SimRepo | null {
  return state.repos.get(repoKey(owner, name)) ?? null;
}

export function permissionOf(repo: SimRepo, login: string): Permission {
  if (login.toLowerCase() === repo.owner.login.toLowerCase()) return "admin";
  for (const [user, level] of repo.collaborators) {
    if (user.toLowerCase() === login.toLowerCase()) return level;
  }
  return repo.isPrivate ? "none" : "read";
}

export function atLeast(level: Permission, needed: Permission): boolean {
  return PERMISSIONS.indexOf(level) >= PERMISSIONS.indexOf(needed);
}

export function installationFor(state: SimState, repo: SimRepo): SimInstallation | null {
  return state.installations.find((i) => i.repoIds.has(repo.id)) ?? null;
}

export function findLabel(repo: SimRepo, name: string): SimLabel | null {
  return repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase()) ?? null;
}

/** Whether an actor may see a repository at all (installations: only their repositories). */
export function canSee(actor: Actor | null, repo: SimRepo): boolean {
  if (!actor) return !repo.isPrivate;
  if (actor.kind === "installation") return actor.installation?.repoIds.has(repo.id) === true;
  if (actor.kind === "app") return false;
  return atLeast(permissionOf(repo, actor.user.login), "read");
}

/** Refuses a write a user's permission level does not allow (installations have write by install). */
export function requirePermission(actor: Actor, repo: SimRepo, needed: Permission): void {
  if (actor.kind === "installation") return;
  if (!atLeast(permissionOf(repo, actor.user.login), needed)) {
    throw new SimError(403, `Must have ${needed} access to ${repo.owner.login}/${repo.name}.`);
  }
}
