import type { RepoConfig } from "../config/repo-config.ts";
import { generateTeam } from "../factory/generate-team.ts";
import type { DailySlot } from "../policy/daily-cap.ts";
import type { CostEstimate } from "../spec/estimate-cost.ts";
import { neutralize } from "../spec/plain-text.ts";
import type { TeamSpec } from "../spec/team-spec.ts";
import type { GapJournal } from "./gap-journal.ts";
import type { GapOutcome } from "./pipeline-deps.ts";
import { renderDryRun, renderSpecSummary } from "./render-outcome.ts";

/** The ends of a run other than a PR, each recorded and answered the same way every time. */

export async function reportPaused(j: GapJournal, message: string): Promise<GapOutcome> {
  await j.move({ state: "planned", reason: "paused" });
  await j.audit("gate.paused");
  j.progress.step("gates", "pending", "paused");
  await j.progress.flush({ outcome: { icon: "⏸️", text: message } });
  return { kind: "paused" };
}

export async function reportDailyLimit(
  j: GapJournal,
  slot: DailySlot,
  message: string,
): Promise<GapOutcome> {
  await j.move({ state: "planned", reason: "daily limit" });
  const { limit, used, remaining } = slot;
  await j.audit("gate.daily-limit", { limit, used, remaining });
  return j.finish({ kind: "daily-limit", remaining, limit }, "gates", message);
}

export async function reportNotPlanned(
  j: GapJournal,
  outcome: Extract<GapOutcome, { kind: "rejected" | "enhance" }>,
): Promise<GapOutcome> {
  const { reason } = outcome;
  await j.audit(outcome.kind === "rejected" ? "gap.rejected" : "gap.enhance-existing", { reason });
  await j.move({ state: "rejected", reason });
  // Team names and skills come from the repository's files: inert in the comment.
  return j.finish(outcome, "spec", neutralize(reason));
}

export async function reportDryRun(
  j: GapJournal,
  params: { spec: TeamSpec; cost: CostEstimate; config: RepoConfig },
): Promise<GapOutcome> {
  const files = generateTeam(params.spec, { teamsDir: params.config.teams_dir });
  await j.audit("gap.dry-run", { name: params.spec.name, files: files.length });
  j.progress.step("gates", "skipped", "dry run");
  j.progress.step("files", "done", `${files.length} files`);
  j.progress.step("pr", "skipped", "dry run: nothing written");
  await j.progress.flush({
    outcome: { icon: "📝", text: "Dry run: this is what the PR would add. Nothing was written." },
    details: renderDryRun({ ...params, files }),
  });
  return { kind: "dry-run", files: files.length };
}

export async function reportAwaitingApproval(
  j: GapJournal,
  params: {
    spec: TeamSpec;
    cost: CostEstimate;
    hash: string;
    threshold: number;
    message: string;
    /** What holds it: the cost threshold (default) or low-risk mode. */
    gate?: "cost" | "low-risk";
  },
): Promise<GapOutcome> {
  const { spec, cost } = params;
  const lowRisk = params.gate === "low-risk";
  await j.move({ state: "awaiting-approval" });
  await j.audit(lowRisk ? "gate.low-risk-approval-needed" : "gate.cost-approval-needed", {
    monthlyUsd: cost.monthlyUsd,
    threshold: params.threshold,
    specHash: params.hash,
  });
  j.progress.step(
    "gates",
    "pending",
    lowRisk ? "needs approval (low-risk mode)" : "needs cost approval",
  );
  await j.progress.flush({
    outcome: { icon: "⏸️", text: params.message },
    details: renderSpecSummary(spec, cost),
  });
  return { kind: "awaiting-approval", monthlyUsd: cost.monthlyUsd };
}

export async function reportInvalidConfig(j: GapJournal, message: string): Promise<GapOutcome> {
  await j.audit("config.invalid", { message });
  j.progress.step("spec", "failed");
  await j.progress.flush({
    outcome: {
      icon: "😕",
      text: `The Team Factory config is not valid, so nothing was created. ${message}`,
    },
  });
  return { kind: "invalid-config", message };
}
