import { gapKeyOfJob } from "../intake/gap-from-job.ts";
import type { GapJob } from "../intake/gap-job.ts";
import { parseCommand } from "../intake/parse-command.ts";
import { checkApprover } from "../policy/cost-gate.ts";
import { checkPermission } from "../policy/permissions.ts";
import type { Admission } from "./admit-job.ts";
import { gapJournal } from "./gap-journal.ts";
import { knownGap } from "./known-gap.ts";
import type { GapOutcome, PipelineDeps } from "./pipeline-deps.ts";
import { runGap } from "./run-gap.ts";

/**
 * The commands that are not gaps: `/approve-team` (then the approved gap is published by
 * `runGap`) and `/team-factory pause|resume`. Each needs maintain or admin.
 */
export async function runCommand(
  job: GapJob,
  deps: PipelineDeps,
  admission?: Admission,
): Promise<GapOutcome> {
  const github = await deps.github(job);
  const { store } = deps;
  const repo = `${job.owner}/${job.repo}`;
  const gapKey = gapKeyOfJob(job);
  const j = gapJournal({ job, gapKey, github, store, progressCommentId: null });

  // 1. Authorize: what was asked, and whether this person may ask it.
  const permission = admission?.permission ?? (await github.permissionOf(job.actor));
  const parsed = parseCommand(job.commentBody ?? "");
  if (!parsed.ok) return j.refuse(parsed.message, { details: { permission } });
  const kind = parsed.command?.kind;
  const action = kind === "pause" ? "pause" : kind === "resume" ? "resume" : "approve";
  const verdict = checkPermission({ ...job, permission, action, minToCreate: "write" });
  if (!verdict.pass) return j.refuse(verdict.message, { details: { permission }, rationed: true });
  await j.progress.react("eyes").catch(() => undefined);

  if (action === "approve") {
    // 2. The approval binds to the spec waiting for it; then the gap goes on to its PR.
    const record = await knownGap(job, store);
    const approvable = checkApprover({
      approver: job.actor,
      named: parsed.command?.kind === "approve-team" ? parsed.command.specHash : null,
      writtenAt: job.commentCreatedAt ?? null,
      gap: record,
    });
    const specHash = record?.specHash;
    if (!approvable.pass || !record || !specHash)
      return j.refuse(
        approvable.pass ? "There is no planned team to approve." : approvable.message,
      );
    // The store checks it all again under the gap's lock: a re-plan in between refuses this.
    await store.recordApproval({
      gapKey: record.gapKey,
      specHash,
      approver: job.actor,
      writtenAt: job.commentCreatedAt,
    });
    await j.audit("approval.recorded", { specHash });
    return runGap({ ...job, trigger: "approval", gapKey: record.gapKey }, deps, { permission });
  }

  // 2. Pause or resume the repository; a resume re-submits the gaps the pause held back.
  const paused = action === "pause";
  await store.setPaused({ installationId: job.installationId, repo, paused, actor: job.actor });
  await j.audit(paused ? "control.paused" : "control.resumed");
  if (!paused) {
    for (const held of await store.listPausedGaps({ installationId: job.installationId, repo })) {
      await deps.resubmit({
        trigger: "resume",
        deliveryId: `resume:${job.deliveryId}:${held.gapKey}`.slice(0, 200),
        installationId: held.installationId,
        owner: job.owner,
        repo: job.repo,
        issueNumber: held.issueNumber,
        actor: held.requester ?? job.actor,
        gapKey: held.gapKey,
      });
    }
  }
  if (job.issueNumber !== null) {
    await github.createComment(
      job.issueNumber,
      paused
        ? "⏸️ Team Factory is paused for this repository: new requests are kept and published after `/team-factory resume`."
        : "▶️ Team Factory is running again for this repository.",
    );
  }
  return { kind: "control", paused };
}
