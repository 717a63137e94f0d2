import { approvalRequest } from "./cost-gate.ts";
import { PASS, refuse, type Verdict } from "./verdict.ts";

/**
 * Rollout modes (the plan's "enable for low-risk gaps only … gradually increase automation"):
 * `shadow` plans, estimates and records a gap up to its PR and writes nothing to GitHub;
 * `low-risk` opens a PR only for a cheap team whose tools only read, and holds the rest for
 * `/approve-team`; `full` opens every PR the other gates allow.
 */
export const ROLLOUT_MODES = ["shadow", "low-risk", "full"] as const;
export type RolloutMode = (typeof ROLLOUT_MODES)[number];

/** Where a gap comes from: a person (label, form, `/create-team`, approval) or the scan (tasks, signals). */
export const GAP_SOURCES = ["explicit", "detected"] as const;
export type GapSource = (typeof GAP_SOURCES)[number];

/** What a gap recorded by a shadow run says in its `reason`: the scan may raise it again later. */
export const SHADOW_REASON = "shadow mode";

const SOURCE_WORDS: Record<GapSource, string> = {
  explicit: "requests (labels, /create-team)",
  detected: "gaps the scan detects",
};

/**
 * A gap the scan raised is detected, and so is a pause's resume of one; every other trigger is a
 * person's request, an approval included.
 */
export function gapSource(trigger: string, firstTrigger: string | null): GapSource {
  if (trigger === "scan") return "detected";
  return trigger === "resume" && firstTrigger === "scan" ? "detected" : "explicit";
}

/** The mode a run goes by: a gap the scan handed over in shadow mode stays in shadow. */
export function rolloutModeOf(params: {
  modes: Record<GapSource, RolloutMode>;
  source: GapSource;
  /** The scan sent it as a shadow gap (nothing opened for it). */
  shadowJob: boolean;
}): RolloutMode {
  return params.shadowJob ? "shadow" : params.modes[params.source];
}

/**
 * Why `low-risk` holds a team, in one sentence; null when it is low-risk: estimated at most
 * `boundUsd` a month, and no tool of the catalogue that writes (create, send, post).
 */
export function lowRiskHold(params: {
  source: GapSource;
  monthlyUsd: number;
  boundUsd: number;
  writeTools: string[];
}): string | null {
  const over = params.monthlyUsd > params.boundUsd;
  if (!over && params.writeTools.length === 0) return null;
  const why = [
    params.writeTools.length
      ? `its tools write (${params.writeTools.map((t) => `\`${t}\``).join(", ")}; they start in dry run)`
      : null,
    over
      ? `its estimated cost, $${params.monthlyUsd.toFixed(2)}/month, is above the bound of $${params.boundUsd}/month (low_risk.max_monthly_usd)`
      : null,
  ].filter((w): w is string => w !== null);
  return `This repository's rollout mode for ${SOURCE_WORDS[params.source]} is low-risk (mode in .github/team-factory.yml): a PR opens without an approval only for a team whose tools only read and whose cost is at most $${params.boundUsd}/month. This one is held: ${why.join(", and ")}.`;
}

/** `low-risk`: a held team waits for an approval of this exact spec, as the cost gate's does. */
export function lowRiskGate(params: {
  hold: string | null;
  specHash: string;
  approvedHash: string | null;
  authors: (string | null)[];
}): Verdict {
  if (params.hold === null || params.approvedHash === params.specHash) return PASS;
  return refuse(`${params.hold} ${approvalRequest(params.specHash, params.authors)}`);
}
