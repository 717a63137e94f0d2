import type { ProbotOctokit } from "probot";
import { findProgressComment } from "../github/progress-comment.ts";
import { gapFromJob, gapKeyOfJob } from "../intake/gap-from-job.ts";
import type { GapJob } from "../intake/gap-job.ts";
import { parseCommand } from "../intake/parse-command.ts";
import { checkApprover, checkPauseCommand, type RepoPermission } from "../store/governance.ts";
import type { GapOutcome, PipelineDeps } from "./gap-run.ts";
import { handleGap } from "./handle-gap.ts";
import { createProgressReporter, reactToIssue } from "./progress-reporter.ts";
import { defaultHints, type RepoHints, readRepo } from "./read-repo.ts";

export type Octokit = InstanceType<typeof ProbotOctokit>;

const LEVELS: readonly RepoPermission[] = ["none", "read", "triage", "write", "maintain", "admin"];

export interface JobDeps extends PipelineDeps {
  /** Queues another job (a resume re-submits the gaps a pause held back). */
  resubmit(job: GapJob): Promise<unknown>;
  /** Per-repository hints learned from the last config read (`owner/name` → hints). */
  hints: Map<string, RepoHints>;
}

/** The permission level of a user on a repo, through the REST permission endpoint. */
async function permissionOf(octokit: Octokit, job: GapJob): Promise<RepoPermission> {
  const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
    owner: job.owner,
    repo: job.repo,
    username: job.actor,
  });
  const role = (data as { role_name?: string }).role_name ?? data.permission;
  return LEVELS.find((level) => level === role) ?? "none";
}

const atLeast = (level: RepoPermission, needed: RepoPermission) =>
  LEVELS.indexOf(level) >= LEVELS.indexOf(needed);

