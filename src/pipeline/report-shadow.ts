import type { RepoConfig } from "../config/repo-config.ts";
import { type GeneratedFile, generateTeam } from "../factory/generate-team.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job } from "../intake/job.ts";
import type { DailySlot } from "../policy/daily-cap.ts";
import { type GapSource, SHADOW_REASON } from "../policy/rollout-mode.ts";
import type { CostEstimate } from "../spec/estimate-cost.ts";
import type { TeamSpec } from "../spec/team-spec.ts";
import type { Store } from "../store/store.ts";
import type { GapJournal } from "./gap-journal.ts";

/**
 * The end of a run in shadow mode: every gate weighed and every file generated in memory, then
 * recorded (the operator page lists it under "Would have opened") and audited; no slot is taken and
 * nothing is written to GitHub (the journal is silent). The gap stays planned with the reason
 * `shadow mode`, so the scan raises it again once its repository leaves shadow mode.
 */
export async function reportShadow(params: {
  journal: GapJournal;
  store: Pick<Store, "rollout">;
  job: Job;
  gapKey: string;
  source: GapSource;
  spec: TeamSpec;
  cost: CostEstimate;
  hash: string;
  config: RepoConfig;
  /** An enhancement of an existing team (its PR's title says so). */
  enhancement: unknown;
  /** Today's slots as step 3 read them; null when the run would update the gap's open PR. */
  slots: DailySlot | null;
  /** Why the cost gate, or low-risk mode, would hold the team (null: it would pass). */
  costHold: string | null;
  lowRiskHold: string | null;
  /** The PR's title as the publish would write it. */
  title(files: GeneratedFile[]): string;
}): Promise<GapOutcome> {
  const { journal, job, spec, cost } = params;
  const files = generateTeam(spec, { teamsDir: params.config.teams_dir });
  const verdict = params.costHold ? "would-hold" : "would-open";
  const gates = {
    daily_limit: params.slots
      ? `${params.slots.remaining} of ${params.slots.limit} left today (a shadow run takes none)`
      : "updates the open PR: no slot",
    cost: params.costHold ?? `passes ($${cost.monthlyUsd.toFixed(2)}/month)`,
    low_risk: params.lowRiskHold ?? "would pass",
  };
  const { runs } = await params.store.rollout.recordShadowRun({
    gapKey: params.gapKey,
    repo: `${job.owner}/${job.repo}`,
    installationId: job.installationId,
    source: params.source,
    trigger: job.trigger,
    issueNumber: job.issueNumber,
    team: spec.name,
    title: params.title(files).slice(0, 300),
    monthlyUsd: cost.monthlyUsd,
    members: spec.members.map((m) => ({ role: m.role, tools: m.tools })),
    specHash: params.hash,
    files: files.length,
    verdict,
    gates,
  });
  await journal.move({ state: "planned", reason: SHADOW_REASON });
  await journal.audit("mode.decided", {
    mode: "shadow",
    source: params.source,
    verdict,
    team: spec.name,
    monthlyUsd: cost.monthlyUsd,
    files: files.length,
    runs,
    ...(params.enhancement ? { enhances: spec.name } : {}),
  });
  return { kind: "shadow", team: spec.name, verdict };
}
