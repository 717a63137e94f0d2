import type { SimComment, SimIssue, SimLabel, SimReaction, SimRepo, SimUser } from "../state.ts";

/** REST shapes of simulator objects: the fields simulated; `conform` adds the rest of GitHub's shape. */

export function restUser(base: string, u: SimUser) {
  return {
    login: u.login,
    id: u.id,
    node_id: u.nodeId,
    type: u.type,
    site_admin: false,
    url: `${base}/users/${encodeURIComponent(u.login)}`,
    html_url: `https://github.com/${u.login}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
  };
}

export function restRepo(base: string, r: SimRepo) {
  const full = `${r.owner.login}/${r.name}`;
  return {
    id: r.id,
    node_id: r.nodeId,
    name: r.name,
    full_name: full,
    owner: restUser(base, r.owner),
    private: r.isPrivate,
    visibility: r.isPrivate ? "private" : "public",
    default_branch: r.defaultBranch,
    html_url: `https://github.com/${full}`,
    url: `${base}/repos/${full}`,
    created_at: r.createdAt,
    updated_at: r.createdAt,
    pushed_at: r.createdAt,
    archived: false,
    disabled: false,
    fork: false,
  };
}

export function restLabel(base: string, r: SimRepo, l: SimLabel) {
  return {
    id: l.id,
    node_id: l.nodeId,
    name: l.name,
    color: l.color,
    description: l.description,
    default: false,
    url: `${base}/repos/${r.owner.login}/${r.name}/labels/${encodeURIComponent(l.name)}`,
  };
}

function reactionRollup(url: string, list: SimReaction[]) {
  const count = (c: string) => list.filter((r) => r.content === c).length;
  return {
    url,
    total_count: list.length,
    "+1": count("+1"),
    "-1": count("-1"),
    laugh: count("laugh"),
    confused: count("confused"),
    heart: count("heart"),
    hooray: count("hooray"),
    eyes: count("eyes"),
    rocket: count("rocket"),
  };
}

export function restIssue(base: string, r: SimRepo, i: SimIssue) {
  const url = `${base}/repos/${r.owner.login}/${r.name}/issues/${i.number}`;
  return {
    id: i.id,
    node_id: i.nodeId,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.state === "closed" ? "completed" : null,
    locked: false,
    user: restUser(base, i.user),
    labels: i.labels.map((l) => restLabel(base, r, l)),
    assignees: [],
    assignee: null,
    milestone: null,
    comments: i.comments.length,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    author_association: i.user.login === r.owner.login ? "OWNER" : "NONE",
    url,
    html_url: `https://github.com/${r.owner.login}/${r.name}/${i.pull ? "pull" : "issues"}/${i.number}`,
    repository_url: `${base}/repos/${r.owner.login}/${r.name}`,
    reactions: reactionRollup(`${url}/reactions`, i.reactions),
    ...(i.pull
      ? {
          pull_request: {
            url: `${base}/repos/${r.owner.login}/${r.name}/pulls/${i.number}`,
            html_url: `https://github.com/${r.owner.login}/${r.name}/pull/${i.number}`,
            diff_url: null,
            patch_url: null,
            merged_at: i.pull.mergedAt,
          },
        }
      : {}),
  };
}

export function restComment(base: string, r: SimRepo, c: SimComment) {
  const url = `${base}/repos/${r.owner.login}/${r.name}/issues/comments/${c.id}`;
  return {
    id: c.id,
    node_id: c.nodeId,
    body: c.body,
    user: restUser(base, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: c.user.login === r.owner.login ? "OWNER" : "NONE",
    url,
    html_url: `https://github.com/${r.owner.login}/${r.name}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${base}/repos/${r.owner.login}/${r.name}/issues/${c.issueNumber}`,
    reactions: reactionRollup(`${url}/reactions`, c.reactions),
  };
}

export function restReaction(base: string, x: SimReaction) {
  return {
    id: x.id,
    node_id: x.nodeId,
    content: x.content,
    user: restUser(base, x.user),
    created_at: x.createdAt,
  };
}

export function restPull(base: string, r: SimRepo, i: SimIssue) {
  const pull = i.pull as NonNullable<SimIssue["pull"]>;
  const branch = (ref: string) => ({
    label: `${r.owner.login}:${ref}`,
    ref,
    sha: r.git.getRef(`refs/heads/${ref}`) ?? pull.mergeCommitSha ?? "",
    user: restUser(base, r.owner),
    repo: restRepo(base, r),
  });
  const { pull_request: _, reactions: __, ...issue } = restIssue(base, r, i);
  return {
    ...issue,
    id: i.pullId,
    node_id: i.pullNodeId,
    url: `${base}/repos/${r.owner.login}/${r.name}/pulls/${i.number}`,
    html_url: `https://github.com/${r.owner.login}/${r.name}/pull/${i.number}`,
    issue_url: `${base}/repos/${r.owner.login}/${r.name}/issues/${i.number}`,
    head: branch(pull.head),
    base: branch(pull.base),
    draft: pull.draft,
    merged: pull.merged,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    requested_reviewers: pull.requestedReviewers.map((u) => restUser(base, u)),
    requested_teams: pull.requestedTeams.map((t) => ({
      id: t.id,
      node_id: t.nodeId,
      slug: t.slug,
      name: t.slug,
    })),
    mergeable: null,
    rebaseable: null,
    comments: i.comments.length,
    review_comments: 0,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
    maintainer_can_modify: false,
  };
}
