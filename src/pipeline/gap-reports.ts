import type { RepoConfig } from "../config/repo-config.ts";
import { generateTeam } from "../factory/generate-team.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { DailySlot } from "../policy/daily-cap.ts";
import { renderDryRun, renderSpecSummary } from "../render/render-outcome.ts";
import type { CostEstimate } from "../spec/estimate-cost.ts";
import { neutralize } from "../spec/plain-text.ts";
import type { TeamSpec } from "../spec/team-spec.ts";
import type { GapJournal } from "./gap-journal.ts";

/** The ends of a run other than a PR, each recorded and answered the same way every time. */

export async function reportPaused(journal: GapJournal, message: string): Promise<GapOutcome> {
  await journal.move({ state: "planned", reason: "paused" });
  await journal.audit("gate.paused");
  journal.progress.step("gates", "pending", "paused");
  await journal.progress.flush({ outcome: { icon: "⏸️", text: message } });
  return { kind: "paused" };
}

export async function reportDailyLimit(
  journal: GapJournal,
  slot: DailySlot,
  message: string,
): Promise<GapOutcome> {
  await journal.move({ state: "planned", reason: "daily limit" });
  const { limit, used, remaining } = slot;
  await journal.audit("gate.daily-limit", { limit, used, remaining });
  return journal.finish({ kind: "daily-limit", remaining, limit }, "gates", message);
}

export async function reportNotPlanned(
  journal: GapJournal,
  outcome: Extract<GapOutcome, { kind: "rejected" | "enhance" }>,
): Promise<GapOutcome> {
  const { reason } = outcome;
  await journal.audit(outcome.kind === "rejected" ? "gap.rejected" : "gap.enhance-existing", {
    reason,
  });
  await journal.move({ state: "rejected", reason });
  // Team names and skills come from the repository's files: inert in the comment.
  return journal.finish(outcome, "spec", neutralize(reason));
}

export async function reportDryRun(
  journal: GapJournal,
  params: { spec: TeamSpec; cost: CostEstimate; config: RepoConfig },
): Promise<GapOutcome> {
  const files = generateTeam(params.spec, { teamsDir: params.config.teams_dir });
  await journal.audit("gap.dry-run", { name: params.spec.name, files: files.length });
  journal.progress.step("gates", "skipped", "dry run");
  journal.progress.step("files", "done", `${files.length} files`);
  journal.progress.step("pr", "skipped", "dry run: nothing written");
  await journal.progress.flush({
    outcome: { icon: "📝", text: "Dry run: this is what the PR would add. Nothing was written." },
    details: renderDryRun({ ...params, files }),
  });
  return { kind: "dry-run", files: files.length };
}

export async function reportAwaitingApproval(
  journal: GapJournal,
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
  await journal.move({ state: "awaiting-approval" });
  await journal.audit(lowRisk ? "gate.low-risk-approval-needed" : "gate.cost-approval-needed", {
    monthlyUsd: cost.monthlyUsd,
    threshold: params.threshold,
    specHash: params.hash,
  });
  journal.progress.step(
    "gates",
    "pending",
    lowRisk ? "needs approval (low-risk mode)" : "needs cost approval",
  );
  await journal.progress.flush({
    outcome: { icon: "⏸️", text: params.message },
    details: renderSpecSummary(spec, cost),
  });
  return { kind: "awaiting-approval", monthlyUsd: cost.monthlyUsd };
}

export async function reportInvalidConfig(
  journal: GapJournal,
  message: string,
): Promise<GapOutcome> {
  await journal.audit("config.invalid", { message });
  journal.progress.step("spec", "failed");
  await journal.progress.flush({
    outcome: {
      icon: "😕",
      text: `The Team Factory config is not valid, so nothing was created. ${message}`,
    },
  });
  return { kind: "invalid-config", message };
}
