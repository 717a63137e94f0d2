import { createPull, findPull, setIssueState } from "../model-issues.ts";
import { ensureUser, isoNow, SimError } from "../state.ts";
import { actorOf, intParam, ok, paginate, type RestHandler } from "./context.ts";
import { restPull } from "./represent.ts";

export const pullsHandlers: Record<string, RestHandler> = {
  "pulls/create": (ctx) => {
    const { title, body, head, base, draft } = ctx.body;
    if (!title) throw new SimError(422, "Validation Failed: title is missing");
    const pull = createPull(ctx.state, ctx.repo, {
      title,
      body,
      head,
      base,
      draft,
      user: actorOf(ctx).user,
    });
    return ok(restPull(ctx.base, ctx.repo, pull), 201);
  },
  "pulls/get": (ctx) =>
    ok(restPull(ctx.base, ctx.repo, findPull(ctx.repo, intParam(ctx, "pull_number")))),
  "pulls/list": (ctx) => {
    const state = ctx.query.state ?? "open";
    const head = ctx.query.head?.includes(":") ? ctx.query.head.split(":")[1] : ctx.query.head;
    const pulls = [...ctx.repo.issues.values()]
      .filter((i) => i.pull && (state === "all" || i.state === state))
      .filter((i) => !head || i.pull?.head === head)
      .filter((i) => !ctx.query.base || i.pull?.base === ctx.query.base)
      .sort((a, b) => b.number - a.number);
    return paginate(
      ctx,
      pulls.map((p) => restPull(ctx.base, ctx.repo, p)),
    );
  },
  "pulls/update": (ctx) => {
    const pull = findPull(ctx.repo, intParam(ctx, "pull_number"));
    if (ctx.body.title !== undefined) pull.title = ctx.body.title;
    if (ctx.body.body !== undefined) pull.body = ctx.body.body;
    if (ctx.body.state) setIssueState(ctx.state, pull, ctx.body.state);
    if (ctx.body.base && pull.pull) pull.pull.base = ctx.body.base;
    pull.updatedAt = isoNow(ctx.state);
    return ok(restPull(ctx.base, ctx.repo, pull));
  },
  "pulls/request-reviewers": (ctx) => {
    const pull = findPull(ctx.repo, intParam(ctx, "pull_number"));
    const data = pull.pull as NonNullable<typeof pull.pull>;
    for (const login of ctx.body.reviewers ?? []) {
      if (login.toLowerCase() === pull.user.login.toLowerCase()) {
        throw new SimError(422, "Review cannot be requested from pull request author.");
      }
      const user = ensureUser(ctx.state, login);
      if (!data.requestedReviewers.some((u) => u.id === user.id))
        data.requestedReviewers.push(user);
    }
    for (const slug of ctx.body.team_reviewers ?? []) {
      if (!data.requestedTeams.some((t) => t.slug === slug)) {
        const id = ctx.state.nextId++;
        data.requestedTeams.push({ id, slug, nodeId: `T_${id}` });
      }
    }
    return ok(restPull(ctx.base, ctx.repo, pull), 201);
  },
};
