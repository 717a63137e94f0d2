import { PASS, refuse, type Verdict } from "./verdict.ts";

/** True when a team estimated at `monthlyUsd` needs a maintainer's `/approve-team`. */
export function isOverThreshold(monthlyUsd: number, thresholdUsd: number): boolean {
  return monthlyUsd > thresholdUsd;
}

/**
 * Above the threshold nothing is published until someone approved this exact spec hash (an
 * approval of an earlier spec does not count).
 */
export function costGate(params: {
  monthlyUsd: number;
  thresholdUsd: number;
  specHash: string;
  approvedHash: string | null;
  requester: string | null;
}): Verdict {
  if (!isOverThreshold(params.monthlyUsd, params.thresholdUsd)) return PASS;
  if (params.approvedHash === params.specHash) return PASS;
  const who = params.requester ? ` other than @${params.requester}` : "";
  return refuse(
    `The estimated cost, $${params.monthlyUsd.toFixed(2)}/month, is above this repository's limit of $${params.thresholdUsd}/month (cost_threshold_usd in .github/team-factory.yml). A maintainer or admin${who} can approve this exact spec by commenting \`/approve-team\`; nothing is published until then.`,
  );
}

/** An approval needs a spec waiting for one, from someone other than the requester. */
export function checkApprover(params: {
  approver: string;
  requester: string | null;
  state: string | null;
  specHash: string | null;
}): Verdict {
  if (params.requester && params.requester.toLowerCase() === params.approver.toLowerCase()) {
    return refuse(
      "The person who asked for the team cannot approve it; another maintainer or admin has to.",
    );
  }
  if (params.state !== "awaiting-approval" || !params.specHash) {
    return refuse(
      params.state
        ? `The team for this issue is ${params.state}, not waiting for an approval.`
        : "There is no planned team to approve on this issue.",
    );
  }
  return PASS;
}
