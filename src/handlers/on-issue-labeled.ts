import type { Context } from "probot";
import type { AppDeps } from "../app.ts";

/** `issues.labeled`: only the trigger label starts a gap; the work itself is `deps.onGapLabeled`. */
export async function onIssueLabeled(params: {
  context: Context<"issues.labeled">;
  deps: AppDeps;
}): Promise<void> {
  const { context, deps } = params;
  const label = context.payload.label?.name;
  if (!label || label.toLowerCase() !== deps.triggerLabel.toLowerCase()) return;
  if (context.payload.sender.type === "Bot") return;
  await deps.onGapLabeled({ context });
}
