import { PASS, refuse, type Verdict } from "./verdict.ts";

/** True when a team estimated at `monthlyUsd` needs a maintainer's `/approve-team`. */
export function isOverThreshold(monthlyUsd: number, thresholdUsd: number): boolean {
  return monthlyUsd > thresholdUsd;
}

/**
 * Above the threshold, or with a model whose price is unknown (fail closed: its cost cannot be
 * estimated), nothing is published until someone approved this exact spec hash (an approval of
 * an earlier spec does not count).
 */
export function costGate(params: {
  monthlyUsd: number;
  thresholdUsd: number;
  /** The spec's model and whether the price table knows it (by name or family). */
  model: string;
  priceKnown: boolean;
  specHash: string;
  approvedHash: string | null;
  /** Who asked for the team and who shaped its spec: none of them may approve it. */
  authors: (string | null)[];
}): Verdict {
  const over = isOverThreshold(params.monthlyUsd, params.thresholdUsd);
  if (params.priceKnown && !over) return PASS;
  if (params.approvedHash === params.specHash) return PASS;
  const why = params.priceKnown
    ? `The estimated cost, $${params.monthlyUsd.toFixed(2)}/month, is above this repository's limit of $${params.thresholdUsd}/month (cost_threshold_usd in .github/team-factory.yml).`
    : `The price of the model \`${params.model.replace(/`/g, "'")}\` is unknown: it is not in the price table, by name or family, so the team's cost cannot be estimated (the figure shown prices it as a dear model of its provider). Add it under \`prices\` in .github/team-factory.yml, or have it approved.`;
  return refuse(`${why} ${approvalRequest(params.specHash, params.authors)}`);
}

/** Who may approve a held spec and the exact comment that does it. */
export function approvalRequest(specHash: string, authors: (string | null)[]): string {
  const people = uniqueLogins(authors).map((a) => `@\u200b${a}`);
  const who = people.length ? ` other than ${people.join(", ")}` : "";
  return `A maintainer or admin${who} can approve this exact spec (sha256 \`${shortHash(specHash)}\`) by commenting \`/approve-team ${shortHash(specHash)}\`; nothing is published until then.`;
}

/** The part of a spec hash that people read and type (12 hex digits). */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

function uniqueLogins(logins: (string | null)[]): string[] {
  const seen = new Map<string, string>();
  for (const login of logins) if (login) seen.set(login.toLowerCase(), login);
  return [...seen.values()];
}

/**
 * An approval names the spec waiting for one (its hash, in full or the 12 digits shown), comes
 * from someone who neither asked for the team nor shaped its spec, and was written after the spec
 * was planned (an older comment, or a replay of one, approves nothing).
 */
export function checkApprover(params: {
  approver: string;
  /** The hash the comment names; null for a bare `/approve-team`. */
  named: string | null;
  writtenAt: string | null;
  gap: {
    state: string;
    specHash: string | null;
    requester: string | null;
    specAuthors: string[];
    plannedAt: string | null;
  } | null;
}): Verdict {
  const { gap } = params;
  if (gap?.state !== "awaiting-approval" || !gap.specHash) {
    return refuse(
      gap
        ? `The team for this issue is ${gap.state}, not waiting for an approval.`
        : "There is no planned team to approve on this issue.",
    );
  }
  const current = shortHash(gap.specHash);
  if (!params.named) {
    return refuse(
      `Name the spec you approve: comment \`/approve-team ${current}\` (the spec shown in the latest Team Factory comment).`,
    );
  }
  const named = params.named.toLowerCase();
  if (named.length < 12 || !gap.specHash.startsWith(named)) {
    return refuse(
      `\`${params.named.slice(0, 64)}\` is not the spec waiting for approval: it changed to \`${current}\`. Read the latest Team Factory comment, then comment \`/approve-team ${current}\`.`,
    );
  }
  const approver = params.approver.toLowerCase();
  if ([gap.requester, ...gap.specAuthors].some((a) => a?.toLowerCase() === approver)) {
    return refuse(
      "The person who asked for the team, or shaped its spec, cannot approve it; another maintainer or admin has to.",
    );
  }
  // GitHub's timestamps have whole seconds: a comment in the second of the planning counts.
  const plannedSecond = gap.plannedAt ? Math.floor(Date.parse(gap.plannedAt) / 1000) * 1000 : null;
  if (params.writtenAt && plannedSecond !== null && Date.parse(params.writtenAt) < plannedSecond) {
    return refuse(
      `This approval was written before the spec it would approve was planned; comment \`/approve-team ${current}\` again.`,
    );
  }
  return PASS;
}
