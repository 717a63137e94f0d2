import { type GeneratedFile, generateTeam } from "../factory/generate-team.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import { pauseGate } from "../policy/pause.ts";
import type { Admission } from "./admit-job.ts";
import { holdForApproval, weighApproval } from "./approval-gates.ts";
import { overTheCap, takeSlot } from "./daily-slot.ts";
import { enhancementNote, teamText } from "./enhance-team.ts";
import * as report from "./gap-reports.ts";
import { type GapRun, type GapRunJob, startGapRun } from "./gap-run.ts";
import { authorizeRequester, openGapRecord, readRequest } from "./open-gap.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";
import { type PlannedTeam, planGap, recordPlan } from "./plan-gap.ts";
import { missingReviewers, publishGap } from "./publish-gap.ts";
import { reportPullRequest } from "./report-pull-request.ts";
import { reportShadow } from "./report-shadow.ts";

/**
 * One gap, one function: from the trigger to a pull request in numbered steps, audited at each,
 * over one run (`GapRun`, made by steps 0 and 1). Nothing that costs money or writes to GitHub
 * happens before steps 1–3 pass.
 */
export async function runGap(
  job: GapRunJob,
  deps: PipelineDeps,
  admission?: Admission,
): Promise<GapOutcome> {
  // 0. Read the repository and, beside it, the permission of the person who made it a gap.
  const start = await startGapRun(job, deps, admission);
  if ("outcome" in start) return start.outcome;
  // 1. Authorize that person (then 👀); 1b. what was asked: the command and a valid config;
  //    1c. the gap's record: a merged gap is refused, any other received.
  const refused = await authorizeRequester(start);
  if (refused) return refused;
  const request = await readRequest(start);
  if ("outcome" in request) return request.outcome;
  const run = await openGapRecord(start, request);
  if ("outcome" in run) return run.outcome;
  const { journal, config, context } = run;

  // 2. Pause: the request is kept, and `/team-factory resume` picks it up.
  const { installationId } = job;
  const pause = pauseGate(await deps.store.pauseStatus({ installationId, repo: run.repo }));
  if (!pause.pass) return report.reportPaused(journal, pause.message);

  // 3. Daily cap, checked only: a gap the cap refuses costs no model call.
  const slots = await run.slotFor(context).check();
  const capped = await overTheCap(journal, slots);
  if (capped) return capped;

  // 4–6. The spec: kept (an approval, a resume), an existing team's amended, or planned now.
  const plan = await planGap(run);
  if ("outcome" in plan) return plan.outcome;
  const team = plan.planned;
  const { spec, cost } = team;

  // 7. Cost and approval gate (a dry run stops here and shows what the PR would add).
  if (run.command?.dryRun) return report.reportDryRun(journal, { spec, cost, config });
  const target = await recordPlan(run, team);
  const holds = await weighApproval(run, team);

  // 7b. Rollout mode: shadow records what a full run would open and stops here (no slot, no
  //     write); low-risk holds a team whose tools write or whose cost is above its bound.
  if (run.mode === "shadow") return reportShadow(run, team, { slots, holds });
  const held = await holdForApproval(run, team, holds);
  if (held) return held;

  // 8. Reserve the daily slot of a new PR; an update of the PR open on the target branch takes none.
  const slot = run.slotFor(target.context);
  const over = await takeSlot(journal, slot);
  if (over) return over;

  // 9. Generate every file of the team, in memory.
  const files = generateFiles(run, team);

  // 10. Publish: checked last (only the team's folder), then one verified commit and one PR. A
  //     job whose lease passed to another worker publishes nothing.
  deps.signal?.throwIfAborted();
  await journal.move({ state: "publishing" });
  const change = { ...team, gap: run.gap, files, generatorVersion: deps.generatorVersion };
  const text = teamText(run, change, team.enhancement);
  const published = await publishGap(run, change, { ...target, slot, text });
  if (!published.ok) return published.outcome;

  // 11. Report and audit; labels that failed go to a follow-up job, review teams GitHub does not
  //     know are named.
  return reportPullRequest({
    ...{ job, gapKey: run.gapKey, record: run.record, pr: published.pr, spec, journal, deps },
    ...{ paths: files.map((f) => f.path), what: enhancementNote(team) },
    unknown: missingReviewers(config, context),
  });
}

/** Step 9: every file of the team, in memory. */
function generateFiles(run: GapRun, { spec }: PlannedTeam): GeneratedFile[] {
  const { config, journal } = run;
  const teamsDir = config.teams_dir;
  const files = generateTeam(spec, { teamsDir, generatorVersion: run.deps.generatorVersion });
  journal.progress.step(
    "files",
    "done",
    `${files.length} files under \`${teamsDir}/${spec.name}/\``,
  );
  return files;
}
