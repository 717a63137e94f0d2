import type { RepoContext } from "../github/gather-repo-context.ts";
import type { RepoGitHub } from "../github/repo-github.ts";
import { gapKeyOfJob } from "../intake/gap-from-job.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job, JobOf } from "../intake/job.ts";
import { knownGap } from "../intake/known-gap.ts";
import type { CreateTeamCommand } from "../intake/parse-command.ts";
import { raisedByPerson } from "../intake/trigger-action.ts";
import { atLeast, type RepoPermission } from "../policy/permissions.ts";
import {
  type GapSource,
  gapSource,
  type RolloutMode,
  rolloutModeOf,
} from "../policy/rollout-mode.ts";
import { findProgressComment } from "../render/progress-comment.ts";
import type { Gap } from "../spec/gap.ts";
import type { GapRecord } from "../store/store.ts";
import type { Admission } from "./admit-job.ts";
import type { GapSlot } from "./daily-slot.ts";
import { type GapJournal, gapJournal } from "./gap-journal.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";
import type { PublishRun } from "./publish-gap.ts";
import { isTriggerLabel, type RepoRead, readRepo } from "./read-repo.ts";

/** The jobs that run a gap: a person's request, the scan's, and those that continue a gap. */
export type GapRunJob = JobOf<"label" | "command" | "scan" | "resume" | "approval" | "regenerate">;

/** What step 0 learned: the repository as read, the person's permission, the run's journal. */
export interface RunStart {
  job: GapRunJob;
  deps: PipelineDeps;
  github: RepoGitHub;
  /** `owner/name`. */
  repo: string;
  gapKey: string;
  /** The gap's record when the app has one already. */
  known: GapRecord | null;
  /** An approval, a resume or `/regenerate`: someone was allowed to raise this gap before. */
  continued: boolean;
  /** 👀 went out beside the read: admission passed at the level the repository asked. */
  eyesEarly: boolean;
  /** The read, with the rollout mode it sets when its config is valid. */
  read: Exclude<RepoRead, { ok: true }> | (Extract<RepoRead, { ok: true }> & { mode: RolloutMode });
  /** The permission of the person who made it a gap (null: the app raised it). */
  permission: RepoPermission | null;
  source: GapSource;
  journal: GapJournal;
}

/** One gap's run once steps 0 and 1 passed: what every later step reads. */
export interface GapRun extends PublishRun {
  job: GapRunJob;
  deps: PipelineDeps;
  repo: string;
  gapKey: string;
  /** The repository as step 0 read it: its teams, the issue, the gap's branch and its open PR. */
  context: RepoContext;
  gap: Gap;
  /** `/create-team`'s arguments, or null. */
  command: CreateTeamCommand | null;
  source: GapSource;
  mode: RolloutMode;
  /** The daily slot of a publish into `context` (a new PR takes the gap's, an update none). */
  slotFor(context: Pick<RepoContext, "pullRequest">): GapSlot;
}

/** Jobs that publish the spec a gap has already: an approval, a resume, `/regenerate`. */
export function continuesGap(job: Pick<Job, "trigger">): boolean {
  return job.trigger === "approval" || job.trigger === "resume" || job.trigger === "regenerate";
}

/**
 * Step 0: the repository (config, teams, issue, the gap's branch: one query) and, beside it, the
 * permission of the person who made it a gap (unless admission read it already). The gap's
 * identity comes from the app's own records, never from text on the issue. A label that is not
 * the trigger label ends the run here.
 */
export async function startGapRun(
  job: GapRunJob,
  deps: PipelineDeps,
  admission: Admission | undefined,
): Promise<RunStart | { outcome: GapOutcome }> {
  const github = await deps.github(job);
  const continued = continuesGap(job);
  const known = await knownGap(job, deps.store);
  const gapKey = known?.gapKey ?? gapKeyOfJob(job);
  // 👀 once the person's permission passed admission at the level the repository asked when it
  // was last read (write by default): it goes beside the query and is not waited for.
  const eyesEarly = !continued && acknowledgeEarly(job, admission, deps);
  if (eyesEarly && job.issueNumber !== null) deps.defer(github.react(job.issueNumber, "eyes"));
  const person = raisedByPerson(job);
  const [repoRead, permission] = await Promise.all([
    readRepo({
      github,
      issueNumber: job.issueNumber,
      branchName: known?.branch ?? null,
      hints: deps.hints,
      reader: person ? job.actor : null,
    }),
    admission || !person ? (admission?.permission ?? null) : github.permissionOf(job.actor),
  ]);
  if (job.trigger === "label" && !isTriggerLabel(repoRead, job.label))
    return { outcome: { kind: "ignored", reason: `label ${job.label} is not the trigger label` } };
  // The rollout mode, from the config just read: in shadow mode the run writes nothing to GitHub.
  const source = gapSource(job.trigger, known?.trigger ?? null);
  const shadowJob = job.trigger === "scan" && job.shadow === true;
  const read = repoRead.ok
    ? { ...repoRead, mode: rolloutModeOf({ modes: repoRead.config.mode, source, shadowJob }) }
    : repoRead;
  const comments = read.context.issue?.comments ?? [];
  const journal = gapJournal({
    ...{ job, gapKey, github, store: deps.store, defer: deps.defer },
    progressCommentId: findProgressComment(comments, gapKey)?.databaseId ?? null,
    silent: read.ok && read.mode === "shadow",
  });
  const repo = `${job.owner}/${job.repo}`;
  return {
    job,
    deps,
    github,
    repo,
    gapKey,
    known,
    continued,
    eyesEarly,
    read,
    permission,
    source,
    journal,
  };
}

/**
 * A person whose permission admission read at the level the repository asked when it was last
 * read, a label that was its trigger label, and a repository whose people's requests were not in
 * shadow mode then: a repository this process has not read yet gets its 👀 after the read.
 */
function acknowledgeEarly(job: GapRunJob, admission: Admission | undefined, deps: PipelineDeps) {
  const known = deps.hints.get(`${job.owner}/${job.repo}`.toLowerCase());
  if (!known?.explicitMode || known.explicitMode === "shadow") return false;
  return (
    raisedByPerson(job) &&
    admission?.permission != null &&
    atLeast(admission.permission, known.minPermission) &&
    (job.trigger !== "label" || job.label.toLowerCase() === known.triggerLabel.toLowerCase())
  );
}
