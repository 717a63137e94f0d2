import type { IssuesLabeledEvent, IssuesOpenedEvent } from "@octokit/webhooks-types";
import type { JobOf } from "./job.ts";

/** The trigger label as far as it is known: `certain` once the repo's config has been read. */
export interface TriggerLabelGuess {
  name: string;
  certain: boolean;
}

/**
 * `issues.labeled` with the trigger label, or `issues.opened` already carrying it (an issue form).
 * A label added on a repo whose config has not been read yet may be a custom trigger label: it
 * becomes a job, and the pipeline reads the config before anything else.
 */
export function jobFromIssueEvent(params: {
  deliveryId: string;
  payload: IssuesLabeledEvent | IssuesOpenedEvent;
  trigger: TriggerLabelGuess;
}): JobOf<"label"> | null {
  const { payload, trigger } = params;
  if (payload.sender.type === "Bot" || "pull_request" in payload.issue || !payload.installation)
    return null;
  const matches = (name: string) => name.toLowerCase() === trigger.name.toLowerCase();
  const label =
    payload.action === "labeled"
      ? payload.label?.name
      : payload.issue.labels?.map((l) => l.name).find(matches);
  if (!label || (trigger.certain && !matches(label))) return null;
  return {
    trigger: "label",
    deliveryId: params.deliveryId,
    installationId: payload.installation.id,
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    issueNumber: payload.issue.number,
    actor: payload.sender.login,
    label,
    ...(payload.action === "opened" ? { openedWithLabel: true } : {}),
    // One label event: a replay (same payload, new delivery id) is the same key.
    dedupeKey:
      `${payload.action}:${payload.repository.id}:${payload.issue.id}:${label.toLowerCase()}:${payload.issue.updated_at}`.slice(
        0,
        200,
      ),
  };
}
