import type { Approval, PauseStatus } from "./store.ts";
import { StoreError } from "./store-error.ts";

/** A collaborator's permission on the repository, as GitHub reports it. */
export type RepoPermission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

/** Only maintainers and admins may approve a costly team or pause/resume the app. */
export function isMaintainer(permission: RepoPermission): boolean {
  return permission === "admin" || permission === "maintain";
}

export type GateVerdict = { pass: true } | { pass: false; message: string };

/**
 * The cost gate: above the threshold nothing is published until someone approved this exact spec
 * hash (an approval of an earlier spec does not count).
 */
export function costGate(params: {
  monthlyUsd: number;
  thresholdUsd: number;
  specHash: string;
  approval: Approval | null;
  requester: string | null;
}): GateVerdict {
  if (params.monthlyUsd <= params.thresholdUsd) return { pass: true };
  if (params.approval && params.approval.specHash === params.specHash) return { pass: true };
  const who = params.requester ? ` other than @${params.requester}` : "";
  return {
    pass: false,
    message: `The estimated cost, $${params.monthlyUsd.toFixed(2)}/month, is above this repository's limit of $${params.thresholdUsd}/month (cost_threshold_usd in .github/team-factory.yml). A maintainer or admin${who} can approve this exact spec by commenting \`/approve-team\`; nothing is published until then.`,
  };
}

/**
 * Whether `approver` may approve: maintain/admin permission, not the requester, and the gap must
 * be waiting for an approval of a known spec.
 */
export function checkApprover(params: {
  approver: string;
  permission: RepoPermission;
  requester: string | null;
  state: string;
  specHash: string | null;
}): GateVerdict {
  if (!isMaintainer(params.permission)) {
    return {
      pass: false,
      message: `@${params.approver} has ${params.permission} permission; approving a team needs maintain or admin.`,
    };
  }
  if (params.requester && params.requester.toLowerCase() === params.approver.toLowerCase()) {
    return {
      pass: false,
      message:
        "The person who asked for the team cannot approve it; another maintainer or admin has to.",
    };
  }
  if (params.state !== "awaiting-approval" || !params.specHash) {
    return {
      pass: false,
      message: `The team for this issue is ${params.state}, not waiting for an approval.`,
    };
  }
  return { pass: true };
}

/** Who may pause or resume, and what to answer. */
export function checkPauseCommand(params: {
  actor: string;
  permission: RepoPermission;
  pause: boolean;
}): GateVerdict {
  if (isMaintainer(params.permission)) return { pass: true };
  return {
    pass: false,
    message: `@${params.actor} has ${params.permission} permission; \`/team-factory ${params.pause ? "pause" : "resume"}\` needs maintain or admin.`,
  };
}

/** While paused, triggers are acknowledged and queued, not published. */
export function pauseGate(status: PauseStatus): GateVerdict {
  if (!status.paused) return { pass: true };
  const what =
    status.scope === "installation"
      ? "Team Factory is paused for this installation"
      : "Team Factory is paused for this repository";
  return {
    pass: false,
    message: `${what} (by @${status.actor} at ${status.changedAt}). The request is recorded and will be picked up after a maintainer comments \`/team-factory resume\`.`,
  };
}

/**
 * Fail closed: any store error stops the run before anything is published; this is the comment
 * that says why. Refusals by a store function carry their own message and hint.
 */
export function storeFailureComment(error: unknown): string {
  if (error instanceof StoreError && !error.unreachable) {
    return `Team Factory stopped: its database refused a step (${error.message}${error.hint ? ` — ${error.hint}` : ""}). Nothing was created.`;
  }
  return "Team Factory could not reach its database, so nothing was created: every limit, approval and audit record lives there, and it will not publish without them. Re-add the label or comment `/create-team` once the store is back; an operator can check the app's logs and `DATABASE_URL` / `SUPABASE_URL`.";
}
