import type { ApplicationFunction } from "probot";
import { onIssueComment } from "./handlers/on-issue-comment.ts";
import { onIssueLabeled } from "./handlers/on-issue-labeled.ts";
import { onPullRequestClosed } from "./handlers/on-pull-request-closed.ts";
import { scanGapJob } from "./intake/scan-gap-job.ts";
import { setupScan } from "./scan/setup-scan.ts";
import type { TeamFactory } from "./team-factory.ts";

/** What the handlers call: the running Team Factory (store, durable jobs, pipeline). */
export interface AppDeps {
  factory: TeamFactory;
  /** Environment for the scan route and schedule (`TEAM_FACTORY_SCAN_SECRET`, `TEAM_FACTORY_SCAN_CRON`). */
  env?: NodeJS.ProcessEnv;
}

/** Routing only: each handler guards its event and makes one call into the factory. */
export function createApp(deps: AppDeps): ApplicationFunction {
  return (app, { addHandler }) => {
    const { factory } = deps;
    factory.attach(app);
    app.on(["issues.opened", "issues.labeled"], (context) => onIssueLabeled({ context, factory }));
    app.on("issue_comment.created", (context) => onIssueComment({ context, factory }));
    app.on("pull_request.closed", (context) => onPullRequestClosed({ context, factory }));
    setupScan({
      app,
      addHandler,
      store: factory.store,
      env: deps.env,
      submitScanGap: async (submission) => {
        await factory.submit({ job: scanGapJob(submission, new Date()) });
      },
    });
  };
}
