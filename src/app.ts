import type { ApplicationFunction, Context } from "probot";
import { onIssueLabeled } from "./handlers/on-issue-labeled.ts";

/**
 * What the handlers call. Handlers only route; the logic arrives here, so later work (pipeline,
 * store, scan) adds fields without changing the handlers' shape.
 */
export interface AppDeps {
  /** Label that turns an issue into a capability gap (the repo config may override it later). */
  triggerLabel: string;
  /** An issue got the trigger label. */
  onGapLabeled(params: { context: Context<"issues.labeled"> }): Promise<void>;
}

/** The first reaction: 👀 on the issue, so the person sees the app got it. */
export async function acknowledgeIssue(params: {
  context: Context<"issues.labeled">;
}): Promise<void> {
  await params.context.octokit.rest.reactions.createForIssue(
    params.context.issue({ content: "eyes" as const }),
  );
}

export function defaultDeps(): AppDeps {
  return { triggerLabel: "capability-gap", onGapLabeled: acknowledgeIssue };
}

export function createApp(deps: AppDeps): ApplicationFunction {
  return (app) => {
    app.on("issues.labeled", (context) => onIssueLabeled({ context, deps }));
  };
}
