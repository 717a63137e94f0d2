import type { ApplicationFunction, Probot } from "probot";
import type { HandlerDeps } from "./handlers/handler-deps.ts";
import { onIssue } from "./handlers/on-issue.ts";
import { onIssueComment } from "./handlers/on-issue-comment.ts";
import { type MetricsHandlerDeps, onMetricsEvent } from "./handlers/on-metrics-event.ts";
import { onPullRequestClosed } from "./handlers/on-pull-request-closed.ts";
import { onPullRequestReopened } from "./handlers/on-pull-request-reopened.ts";
import { METRICS_EVENTS } from "./intake/metrics-event.ts";
import type { HttpRoute } from "./server/http-route.ts";

/** What the app is given by `src/compose.ts`: the handlers' calls, its routes, and a start hook. */
export interface AppDeps extends HandlerDeps, MetricsHandlerDeps {
  /** Binds the Probot instance whose installation clients run the jobs (and the scan). */
  attach(app: Probot): void;
  /** HTTP routes besides the webhooks (the scan route). */
  routes: HttpRoute[];
}

/** Routing only: each handler guards its event and makes one call. */
export function createApp(deps: AppDeps): ApplicationFunction {
  return (app, { addHandler }) => {
    deps.attach(app);
    app.onAny((context) => deps.countWebhook(context.name, actionOf(context.payload)));
    app.on([...METRICS_EVENTS], (context) => onMetricsEvent({ context, deps }));
    app.on(["issues.opened", "issues.labeled"], (context) => onIssue({ context, deps }));
    app.on("issue_comment.created", (context) => onIssueComment({ context, deps }));
    app.on("pull_request.closed", (context) => onPullRequestClosed({ context, deps }));
    app.on("pull_request.reopened", (context) => onPullRequestReopened({ context, deps }));
    for (const route of deps.routes) addHandler(route);
  };
}

const actionOf = (payload: unknown) => (payload as { action?: string }).action;
