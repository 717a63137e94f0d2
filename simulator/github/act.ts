import { addLabels, createComment, createIssue, findPull, setIssueState } from "./model-issues.ts";
import {
  ensureUser,
  findLabel,
  findRepo,
  isoNow,
  SimError,
  type SimIssue,
  type SimRepo,
  type SimState,
  type SimUser,
} from "./state.ts";
import { buildPayload, type Deliveries, type DeliveryResult } from "./webhooks.ts";

type RepoName = string | { owner: string; name: string };

export interface Act {
  openIssue(p: {
    repo: RepoName;
    title: string;
    body?: string;
    actor: string;
    labels?: string[];
  }): Promise<DeliveryResult & { number: number }>;
  labelIssue(p: {
    repo: RepoName;
    number: number;
    label: string;
    actor: string;
  }): Promise<DeliveryResult>;
  comment(p: {
    repo: RepoName;
    number: number;
    body: string;
    actor: string;
  }): Promise<DeliveryResult & { commentId: number }>;
  mergePullRequest(p: { repo: RepoName; number: number; actor: string }): Promise<DeliveryResult>;
  closePullRequest(p: { repo: RepoName; number: number; actor: string }): Promise<DeliveryResult>;
  /** Reopens a pull request closed without merging (GitHub refuses a merged one). */
  reopenPullRequest(p: { repo: RepoName; number: number; actor: string }): Promise<DeliveryResult>;
  /**
   * A person submits an app manifest on GitHub's "new GitHub App" page: GitHub checks it and
   * sends the browser to its `redirect_url` with a code (returned here), and the `state` the form
   * was posted with (`…/settings/apps/new?state=…`), if any.
   */
  registerApp(
    manifest: Record<string, unknown>,
    options?: { state?: string },
  ): { code: string; redirectTo: string };
}

/** A human's actions: each changes the state and delivers the webhook GitHub would send. */
export function createAct(params: {
  state: SimState;
  base: () => string;
  deliveries: Deliveries;
}): Act {
  const { state, deliveries } = params;
  const repoOf = (name: RepoName): SimRepo => {
    const [owner, repo] = typeof name === "string" ? name.split("/") : [name.owner, name.name];
    const found = findRepo(state, owner, repo);
    if (!found)
      throw new Error(
        `no simulated repository ${owner}/${repo}: seed it with sim.createRepo first`,
      );
    return found;
  };
  const deliverPull = (repo: SimRepo, issue: SimIssue, action: string, sender: SimUser) =>
    deliveries.deliver(
      "pull_request",
      buildPayload({
        state,
        base: params.base(),
        event: "pull_request",
        action,
        repo,
        sender,
        issue,
      }),
    );
  const closePull = (p: { repo: RepoName; number: number; actor: string }, merge: boolean) => {
    const repo = repoOf(p.repo);
    const issue = findPull(repo, p.number);
    const pull = issue.pull as NonNullable<typeof issue.pull>;
    const sender = ensureUser(state, p.actor);
    if (merge) {
      const head = repo.git.getRef(`refs/heads/${pull.head}`) as string;
      const base = repo.git.getRef(`refs/heads/${pull.base}`) as string;
      const tree = repo.git.readCommit(head)?.tree as string;
      const sig = {
        name: sender.login,
        email: `${sender.id}+${sender.login}@users.noreply.github.com`,
        time: Math.floor(state.now() / 1000),
      };
      const sha = repo.git.writeCommit({
        tree,
        parents: [base, head],
        author: sig,
        committer: sig,
        message: `Merge pull request #${issue.number} from ${repo.owner.login}/${pull.head}\n\n${issue.title}`,
      });
      repo.git.setRef(`refs/heads/${pull.base}`, sha);
      Object.assign(pull, { merged: true, mergedAt: isoNow(state), mergeCommitSha: sha });
    }
    setIssueState(state, issue, "closed");
    return deliverPull(repo, issue, "closed", sender);
  };
  return {
    registerApp(manifest, options) {
      const hook = (manifest.hook_attributes as { url?: unknown } | undefined)?.url;
      for (const [field, value] of [
        ["name", manifest.name],
        ["url", manifest.url],
        ["hook_attributes.url", hook],
        ["redirect_url", manifest.redirect_url],
      ] as const) {
        const valid =
          typeof value === "string" &&
          (field === "name" ? /\S/.test(value) : /^https?:\/\/\S+$/.test(value));
        if (!valid) throw new SimError(422, `Invalid manifest: ${field} is missing or not valid`);
      }
      const code = `code-${state.manifests.size + 1}-${Date.now()}`;
      state.manifests.set(code, manifest);
      const back = options?.state ? `&state=${encodeURIComponent(options.state)}` : "";
      return { code, redirectTo: `${manifest.redirect_url}?code=${code}${back}` };
    },
    async openIssue(p) {
      const repo = repoOf(p.repo);
      const sender = ensureUser(state, p.actor);
      const issue = createIssue(state, repo, {
        title: p.title,
        body: p.body,
        user: sender,
        labels: p.labels,
      });
      const result = await deliveries.deliver(
        "issues",
        buildPayload({
          state,
          base: params.base(),
          event: "issues",
          action: "opened",
          repo,
          sender,
          issue,
        }),
      );
      return { ...result, number: issue.number };
    },
    labelIssue(p) {
      const repo = repoOf(p.repo);
      const sender = ensureUser(state, p.actor);
      const issue = repo.issues.get(p.number);
      if (!issue) throw new Error(`no issue #${p.number} in ${repo.owner.login}/${repo.name}`);
      addLabels(state, repo, issue, [p.label]);
      const label = findLabel(repo, p.label) ?? undefined;
      const event = issue.pull ? "pull_request" : "issues";
      return deliveries.deliver(
        event,
        buildPayload({
          state,
          base: params.base(),
          event,
          action: "labeled",
          repo,
          sender,
          issue,
          label,
        }),
      );
    },
    async comment(p) {
      const repo = repoOf(p.repo);
      const sender = ensureUser(state, p.actor);
      const issue = repo.issues.get(p.number);
      if (!issue) throw new Error(`no issue #${p.number} in ${repo.owner.login}/${repo.name}`);
      const comment = createComment(state, repo, issue, { body: p.body, user: sender });
      const result = await deliveries.deliver(
        "issue_comment",
        buildPayload({
          state,
          base: params.base(),
          event: "issue_comment",
          action: "created",
          repo,
          sender,
          issue,
          comment,
        }),
      );
      return { ...result, commentId: comment.id };
    },
    mergePullRequest: (p) => closePull(p, true),
    closePullRequest: (p) => closePull(p, false),
    reopenPullRequest(p) {
      const repo = repoOf(p.repo);
      const issue = findPull(repo, p.number);
      if (issue.pull?.merged) throw new Error(`#${p.number} is merged: it cannot be reopened`);
      setIssueState(state, issue, "open");
      return deliverPull(repo, issue, "reopened", ensureUser(state, p.actor));
    },
  };
}
