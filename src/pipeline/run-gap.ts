import { defaultHints } from "../config/repo-hints.ts";
import { type GeneratedFile, generateTeam } from "../factory/generate-team.ts";
import { gapFromJob, gapKeyOfJob } from "../intake/gap-from-job.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job, JobOf } from "../intake/job.ts";
import { knownGap } from "../intake/known-gap.ts";
import { parseCommand } from "../intake/parse-command.ts";
import { raisedByPerson } from "../intake/trigger-action.ts";
import { costGate } from "../policy/cost-gate.ts";
import { dailyCapGate, slotScope } from "../policy/daily-cap.ts";
import { pauseGate } from "../policy/pause.ts";
import { atLeast, checkPermission } from "../policy/permissions.ts";
import { gapSource, lowRiskGate, lowRiskHold, rolloutModeOf } from "../policy/rollout-mode.ts";
import { PASS } from "../policy/verdict.ts";
import { findProgressComment } from "../render/progress-comment.ts";
import { pullRequestTitle } from "../render/render-pull-request.ts";
import { coverageLine, coverageRatio, coverRequirements } from "../spec/cover-requirements.ts";
import { isPriceKnown } from "../spec/estimate-cost.ts";
import { neutralize } from "../spec/plain-text.ts";
import { writeToolsOf } from "../spec/tool-catalogue.ts";
import { type Admission, refusalText } from "./admit-job.ts";
import {
  costNote,
  enhancementOf,
  enhancementText,
  newMembers,
  targetBranch,
} from "./enhance-team.ts";
import { gapJournal } from "./gap-journal.ts";
import * as report from "./gap-reports.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";
import { continuesGap, planGap } from "./plan-gap.ts";
import { gapView, missingReviewers, publishGap } from "./publish-gap.ts";
import { isTriggerLabel, readRepo } from "./read-repo.ts";
import { reportPullRequest } from "./report-pull-request.ts";
import { reportShadow } from "./report-shadow.ts";

/** The jobs that run a gap: a person's request, the scan's, and those that continue a gap. */
export type GapRunJob = JobOf<"label" | "command" | "scan" | "resume" | "approval" | "regenerate">;

/**
 * One gap, one function: from the trigger to a pull request in numbered steps, audited at each.
 * Nothing that costs money or writes to GitHub happens before steps 1–3 pass.
 */
