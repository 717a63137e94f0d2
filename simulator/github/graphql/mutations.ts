import { branchRef, commitOnBranch, createRef, deleteRef, updateRef } from "../model-git.ts";
import {
  addLabels,
  addReaction,
  createComment,
  createLabel,
  createPull,
  setIssueState,
} from "../model-issues.ts";
import {
  isoNow,
  requirePermission,
  type SimComment,
  SimError,
  type SimIssue,
  type SimLabel,
} from "../state.ts";
import { gitObject, refObject } from "./git-objects.ts";
import { commentObject, type GqlContext, issueObject, labelObject, pullObject } from "./objects.ts";
import { node, refFromId, repoById, repoByName } from "./resolve-node.ts";

// biome-ignore lint/suspicious/noExplicitAny: inputs are checked by the schema before execution
type Input = { input: any };

const REACTION_CONTENT: Record<string, string> = {
  THUMBS_UP: "+1",
  THUMBS_DOWN: "-1",
  LAUGH: "laugh",
  HOORAY: "hooray",
  CONFUSED: "confused",
  HEART: "heart",
  ROCKET: "rocket",
  EYES: "eyes",
};

const done = (input: { clientMutationId?: string }, rest: Record<string, unknown>) => ({
  clientMutationId: input.clientMutationId ?? null,
  ...rest,
});

