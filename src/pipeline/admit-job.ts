import { defaultHints } from "../config/repo-hints.ts";
import { gapKeyOfJob } from "../intake/gap-from-job.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job } from "../intake/job.ts";
import { TRIGGER_ACTION } from "../intake/trigger-action.ts";
import { atLeast, checkPermission, type RepoPermission } from "../policy/permissions.ts";
import { gapJournal } from "./gap-journal.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";

/** What admission learned: the permission of the person who raised the job (null: the app did). */
export interface Admission {
  permission: RepoPermission | null;
}

/**
 * Step 1, first half, run before a job waits for its repository: the person's permission. Below
 * triage nobody may trigger anything, whatever the config says, so they are refused here, beside
 * other jobs and without a lane: a flood of them never delays a maintainer's work.
 */
export async function admitJob(
  job: Job,
  deps: PipelineDeps,
): Promise<{ done: GapOutcome } | { admitted: Admission }> {
  const action = TRIGGER_ACTION[job.trigger];
  if (action === null) return { admitted: { permission: null } };
  const github = await deps.github(job);
  const permission = await github.permissionOf(job.actor);
  if (atLeast(permission, "triage")) return { admitted: { permission } };
  const journal = gapJournal({
    defer: deps.defer,
    job,
    gapKey: gapKeyOfJob(job),
    github,
    store: deps.store,
    progressCommentId: null,
  });
  const known = deps.hints.get(`${job.owner}/${job.repo}`.toLowerCase()) ?? defaultHints();
  const verdict = checkPermission({ ...job, permission, action, minToCreate: known.minPermission });
  const reason = verdict.pass ? "" : refusalText(job, verdict.message);
  return { done: await journal.refuse(reason, { details: { permission }, rationed: true }) };
}

/** An issue form anyone may submit gets a thank-you and what a maintainer can do. */
export function refusalText(job: Job, message: string): string {
  if (job.trigger !== "label" || !job.openedWithLabel) return message;
  return `Thanks for reporting this gap, @${job.actor}. Only collaborators with write access can turn an issue into a team request, so nothing was planned yet: a maintainer can confirm it by commenting \`/create-team\` here (or by removing and re-adding the label).`;
}