export async function runGap(
  job: GapRunJob,
  deps: PipelineDeps,
  admission?: Admission,
): Promise<GapOutcome> {
  const github = await deps.github(job);
  const { store } = deps;
  const repo = `${job.owner}/${job.repo}`;
  // An approval, a resume or `/regenerate` continues a gap someone was allowed to raise before.
  const continued = continuesGap(job);
  // The gap's identity comes from the app's own records, never from text on the issue.
  const known = await knownGap(job, store);
  const gapKey = known?.gapKey ?? gapKeyOfJob(job);

  // 👀 once the person's permission passed admission at the level the repository asked when it
  //    was last read (write by default): it goes beside the query and is not waited for.
  const eyesEarly = !continued && acknowledgeEarly(job, admission, deps);
  if (eyesEarly && job.issueNumber !== null) deps.defer(github.react(job.issueNumber, "eyes"));

  // 0. Read the repository (config, teams, issue, the gap's branch: one query) and, beside it,
  //    the permission of the person who made it a gap (unless admission read it already).
  const [read, permission] = await Promise.all([
    readRepo({
      github,
      issueNumber: job.issueNumber,
      branchName: known?.branch ?? null,
      hints: deps.hints,
      reader: raisedByPerson(job) ? job.actor : null,
    }),
    admission || !raisedByPerson(job)
      ? (admission?.permission ?? null)
      : github.permissionOf(job.actor),
  ]);
  if (job.trigger === "label" && !isTriggerLabel(read, job.label))
    return { kind: "ignored", reason: `label ${job.label} is not the trigger label` };
  const comments = read.context.issue?.comments ?? [];
  // The rollout mode, from the config just read: in shadow mode the run writes nothing to GitHub.
  const source = gapSource(job.trigger, known?.trigger ?? null);
  const mode = read.ok
    ? rolloutModeOf({
        modes: read.config.mode,
        source,
        shadowJob: job.trigger === "scan" && job.shadow === true,
      })
    : null;
  const journal = gapJournal({
    job,
    gapKey,
    github,
    store,
    defer: deps.defer,
    progressCommentId: findProgressComment(comments, gapKey)?.databaseId ?? null,
    silent: mode === "shadow",
  });

  // 1. Authorize the person who made it a gap: the labeller, the form's author, the commenter.
  if (permission) {
    const minToCreate = read.ok ? read.config.min_permission : "write";
    const verdict = checkPermission({ ...job, permission, action: "create-gap", minToCreate });
    if (!verdict.pass)
      return journal.refuse(refusalText(job, verdict.message), {
        details: { permission },
        rationed: true,
      });
  }
  if (!continued && !eyesEarly) deps.defer(journal.progress.react("eyes"));
  const parsed = job.trigger === "command" ? parseCommand(job.commentBody) : null;
  if (parsed && !parsed.ok) return journal.refuse(parsed.message);
  const command = parsed?.command?.kind === "create-team" ? parsed.command : null;
  if (!read.ok) return report.reportInvalidConfig(journal, read.message);
  const { config, context } = read;
  const record = await store.openGap({ ...job, gapKey, repo });
  if (record.state === "merged")
    return journal.refuse(
      `the team for this gap was merged in #${record.prNumber}; open a new issue for a new gap.`,
    );
  const gap = gapFromJob({ job, gapKey, issue: context.issue, command });
  await journal.audit("gap.received", {
    trigger: job.trigger,
    delivery: job.deliveryId,
    title: gap.title.slice(0, 200),
  });

  // 2. Pause: the request is kept, and `/team-factory resume` picks it up.
  const pause = pauseGate(await store.pauseStatus({ installationId: job.installationId, repo }));
  if (!pause.pass) return report.reportPaused(journal, pause.message);

  // 3. Daily cap, checked only: a gap the cap refuses costs no model call. Only a new PR takes a
  //    slot: an update of the gap's open PR is not counted.
  const scope = slotScope({ ...job, repo, scope: config.daily_limit_scope });
  const limit = config.daily_limit;
  const open = context.pullRequest;
  const slots = open ? null : await store.checkDailySlot({ scope, gapKey, limit });
  if (slots) {
    const cap = dailyCapGate(slots);
    if (!cap.pass) return report.reportDailyLimit(journal, slots, cap.message);
  }

  const plan = await planGap({
    gap,
    gapKey,
    repo,
    record,
    command,
    config,
    context,
    deps,
    journal,
    trigger: job.trigger,
  });
  if ("outcome" in plan) return plan.outcome;
  const { spec, cost, hash, builtBy, kept } = plan.planned;
  // A spec for a folder on the default branch changes that team: only one the records trust.
  const existing = context.teams.some((t) => t.slug === spec.name);
  const records = existing ? await store.teamRecords({ repo, team: spec.name }) : [];
  const enhancement = enhancementOf({ spec, gap, context, config, gapKey, records });
  if (enhancement && "refused" in enhancement)
    return journal.refuse(
      `Nothing was published: \`${config.teams_dir}/${spec.name}/\` is no longer a team Team Factory can change (${neutralize(enhancement.refused)}). Comment \`/create-team --new\` to plan a separate team.`,
    );
  const coverage = coverRequirements({ gap, spec });
  journal.progress.step(
    "spec",
    "done",
    `${spec.name}: ${spec.members.length} members, ${spec.framework}/${spec.provider} (${builtBy}); ${coverageLine(coverage)}`,
  );
  journal.progress.step("cost", "done", costNote(cost, enhancement));
  await journal.audit("spec.planned", {
    name: spec.name,
    specHash: hash,
    builtBy,
    monthlyUsd: cost.monthlyUsd,
    needs: coverageRatio(coverage),
    ...(enhancement && { enhances: spec.name, deltaUsd: enhancement.deltaUsd }),
  });

  // 7. Cost and approval gate (a dry run stops here and shows what the PR would add).
  if (command?.dryRun) return report.reportDryRun(journal, { spec, cost, config });
  const target = targetBranch({ record, spec, enhancement, config, context });
  const { branch } = target;
  // An enhancement holds no team name: the team's name is its folder's, on the default branch.
  const slug = enhancement ? {} : { slug: spec.name };
  // A new plan records the spec and its author; a kept spec (approval, resume) is published as is.
  await journal.move(
    kept ? { state: "planned" } : { state: "planned", ...slug, branch, spec, specHash: hash, cost },
  );
  const approval = await store.findApproval({ gapKey, specHash: hash });
  const threshold = config.cost_threshold_usd;
  const { generatorVersion } = deps;
  const change = (files: GeneratedFile[]) => ({
    ...{ job, gap, config, spec, cost, hash, builtBy, files, generatorVersion },
  });
  const authors = [record.requester, ...record.specAuthors, ...(kept ? [] : [job.actor])];
  const approvedHash = approval?.specHash ?? null;
  const costVerdict = costGate({
    // An enhancement is weighed by what it adds to the team's cost.
    monthlyUsd: enhancement?.deltaUsd ?? cost.monthlyUsd,
    thresholdUsd: threshold,
    model: spec.model,
    priceKnown: isPriceKnown(spec.model, config.prices),
    specHash: hash,
    approvedHash,
    authors,
  });

  // 7b. Rollout mode: shadow records what a full run would open and stops here (no slot, no
  //     write); low-risk holds a team whose tools write or whose cost is above its bound until a
  //     maintainer approves this spec, exactly as the cost gate holds one.
  const hold = lowRiskHold({
    source,
    monthlyUsd: cost.monthlyUsd,
    boundUsd: config.low_risk.max_monthly_usd,
    writeTools: writeToolsOf(spec.members),
  });
  if (mode === "shadow")
    return reportShadow({
      ...{ journal, store, job, gapKey, source, spec, cost, hash, config, enhancement },
      ...{ slots, lowRiskHold: hold, costHold: costVerdict.pass ? null : costVerdict.message },
      title: (files) =>
        enhancement
          ? enhancementText({ ...change(files), enhancement }).title
          : pullRequestTitle(spec, gapView(change(files)).reason),
    });
  const lowRisk =
    mode === "low-risk" ? lowRiskGate({ hold, specHash: hash, approvedHash, authors }) : PASS;
  const held = lowRisk.pass ? null : lowRisk.message;
  await journal.audit("mode.decided", {
    ...{ mode, source, verdict: held ? "hold" : mode === "low-risk" && hold ? "approved" : "pass" },
    ...(mode === "low-risk" && hold && { reason: hold }),
  });
  if (!costVerdict.pass || held)
    return report.reportAwaitingApproval(journal, {
      ...{ spec, cost, hash, threshold },
      // One approval of this spec lifts both holds: the comment gives every reason.
      message: costVerdict.pass ? (held ?? "") : `${held ? `${hold} ` : ""}${costVerdict.message}`,
      gate: costVerdict.pass ? "low-risk" : "cost",
    });

  // 8. Reserve the daily slot of a new PR: the store decides under a row lock, so a race lost
  //    ends here. An update of the PR open on the target branch takes none.
  const updating = target.context.pullRequest;
  if (updating) {
    await journal.audit("gate.passed", { updating: updating.number });
    journal.progress.step("gates", "done", `updating #${updating.number}: no new slot`);
  } else {
    const slot = await store.reserveDailySlot({ scope, gapKey, limit });
    const reserved = dailyCapGate(slot);
    if (!reserved.pass) return report.reportDailyLimit(journal, slot, reserved.message);
    await journal.audit("gate.passed", { remainingToday: slot.remaining });
    journal.progress.step("gates", "done", `${slot.remaining} of ${slot.limit} left today`);
  }

  // 9. Generate every file of the team, in memory.
  const files = generateTeam(spec, { teamsDir: config.teams_dir, generatorVersion });
  journal.progress.step(
    "files",
    "done",
    `${files.length} files under \`${config.teams_dir}/${spec.name}/\``,
  );

  // 10. Publish: checked last (only the team's folder), then one verified commit and one PR. A
  //     job whose lease passed to another worker publishes nothing.
  deps.signal?.throwIfAborted();
  await journal.move({ state: "publishing" });
  const published = await publishGap({
    ...{ ...change(files), github, record, context: target.context, branch },
    ...{ journal, store, scope },
    text: enhancement ? enhancementText({ ...change(files), enhancement }) : undefined,
  });
  if (!published.ok) return published.outcome;

  // 11. Report and audit; labels that failed go to a follow-up job, review teams GitHub does not
  //     know are named.
  const paths = files.map((f) => f.path);
  const what = enhancement
    ? `${neutralize(spec.displayName)} with ${newMembers(enhancement)} (${costNote(cost, enhancement)})`
    : undefined;
  const unknown = missingReviewers(config, context);
  return reportPullRequest({
    ...{ job, gapKey, record, pr: published.pr, spec, paths, journal, deps },
    ...{ what, unknown },
  });
}

/**
 * A person whose permission admission read at the level the repository asked when it was last
 * read, a label that was its trigger label, and a repository whose people's requests were not in
 * shadow mode then: a repository this process has not read yet gets its 👀 after the read.
 */
function acknowledgeEarly(job: Job, admission: Admission | undefined, deps: PipelineDeps) {
  const known = deps.hints.get(`${job.owner}/${job.repo}`.toLowerCase());
  if (!known?.explicitMode || known.explicitMode === "shadow") return false;
  return (
    raisedByPerson(job) &&
    admission?.permission != null &&
    atLeast(admission.permission, known.minPermission) &&
    (job.trigger !== "label" || job.label?.toLowerCase() === known.triggerLabel.toLowerCase())
  );
}
