import { generateTeam } from "../factory/generate-team.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { DailySlot } from "../policy/daily-cap.ts";
import { SHADOW_REASON } from "../policy/rollout-mode.ts";
import type { ApprovalHolds } from "./approval-gates.ts";
import { teamText } from "./enhance-team.ts";
import type { GapRun } from "./gap-run.ts";
import type { PlannedTeam } from "./plan-gap.ts";

/**
 * The end of a run in shadow mode: every gate weighed and every file generated in memory, then
 * recorded (the operator page lists it under "Would have opened") and audited; no slot is taken and
 * nothing is written to GitHub (the journal is silent). The gap stays planned with the reason
 * `shadow mode`, so the scan raises it again once its repository leaves shadow mode.
 */
export async function reportShadow(
  run: GapRun,
  team: PlannedTeam,
  params: {
    /** Today's slots as step 3 read them; null when the run would update the gap's open PR. */
    slots: DailySlot | null;
    /** Why the cost gate, or low-risk mode, would hold the team (null: it would pass). */
    holds: Pick<ApprovalHolds, "cost" | "lowRisk">;
  },
): Promise<GapOutcome> {
  const { job, journal, config } = run;
  const { spec, cost, enhancement } = team;
  const files = generateTeam(spec, { teamsDir: config.teams_dir });
  const change = { ...team, gap: run.gap, files, generatorVersion: run.deps.generatorVersion };
  const costHold = params.holds.cost;
  const verdict = costHold ? "would-hold" : "would-open";
  const gates = {
    daily_limit: params.slots
      ? `${params.slots.remaining} of ${params.slots.limit} left today (a shadow run takes none)`
      : "updates the open PR: no slot",
    cost: costHold ?? `passes ($${cost.monthlyUsd.toFixed(2)}/month)`,
    low_risk: params.holds.lowRisk ?? "would pass",
  };
  const { runs } = await run.deps.store.rollout.recordShadowRun({
    gapKey: run.gapKey,
    repo: run.repo,
    installationId: job.installationId,
    source: run.source,
    trigger: job.trigger,
    issueNumber: job.issueNumber,
    team: spec.name,
    title: teamText(run, change, enhancement).title.slice(0, 300),
    monthlyUsd: cost.monthlyUsd,
    members: spec.members.map((m) => ({ role: m.role, tools: m.tools })),
    specHash: team.hash,
    files: files.length,
    verdict,
    gates,
  });
  await journal.move({ state: "planned", reason: SHADOW_REASON });
  await journal.audit("mode.decided", {
    mode: "shadow",
    source: run.source,
    verdict,
    team: spec.name,
    monthlyUsd: cost.monthlyUsd,
    files: files.length,
    runs,
    ...(enhancement ? { enhances: spec.name } : {}),
  });
  return { kind: "shadow", team: spec.name, verdict };
}
