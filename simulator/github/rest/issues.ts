import {
  addLabels,
  addReaction,
  createComment,
  createIssue,
  createLabel,
  findComment,
  getIssue,
  setIssueState,
} from "../model-issues.ts";
import { findLabel, isoNow, SimError } from "../state.ts";
import { actorOf, intParam, ok, paginate, type RestHandler } from "./context.ts";
import { restComment, restIssue, restLabel, restReaction } from "./represent.ts";

export const issuesHandlers: Record<string, RestHandler> = {
  "issues/get": (ctx) =>
    ok(restIssue(ctx.base, ctx.repo, getIssue(ctx.repo, intParam(ctx, "issue_number")))),
  "issues/create": (ctx) => {
    const labels = (ctx.body.labels ?? []).map((l: string | { name: string }) =>
      typeof l === "string" ? l : l.name,
    );
    const issue = createIssue(ctx.state, ctx.repo, {
      title: String(ctx.body.title),
      body: ctx.body.body,
      user: actorOf(ctx).user,
      labels,
    });
    return ok(restIssue(ctx.base, ctx.repo, issue), 201);
  },
  "issues/update": (ctx) => {
    const issue = getIssue(ctx.repo, intParam(ctx, "issue_number"));
    if (ctx.body.title !== undefined) issue.title = String(ctx.body.title);
    if (ctx.body.body !== undefined) issue.body = ctx.body.body;
    if (ctx.body.state) setIssueState(ctx.state, issue, ctx.body.state);
    if (Array.isArray(ctx.body.labels)) {
      issue.labels = [];
      addLabels(
        ctx.state,
        ctx.repo,
        issue,
        ctx.body.labels.map((l: string | { name: string }) => (typeof l === "string" ? l : l.name)),
      );
    }
    issue.updatedAt = isoNow(ctx.state);
    return ok(restIssue(ctx.base, ctx.repo, issue));
  },
  "issues/list-for-repo": (ctx) => {
    const state = ctx.query.state ?? "open";
    const wanted = (ctx.query.labels ?? "")
      .split(",")
      .filter(Boolean)
      .map((l) => l.toLowerCase());
    const issues = [...ctx.repo.issues.values()]
      .filter((i) => state === "all" || i.state === state)
      .filter((i) => wanted.every((w) => i.labels.some((l) => l.name.toLowerCase() === w)))
      .sort((a, b) => b.number - a.number);
    return paginate(
      ctx,
      issues.map((i) => restIssue(ctx.base, ctx.repo, i)),
    );
  },
  "issues/create-comment": (ctx) => {
    const issue = getIssue(ctx.repo, intParam(ctx, "issue_number"));
    const comment = createComment(ctx.state, ctx.repo, issue, {
      body: String(ctx.body.body),
      user: actorOf(ctx).user,
    });
    return ok(restComment(ctx.base, ctx.repo, comment), 201);
  },
  "issues/update-comment": (ctx) => {
    const comment = findComment(ctx.repo, intParam(ctx, "comment_id"));
    const actor = actorOf(ctx);
    if (comment.user.id !== actor.user.id && actor.kind !== "user")
      throw new SimError(403, "Resource not accessible by integration");
    comment.body = String(ctx.body.body);
    comment.updatedAt = isoNow(ctx.state);
    return ok(restComment(ctx.base, ctx.repo, comment));
  },
  "issues/list-comments": (ctx) => {
    const issue = getIssue(ctx.repo, intParam(ctx, "issue_number"));
    return paginate(
      ctx,
      issue.comments.map((c) => restComment(ctx.base, ctx.repo, c)),
    );
  },
  "issues/add-labels": (ctx) => {
    const issue = getIssue(ctx.repo, intParam(ctx, "issue_number"));
    const raw = Array.isArray(ctx.body) ? ctx.body : (ctx.body.labels ?? []);
    const names = raw.map((l: string | { name: string }) => (typeof l === "string" ? l : l.name));
    addLabels(ctx.state, ctx.repo, issue, names);
    return ok(issue.labels.map((l) => restLabel(ctx.base, ctx.repo, l)));
  },
  "issues/list-labels-on-issue": (ctx) => {
    const issue = getIssue(ctx.repo, intParam(ctx, "issue_number"));
    return paginate(
      ctx,
      issue.labels.map((l) => restLabel(ctx.base, ctx.repo, l)),
    );
  },
  "issues/create-label": (ctx) =>
    ok(restLabel(ctx.base, ctx.repo, createLabel(ctx.state, ctx.repo, ctx.body)), 201),
  "issues/list-labels-for-repo": (ctx) =>
    paginate(
      ctx,
      ctx.repo.labels.map((l) => restLabel(ctx.base, ctx.repo, l)),
    ),
  "issues/get-label": (ctx) => {
    const label = findLabel(ctx.repo, ctx.params.name);
    if (!label) throw new SimError(404, "Not Found");
    return ok(restLabel(ctx.base, ctx.repo, label));
  },
  "reactions/create-for-issue": (ctx) => {
    const issue = getIssue(ctx.repo, intParam(ctx, "issue_number"));
    const { reaction, created } = addReaction(ctx.state, issue.reactions, {
      content: ctx.body.content,
      user: actorOf(ctx).user,
    });
    return ok(restReaction(ctx.base, reaction), created ? 201 : 200);
  },
  "reactions/create-for-issue-comment": (ctx) => {
    const comment = findComment(ctx.repo, intParam(ctx, "comment_id"));
    const { reaction, created } = addReaction(ctx.state, comment.reactions, {
      content: ctx.body.content,
      user: actorOf(ctx).user,
    });
    return ok(restReaction(ctx.base, reaction), created ? 201 : 200);
  },
  "reactions/list-for-issue": (ctx) => {
    const issue = getIssue(ctx.repo, intParam(ctx, "issue_number"));
    const list = issue.reactions.filter(
      (r) => !ctx.query.content || r.content === ctx.query.content,
    );
    return paginate(
      ctx,
      list.map((r) => restReaction(ctx.base, r)),
    );
  },
};
