import type { RepoConfig } from "../config/repo-config.ts";
import type { RepoContext } from "../github/gather-repo-context.ts";
import { gapFromJob } from "../intake/gap-from-job.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import { type CreateTeamCommand, parseCommand } from "../intake/parse-command.ts";
import { checkPermission } from "../policy/permissions.ts";
import type { RolloutMode } from "../policy/rollout-mode.ts";
import { refusalText } from "./admit-job.ts";
import { dailySlot, slotFor } from "./daily-slot.ts";
import { reportInvalidConfig } from "./gap-reports.ts";
import type { GapRun, RunStart } from "./gap-run.ts";

/** What was asked, once step 1b read it: a valid config and `/create-team`'s arguments. */
export interface GapRequest {
  config: RepoConfig;
  context: RepoContext;
  mode: RolloutMode;
  command: CreateTeamCommand | null;
}

/**
 * Step 1: the person who made it a gap (the labeller, the form's author, the commenter) needs the
 * config's `min_permission` (write while the config cannot be read); a refusal is rationed. Then 👀,
 * unless it went out in step 0 or the job continues a gap.
 */
export async function authorizeRequester(start: RunStart): Promise<GapOutcome | null> {
  const { job, read, permission, journal } = start;
  if (permission) {
    const minToCreate = read.ok ? read.config.min_permission : "write";
    const verdict = checkPermission({ ...job, permission, action: "create-gap", minToCreate });
    if (!verdict.pass)
      return journal.refuse(refusalText(job, verdict.message), {
        details: { permission },
        rationed: true,
      });
  }
  if (!start.continued && !start.eyesEarly) start.deps.defer(journal.progress.react("eyes"));
  return null;
}

/** Step 1b: `/create-team`'s arguments, then the config: each refused with what to fix. */
export async function readRequest(start: RunStart): Promise<GapRequest | { outcome: GapOutcome }> {
  const { job, read, journal } = start;
  const parsed = job.trigger === "command" ? parseCommand(job.commentBody) : null;
  if (parsed && !parsed.ok) return { outcome: await journal.refuse(parsed.message) };
  if (!read.ok) return { outcome: await reportInvalidConfig(journal, read.message) };
  const command = parsed?.command?.kind === "create-team" ? parsed.command : null;
  return { config: read.config, context: read.context, mode: read.mode, command };
}

/**
 * Step 1c: the gap's record, opened (or found) in the store. A gap whose team was merged is
 * refused: a new gap needs a new issue. Any other is received, and audited as such.
 */
export async function openGapRecord(
  start: RunStart,
  request: GapRequest,
): Promise<GapRun | { outcome: GapOutcome }> {
  const { job, deps, repo, gapKey, journal } = start;
  const record = await deps.store.openGap({ ...job, gapKey, repo });
  if (record.state === "merged")
    return {
      outcome: await journal.refuse(
        `the team for this gap was merged in #${record.prNumber}; open a new issue for a new gap.`,
      ),
    };
  const { config, context, command } = request;
  const gap = gapFromJob({ job, gapKey, issue: context.issue, command });
  await journal.audit("gap.received", {
    trigger: job.trigger,
    delivery: job.deliveryId,
    title: gap.title.slice(0, 200),
  });
  const slot = dailySlot({ store: deps.store, job, config, gapKey });
  return {
    ...{ job, deps, github: start.github, repo, gapKey, journal, record, gap, command },
    ...{ config, context, mode: request.mode, source: start.source },
    slotFor: (target) => slotFor(target, slot),
  };
}