export function mutations(ctx: GqlContext) {
  const { state, actor } = ctx;
  return {
    createRef: ({ input }: Input) => {
      const repo = repoById(ctx, input.repositoryId);
      requirePermission(actor, repo, "write");
      createRef(repo, input.name, input.oid);
      return done(input, { ref: refObject(ctx, repo, input.name) });
    },
    updateRef: ({ input }: Input) => {
      const { repo, name } = refFromId(ctx, input.refId);
      requirePermission(actor, repo, "write");
      updateRef(repo, name, input.oid, input.force === true);
      return done(input, { ref: refObject(ctx, repo, name) });
    },
    deleteRef: ({ input }: Input) => {
      const { repo, name } = refFromId(ctx, input.refId);
      requirePermission(actor, repo, "write");
      deleteRef(repo, name);
      return done(input, {});
    },
    createCommitOnBranch: ({ input }: Input) => {
      const target = input.branch.id
        ? refFromId(ctx, input.branch.id)
        : {
            repo: repoByName(ctx, input.branch.repositoryNameWithOwner),
            name: branchRef(input.branch.branchName ?? ""),
          };
      requirePermission(actor, target.repo, "write");
      const message = [input.message.headline, input.message.body].filter(Boolean).join("\n\n");
      const sha = commitOnBranch({
        state,
        repo: target.repo,
        actor,
        branch: target.name,
        expectedHeadOid: input.expectedHeadOid,
        message,
        additions: (input.fileChanges?.additions ?? []).map(
          (a: { path: string; contents: string }) => ({
            path: a.path,
            contents: Buffer.from(a.contents, "base64"),
          }),
        ),
        deletions: (input.fileChanges?.deletions ?? []).map((d: { path: string }) => d.path),
      });
      return done(input, {
        commit: gitObject(ctx, target.repo, sha),
        ref: refObject(ctx, target.repo, target.name),
      });
    },
    createPullRequest: ({ input }: Input) => {
      const repo = repoById(ctx, input.repositoryId);
      requirePermission(actor, repo, "write");
      const pull = createPull(state, repo, {
        title: input.title,
        body: input.body,
        head: input.headRefName,
        base: input.baseRefName,
        draft: input.draft,
        user: actor.user,
      });
      return done(input, { pullRequest: pullObject(ctx, repo, pull) });
    },
    updatePullRequest: ({ input }: Input) => {
      const { repo, value } = node<SimIssue>(ctx, input.pullRequestId, ["pull"]);
      requirePermission(actor, repo, "write");
      if (input.title != null) value.title = input.title;
      if (input.body != null) value.body = input.body;
      if (input.state) setIssueState(state, value, input.state === "OPEN" ? "open" : "closed");
      value.updatedAt = isoNow(state);
      return done(input, { pullRequest: pullObject(ctx, repo, value) });
    },
    createLabel: ({ input }: Input) => {
      const repo = repoById(ctx, input.repositoryId);
      requirePermission(actor, repo, "write");
      return done(input, { label: labelObject(createLabel(state, repo, input)) });
    },
    addLabelsToLabelable: ({ input }: Input) => {
      const { repo, value } = node<SimIssue>(ctx, input.labelableId, ["issue", "pull"]);
      requirePermission(actor, repo, "triage");
      const names = (input.labelIds as string[]).map(
        (id) => node<SimLabel>(ctx, id, ["label"]).value.name,
      );
      addLabels(state, repo, value, names);
      return done(input, {
        labelable:
          value.pull && value.pullNodeId === input.labelableId
            ? pullObject(ctx, repo, value)
            : issueObject(ctx, repo, value),
      });
    },
    requestReviews: ({ input }: Input) => {
      const { repo, value } = node<SimIssue>(ctx, input.pullRequestId, ["pull"]);
      requirePermission(actor, repo, "write");
      const pull = value.pull as NonNullable<SimIssue["pull"]>;
      const users = (input.userIds ?? []).map((id: string) => {
        const user = [...state.users.values()].find((u) => u.nodeId === id);
        if (!user)
          throw new SimError(404, `Could not resolve to a node with the global id of '${id}'`);
        if (user.id === value.user.id)
          throw new SimError(422, "Review cannot be requested from pull request author.");
        return user;
      });
      if (input.union === false) pull.requestedReviewers = [];
      for (const user of users)
        if (!pull.requestedReviewers.some((u) => u.id === user.id))
          pull.requestedReviewers.push(user);
      for (const id of input.teamIds ?? []) {
        if (!pull.requestedTeams.some((t) => t.nodeId === id)) {
          const team = [...ctx.state.nodes.entries()].find(
            ([k, v]) => k === id && v.kind === "team",
          );
          if (!team)
            throw new SimError(404, `Could not resolve to a node with the global id of '${id}'`);
          pull.requestedTeams.push(team[1].value as { id: number; slug: string; nodeId: string });
        }
      }
      return done(input, { pullRequest: pullObject(ctx, repo, value) });
    },
    addComment: ({ input }: Input) => {
      const { repo, value } = node<SimIssue>(ctx, input.subjectId, ["issue", "pull"]);
      const comment = createComment(state, repo, value, { body: input.body, user: actor.user });
      const nodeObj = commentObject(ctx, repo, comment);
      return done(input, {
        commentEdge: { node: nodeObj, cursor: "" },
        subject: issueObject(ctx, repo, value),
        timelineEdge: { node: nodeObj, cursor: "" },
      });
    },
    updateIssueComment: ({ input }: Input) => {
      const { repo, value } = node<SimComment>(ctx, input.id, ["comment"]);
      if (value.user.id !== actor.user.id) requirePermission(actor, repo, "triage");
      value.body = input.body;
      value.updatedAt = isoNow(state);
      return done(input, { issueComment: commentObject(ctx, repo, value) });
    },
    addReaction: ({ input }: Input) => {
      const { repo, value } = node<SimIssue | SimComment>(ctx, input.subjectId, [
        "issue",
        "pull",
        "comment",
      ]);
      const { reaction } = addReaction(state, value.reactions, {
        content: REACTION_CONTENT[input.content] ?? input.content,
        user: actor.user,
      });
      const subject =
        "number" in value ? issueObject(ctx, repo, value) : commentObject(ctx, repo, value);
      return done(input, {
        reaction: {
          __typename: "Reaction",
          id: reaction.nodeId,
          content: input.content,
          createdAt: reaction.createdAt,
        },
        subject,
      });
    },
  };
}
