import { GENERATOR_VERSION } from "../factory/generate-team.ts";
import type { RepoGitHub } from "../github/repo-github.ts";
import { gapKeyOfJob } from "../intake/gap-from-job.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job, JobOf } from "../intake/job.ts";
import { knownGap } from "../intake/known-gap.ts";
import { controlUsage, parseCommand } from "../intake/parse-command.ts";
import { actionOf } from "../intake/trigger-action.ts";
import { BREAKER_ACTOR } from "../policy/breaker.ts";
import { checkApprover } from "../policy/cost-gate.ts";
import { checkPermission, type RepoPermission } from "../policy/permissions.ts";
import type { GapRecord } from "../store/store.ts";
import type { Admission } from "./admit-job.ts";
import { dismissGap } from "./dismiss-gap.ts";
import { type GapJournal, gapJournal } from "./gap-journal.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";
import { runGap } from "./run-gap.ts";
import { runRegenerate } from "./run-regenerate.ts";
import { upgradeGapKey } from "./upgrade-team.ts";

/**
 * The commands that are not gaps: `/approve-team` (then the approved gap is published by
 * `runGap`) and `/team-factory pause|resume|dismiss`. Each needs maintain or admin.
 */
export async function runCommand(
  job: JobOf<"approval" | "control">,
  deps: PipelineDeps,
  admission?: Admission,
): Promise<GapOutcome> {
  const github = await deps.github(job);
  const { store } = deps;
  const journal = gapJournal({
    ...{ defer: deps.defer, job, gapKey: gapKeyOfJob(job), github, store },
    progressCommentId: null,
  });

  // 1. Authorize: what was asked, and whether this person may ask it.
  const permission = admission?.permission ?? (await github.permissionOf(job.actor));
  const parsed = parseCommand(job.commentBody);
  if (!parsed.ok) return journal.refuse(parsed.message, { details: { permission } });
  const action = actionOf(job, parsed.command);
  if (!action) return journal.refuse(controlUsage(), { details: { permission } });
  const verdict = checkPermission({ ...job, permission, action, minToCreate: "write" });
  if (!verdict.pass)
    return journal.refuse(verdict.message, { details: { permission }, rationed: true });
  await journal.progress.react("eyes").catch(() => undefined);

  // 2. Dismiss the gap, approve its spec, or pause or resume the repository.
  if (action === "dismiss") return dismissGap({ job, store, github, journal });
  if (job.trigger === "approval") {
    const named = parsed.command?.kind === "approve-team" ? parsed.command.specHash : null;
    return approve({ job, deps, journal, permission, named });
  }
  return pauseOrResume({ job, deps, github, journal, paused: action === "pause" });
}

/** The approval binds to the spec waiting for it; then the gap goes on to its PR. */
async function approve(params: {
  job: JobOf<"approval">;
  deps: PipelineDeps;
  journal: GapJournal;
  permission: RepoPermission;
  /** The hash the comment names; null for a bare `/approve-team`. */
  named: string | null;
}): Promise<GapOutcome> {
  const { job, deps, journal, permission } = params;
  const { record, upgrade } = await gapToApprove(job, deps);
  const approvable = checkApprover({
    approver: job.actor,
    named: params.named,
    writtenAt: job.commentCreatedAt ?? null,
    gap: record,
  });
  const specHash = record?.specHash;
  if (!approvable.pass || !record || !specHash)
    return journal.refuse(
      approvable.pass ? "There is no planned team to approve." : approvable.message,
    );
  // The store checks it all again under the gap's lock: a re-plan in between refuses this.
  await deps.store.recordApproval({
    gapKey: record.gapKey,
    specHash,
    approver: job.actor,
    writtenAt: job.commentCreatedAt,
  });
  await journal.audit("approval.recorded", { specHash });
  // An upgrade's cost change was approved: the upgrade is rebuilt from team.json again.
  if (upgrade) return runRegenerate(job, deps, { permission });
  return runGap({ ...job, gapKey: record.gapKey }, deps, { permission });
}

/** Pauses or resumes the repository; a resume re-submits the gaps the pause held back. */
async function pauseOrResume(params: {
  job: JobOf<"control">;
  deps: PipelineDeps;
  github: RepoGitHub;
  journal: GapJournal;
  paused: boolean;
}): Promise<GapOutcome> {
  const { job, deps, github, journal, paused } = params;
  const { store } = deps;
  const repo = `${job.owner}/${job.repo}`;
  await store.setPaused({ installationId: job.installationId, repo, paused, actor: job.actor });
  // The circuit breaker may have paused the whole installation: a resume lifts that too.
  const wide = await store.pauseStatus({ installationId: job.installationId, repo: "" });
  const liftsWide = !paused && wide.paused && wide.actor === BREAKER_ACTOR;
  if (liftsWide)
    await store.setPaused({
      installationId: job.installationId,
      repo: "",
      paused,
      actor: job.actor,
    });
  await journal.audit(paused ? "control.paused" : "control.resumed");
  if (!paused) {
    // Lifting the installation's pause frees what it held in every repository not paused itself.
    const held = await store.listPausedGaps({
      installationId: job.installationId,
      repo: liftsWide ? "" : repo,
    });
    for (const gap of held) {
      const [owner = job.owner, name = job.repo] = gap.repo.split("/");
      if (
        gap.repo.toLowerCase() !== repo.toLowerCase() &&
        (await store.pauseStatus({ installationId: job.installationId, repo: gap.repo })).paused
      )
        continue;
      await deps.resubmit({
        trigger: "resume",
        deliveryId: `resume:${job.deliveryId}:${gap.gapKey}`.slice(0, 200),
        installationId: gap.installationId,
        owner,
        repo: name,
        issueNumber: gap.issueNumber,
        actor: gap.requester ?? job.actor,
        gapKey: gap.gapKey,
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

/**
 * The gap an approval on an issue is for: the issue's own, or, once that is merged, the upgrade of
 * its team to this generator version when that waits for an approval (its cost changed).
 */
async function gapToApprove(
  job: Job,
  deps: PipelineDeps,
): Promise<{ record: GapRecord | null; upgrade: boolean }> {
  const record = await knownGap(job, deps.store);
  if (record?.state === "awaiting-approval" || !record?.spec) return { record, upgrade: false };
  const version = deps.generatorVersion ?? GENERATOR_VERSION;
  const gapKey = upgradeGapKey(`${job.owner}/${job.repo}`, record.spec.name, version);
  const upgrade = await deps.store.getGap({ gapKey });
  return upgrade?.state === "awaiting-approval"
    ? { record: upgrade, upgrade: true }
    : { record, upgrade: false };
}
