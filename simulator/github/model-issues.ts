import {
  findLabel,
  isoNow,
  nextId,
  nodeId,
  type SimComment,
  SimError,
  type SimIssue,
  type SimLabel,
  type SimReaction,
  type SimRepo,
  type SimState,
  type SimUser,
} from "./state.ts";

export const REACTIONS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"];

function register(state: SimState, repo: SimRepo, kind: string, id: string, value: unknown) {
  state.nodes.set(id, { kind, repo, value });
}

export function getIssue(repo: SimRepo, number: number): SimIssue {
  const issue = repo.issues.get(number);
  if (!issue) throw new SimError(404, "Not Found");
  return issue;
}

export function createLabel(
  state: SimState,
  repo: SimRepo,
  input: { name: string; color?: string; description?: string | null },
): SimLabel {
  const name = input.name.trim();
  if (!name) throw new SimError(422, "Label name can't be blank");
  if (findLabel(repo, name)) throw new SimError(422, `Label "${name}" already exists`);
  const color = (input.color ?? "ededed").replace(/^#/, "");
  if (!/^[0-9a-fA-F]{6}$/.test(color)) throw new SimError(422, `Invalid color: ${input.color}`);
  const id = nextId(state);
  const label = {
    id,
    nodeId: nodeId("LA", id),
    name,
    color,
    description: input.description ?? null,
  };
  repo.labels.push(label);
  register(state, repo, "label", label.nodeId, label);
  return label;
}

/** Adds labels by name (creating missing ones, as GitHub's REST endpoint does); never removes. */
export function addLabels(
  state: SimState,
  repo: SimRepo,
  issue: SimIssue,
  names: string[],
): SimLabel[] {
  const added: SimLabel[] = [];
  for (const name of names) {
    const label = findLabel(repo, name) ?? createLabel(state, repo, { name });
    if (!issue.labels.some((l) => l.id === label.id)) {
      issue.labels.push(label);
      added.push(label);
    }
  }
  issue.updatedAt = isoNow(state);
  return added;
}

export function createIssue(
  state: SimState,
  repo: SimRepo,
  input: { title: string; body?: string | null; user: SimUser; labels?: string[] },
): SimIssue {
  if (!input.title.trim()) throw new SimError(422, "Title can't be blank");
  const id = nextId(state);
  const now = isoNow(state);
  const issue: SimIssue = {
    id,
    nodeId: nodeId("I", id),
    number: repo.nextNumber++,
    title: input.title,
    body: input.body ?? null,
    state: "open",
    user: input.user,
    labels: [],
    comments: [],
    reactions: [],
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    pull: null,
    pullNodeId: null,
    pullId: null,
  };
  repo.issues.set(issue.number, issue);
  register(state, repo, "issue", issue.nodeId, issue);
  if (input.labels?.length) addLabels(state, repo, issue, input.labels);
  return issue;
}

export function setIssueState(state: SimState, issue: SimIssue, next: "open" | "closed"): void {
  if (issue.state === next) return;
  issue.state = next;
  issue.closedAt = next === "closed" ? isoNow(state) : null;
  issue.updatedAt = isoNow(state);
}

export function createComment(
  state: SimState,
  repo: SimRepo,
  issue: SimIssue,
  input: { body: string; user: SimUser },
): SimComment {
  if (!input.body.trim()) throw new SimError(422, "Body can't be blank");
  if (input.body.length > 65536)
    throw new SimError(422, "Body is too long (maximum is 65536 characters)");
  const id = nextId(state);
  const now = isoNow(state);
  const comment: SimComment = {
    id,
    nodeId: nodeId("IC", id),
    issueNumber: issue.number,
    body: input.body,
    user: input.user,
    createdAt: now,
    updatedAt: now,
    reactions: [],
  };
  issue.comments.push(comment);
  issue.updatedAt = now;
  register(state, repo, "comment", comment.nodeId, comment);
  return comment;
}

export function findComment(repo: SimRepo, id: number): SimComment {
  for (const issue of repo.issues.values()) {
    const comment = issue.comments.find((c) => c.id === id);
    if (comment) return comment;
  }
  throw new SimError(404, "Not Found");
}

/** Adds a reaction; an identical one from the same user is returned instead (`created: false`). */
export function addReaction(
  state: SimState,
  list: SimReaction[],
  input: { content: string; user: SimUser },
): { reaction: SimReaction; created: boolean } {
  if (!REACTIONS.includes(input.content))
    throw new SimError(422, `Invalid reaction: ${input.content}`);
  const existing = list.find((r) => r.content === input.content && r.user.id === input.user.id);
  if (existing) return { reaction: existing, created: false };
  const id = nextId(state);
  const reaction = {
    id,
    nodeId: nodeId("REA", id),
    content: input.content,
    user: input.user,
    createdAt: isoNow(state),
  };
  list.push(reaction);
  return { reaction, created: true };
}

export function createPull(
  state: SimState,
  repo: SimRepo,
  input: {
    title: string;
    body?: string | null;
    head: string;
    base: string;
    draft?: boolean;
    user: SimUser;
  },
): SimIssue {
  const head = input.head.includes(":") ? input.head.split(":")[1] : input.head;
  const headSha = repo.git.getRef(`refs/heads/${head}`);
  const baseSha = repo.git.getRef(`refs/heads/${input.base}`);
  if (!headSha) throw new SimError(422, `Validation Failed: head "${head}" does not exist`);
  if (!baseSha) throw new SimError(422, `Validation Failed: base "${input.base}" does not exist`);
  if (headSha === baseSha) throw new SimError(422, `No commits between ${input.base} and ${head}`);
  for (const other of repo.issues.values()) {
    if (
      other.pull &&
      other.state === "open" &&
      other.pull.head === head &&
      other.pull.base === input.base
    ) {
      throw new SimError(422, `A pull request already exists for ${repo.owner.login}:${head}.`);
    }
  }
  const issue = createIssue(state, repo, {
    title: input.title,
    body: input.body,
    user: input.user,
  });
  issue.pullId = nextId(state);
  issue.pullNodeId = nodeId("PR", issue.pullId);
  issue.pull = {
    head,
    base: input.base,
    draft: input.draft ?? false,
    merged: false,
    mergedAt: null,
    mergeCommitSha: null,
    requestedReviewers: [],
    requestedTeams: [],
  };
  register(state, repo, "pull", issue.pullNodeId, issue);
  return issue;
}

export function findPull(repo: SimRepo, number: number): SimIssue {
  const issue = repo.issues.get(number);
  if (!issue?.pull) throw new SimError(404, "Not Found");
  return issue;
}
