import type { GapOutcome } from "../intake/gap-outcome.ts";
import { costGate } from "../policy/cost-gate.ts";
import { lowRiskGate, lowRiskHold } from "../policy/rollout-mode.ts";
import { PASS } from "../policy/verdict.ts";
import { isPriceKnown } from "../spec/estimate-cost.ts";
import { writeToolsOf } from "../spec/tool-catalogue.ts";
import { reportAwaitingApproval } from "./gap-reports.ts";
import type { GapRun } from "./gap-run.ts";
import type { PlannedTeam } from "./plan-gap.ts";

/** What would hold a team until a maintainer approves its exact spec (null: that gate passes). */
export interface ApprovalHolds {
  /** The cost gate's reason: over `cost_threshold_usd`, or a model of unknown price. */
  cost: string | null;
  /** Why low-risk mode would hold it: tools that write, or a cost above its bound. */
  lowRisk: string | null;
  /** The hash an approval recorded for this gap names, if any. */
  approvedHash: string | null;
  /** Who asked for the team and who shaped its spec: none of them may approve it. */
  authors: (string | null)[];
}

/**
 * Step 7: the cost gate (an enhancement weighed by what it adds to the team's cost) and low-risk
 * mode's hold, weighed against the approval recorded for this spec.
 */
export async function weighApproval(run: GapRun, team: PlannedTeam): Promise<ApprovalHolds> {
  const { job, record, config } = run;
  const { spec, cost, hash, enhancement } = team;
  const approval = await run.deps.store.findApproval({ gapKey: run.gapKey, specHash: hash });
  const authors = [record.requester, ...record.specAuthors, ...(team.kept ? [] : [job.actor])];
  const approvedHash = approval?.specHash ?? null;
  const verdict = costGate({
    monthlyUsd: enhancement?.deltaUsd ?? cost.monthlyUsd,
    thresholdUsd: config.cost_threshold_usd,
    model: spec.model,
    priceKnown: isPriceKnown(spec.model, config.prices),
    specHash: hash,
    approvedHash,
    authors,
  });
  const lowRisk = lowRiskHold({
    source: run.source,
    monthlyUsd: cost.monthlyUsd,
    boundUsd: config.low_risk.max_monthly_usd,
    writeTools: writeToolsOf(spec.members),
  });
  return { cost: verdict.pass ? null : verdict.message, lowRisk, approvedHash, authors };
}

/**
 * Step 7b past shadow mode: low-risk holds a team its hold names until this spec is approved,
 * exactly as the cost gate holds one (the decision is audited as `mode.decided`). A held team waits
 * for `/approve-team`; one approval of the spec lifts both holds, so the comment gives every reason.
 */
export async function holdForApproval(
  run: GapRun,
  team: PlannedTeam,
  holds: ApprovalHolds,
): Promise<GapOutcome | null> {
  const { mode, journal } = run;
  const hold = holds.lowRisk;
  const { approvedHash, authors } = holds;
  const lowRisk =
    mode === "low-risk" ? lowRiskGate({ hold, specHash: team.hash, approvedHash, authors }) : PASS;
  const held = lowRisk.pass ? null : lowRisk.message;
  await journal.audit("mode.decided", {
    ...{ mode, source: run.source },
    verdict: held ? "hold" : mode === "low-risk" && hold ? "approved" : "pass",
    ...(mode === "low-risk" && hold && { reason: hold }),
  });
  if (!holds.cost && !held) return null;
  return reportAwaitingApproval(journal, {
    ...{ spec: team.spec, cost: team.cost, hash: team.hash },
    threshold: run.config.cost_threshold_usd,
    message: holds.cost ? `${held ? `${hold} ` : ""}${holds.cost}` : (held ?? ""),
    gate: holds.cost ? "cost" : "low-risk",
  });
}