/** Runs one recorded job: who may ask, what was asked, then the pipeline. */
export async function processJob(params: {
  job: GapJob;
  octokit: Octokit;
  deps: JobDeps;
}): Promise<GapOutcome> {
  const { job, octokit, deps } = params;
  const repoName = `${job.owner}/${job.repo}`;
  const parsed = job.commentBody ? parseCommand(job.commentBody) : null;
  const command = parsed?.ok && parsed.command?.kind === "create-team" ? parsed.command : null;
  const gapKey = gapKeyOfJob(job);
  const reply = (body: string) =>
    job.issueNumber === null
      ? Promise.resolve()
      : octokit.rest.issues
          .createComment({ owner: job.owner, repo: job.repo, issue_number: job.issueNumber, body })
          .then(() => undefined);
  const audit = (action: string, details: Record<string, unknown>) =>
    deps.store.audit({ action, actor: job.actor, gapKey, repo: repoName, details });

  const react = () =>
    reactToIssue({
      rest: octokit.rest,
      owner: job.owner,
      repo: job.repo,
      issueNumber: job.issueNumber,
      content: "eyes",
    });
  const read = (branchName: string | null, known: RepoHints) =>
    readRepo({
      graphql: octokit.graphql,
      fetchText: (p) => fetchText(octokit, p),
      owner: job.owner,
      repo: job.repo,
      issueNumber: job.issueNumber,
      branchName,
      hints: known,
    });

  // A label we don't know as the trigger (a cold start, or a custom trigger_label): read the
  // config first, and only a match goes on. Nothing is recorded for other labels.
  let hints = deps.hints.get(repoName) ?? defaultHints();
  if (job.trigger === "label" && job.label?.toLowerCase() !== hints.triggerLabel.toLowerCase()) {
    const probe = await read(null, hints);
    hints = probe.hints;
    deps.hints.set(repoName, hints);
    if (
      !probe.read.ok ||
      job.label?.toLowerCase() !== probe.read.config.trigger_label.toLowerCase()
    ) {
      return { kind: "ignored", reason: `label ${job.label} is not the trigger label` };
    }
  }
  // 👀 on receipt, and the one query, both beside the permission check: the query only reads,
  // and the write queue keeps the reaction ahead of our later writes.
  const reaction = job.trigger === "resume" ? Promise.resolve() : react().catch(() => undefined);
  const gapWanted = job.trigger !== "control" && (parsed === null || parsed.ok);
  const known = gapWanted ? await deps.store.getGap({ gapKey }) : null;
  const reading = gapWanted ? read(known?.branch ?? null, hints) : null;
  reading?.catch(() => undefined);

  // Comment commands: who may ask is the REST permission level, never author_association.
  const permission =
    job.trigger === "label" || job.trigger === "scan" || job.trigger === "resume"
      ? null
      : await permissionOf(octokit, job);
  await reaction;
  const refuse = async (reason: string): Promise<GapOutcome> => {
    await audit("trigger.refused", { trigger: job.trigger, permission, reason });
    await reply(`😕 ${reason}`);
    return { kind: "refused", reason };
  };
  if (parsed && !parsed.ok) return refuse(parsed.message);
  if (job.trigger === "command" && permission && !atLeast(permission, "write")) {
    return refuse(
      `@${job.actor} has ${permission} permission on ${repoName}; \`/create-team\` needs write or higher. Ask a maintainer to run it.`,
    );
  }
  if (job.trigger === "control" && permission) {
    const pause = parsed?.ok === true && parsed.command?.kind === "pause";
    const verdict = checkPauseCommand({ actor: job.actor, permission, pause });
    if (!verdict.pass) return refuse(verdict.message);
    await deps.store.setPaused({
      installationId: job.installationId,
      repo: repoName,
      paused: pause,
      actor: job.actor,
    });
    await audit(pause ? "control.paused" : "control.resumed", {});
    if (!pause) {
      for (const held of await deps.store.listPausedGaps({
        installationId: job.installationId,
        repo: repoName,
      })) {
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
    await reply(
      pause
        ? "⏸️ Team Factory is paused for this repository: new requests are kept and published after `/team-factory resume`."
        : "▶️ Team Factory is running again for this repository.",
    );
    return { kind: "control", paused: pause };
  }

  const record = await deps.store.openGap({
    gapKey,
    repo: repoName,
    installationId: job.installationId,
    issueNumber: job.issueNumber,
    trigger: job.trigger,
    actor: job.actor,
  });
  if (record.state === "merged") {
    return refuse(
      `the team for this gap was merged in #${record.prNumber}; open a new issue for a new gap.`,
    );
  }
  if (job.trigger === "approval" && permission) {
    const verdict = checkApprover({
      approver: job.actor,
      permission,
      requester: record.requester,
      state: record.state,
      specHash: record.specHash,
    });
    if (!verdict.pass || !record.specHash)
      return refuse(verdict.pass ? "there is no planned team to approve." : verdict.message);
    await deps.store.recordApproval({ gapKey, specHash: record.specHash, approver: job.actor });
    await audit("approval.recorded", { specHash: record.specHash });
  }

  const { read: repoRead, hints: learned } =
    reading && record.branch === (known?.branch ?? null)
      ? await reading
      : await read(record.branch, hints);
  deps.hints.set(repoName, learned);
  const context = repoRead.context;
  const previous = context.issue ? findProgressComment(context.issue.comments, gapKey) : null;
  const progress = createProgressReporter({
    rest: octokit.rest,
    owner: job.owner,
    repo: job.repo,
    issueNumber: job.issueNumber,
    gapKey,
    existingCommentId: previous?.databaseId ?? null,
  });
  if (!repoRead.ok) {
    await audit("config.invalid", { message: repoRead.message });
    progress.step("spec", "failed");
    await progress.flush({
      outcome: {
        icon: "😕",
        text: `The Team Factory config is not valid, so nothing was created. ${repoRead.message}`,
      },
    });
    return { kind: "invalid-config", message: repoRead.message };
  }
  await audit("gap.received", { trigger: job.trigger, delivery: job.deliveryId });
  const gap = gapFromJob({ job, gapKey, issue: context.issue, command });
  return handleGap({
    job,
    repoName,
    gap,
    record,
    config: repoRead.config,
    context,
    command,
    progress,
    graphql: octokit.graphql,
    slotScope:
      repoRead.config.daily_limit_scope === "repository"
        ? `repo:${repoName.toLowerCase()}`
        : `installation:${job.installationId}`,
    deps,
  });
}

/** Reads a text file through the contents API (for `_extends`); null when it does not exist. */
async function fetchText(
  octokit: Octokit,
  params: { owner: string; repo: string; path: string },
): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...params });
    if (Array.isArray(data) || data.type !== "file" || typeof data.content !== "string")
      return null;
    return Buffer.from(data.content, "base64").toString("utf8");
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}
