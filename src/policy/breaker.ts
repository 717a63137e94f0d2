/** What a breaker weighs by: a repository's `breaker:` settings, or the operator's. */
export interface BreakerThresholds {
  enabled: boolean;
  /** Trip when at least this many of the last `of_last_runs` runs failed. */
  failures: number;
  of_last_runs: number;
  /** Trip when the 30-day false-positive rate is above this over at least `min_decided` gaps. */
  false_positive_rate: number;
  min_decided: number;
}

/** What the breaker weighs for one scope, counted since its pause was last set or lifted. */
export interface BreakerCounts {
  /** The latest runs (at most `of_last_runs`) and how many of them failed. */
  runs: number;
  failed: number;
  /** Gaps decided in the last 30 days, and how many were false positives. */
  decided: number;
  falsePositives: number;
}

export type BreakerVerdict = { trip: false } | { trip: true; reason: string };

const pct = (rate: number) => `${Math.round(rate * 100)}%`;

/**
 * Trips when at least `failures` of the last `of_last_runs` runs failed, or when the 30-day
 * false-positive rate is above `false_positive_rate` over at least `min_decided` decided gaps.
 */
export function breakerVerdict(config: BreakerThresholds, counts: BreakerCounts): BreakerVerdict {
  if (!config.enabled) return { trip: false };
  if (counts.failed >= config.failures) {
    return {
      trip: true,
      reason: `${counts.failed} of the last ${counts.runs} runs failed (the limit is ${config.failures} of ${config.of_last_runs})`,
    };
  }
  const rate = counts.decided > 0 ? counts.falsePositives / counts.decided : 0;
  if (counts.decided >= config.min_decided && rate > config.false_positive_rate) {
    return {
      trip: true,
      reason: `${counts.falsePositives} of the last ${counts.decided} decided gaps were false positives (${pct(rate)}; the limit is ${pct(config.false_positive_rate)} over at least ${config.min_decided})`,
    };
  }
  return { trip: false };
}

/** What a breaker pauses: one repository, or every repository of the installation. */
export type BreakerScope = "repository" | "installation";

/**
 * The breakers a repository's run is weighed by: the installation's, only when the operator chose
 * it (with the operator's thresholds), then the repository's own, which its config tunes or turns
 * off and which pauses nothing beyond that repository.
 */
export function breakersFor<T extends BreakerThresholds>(params: {
  own: T;
  operator: { scope: BreakerScope; config: T };
}): { scope: BreakerScope; config: T }[] {
  const { own, operator } = params;
  const wide =
    operator.scope === "installation" ? [{ scope: operator.scope, config: operator.config }] : [];
  return [...wide, { scope: "repository", config: own }];
}

/** The actor a breaker's pause is recorded under (a resume by a maintainer lifts it). */
export const BREAKER_ACTOR = "team-factory-breaker";

/** What the dashboard issue (or the gap's issue) and the notification say when it trips. */
export function breakerMessage(params: {
  scope: "repository" | "installation";
  reason: string;
}): string {
  const what = params.scope === "installation" ? "this installation" : "this repository";
  return `Team Factory paused itself for ${what}: ${params.reason}. New requests are kept, not published. Check the failures (the issues' comments, the operator page), then comment \`/team-factory resume\` on any issue here to lift the pause; the breaker counts again from then.`;
}
