import { ProbotOctokit } from "probot";
import { retryRequests } from "./retry-requests.ts";

interface RetryOptions {
  method?: string;
  url?: string;
  request?: { retryCount?: number };
}

/** Retries allowed after a (secondary) rate limit answer. */
export const RATE_LIMIT_RETRIES = 3;

/**
 * Probot's Octokit with rate limits retried: a 403 secondary rate limit waits `retry-after` and
 * retries (Probot's default only logs it), up to RATE_LIMIT_RETRIES times. Other failed answers
 * are retried by `retryRequests` (in place of @octokit/plugin-retry), which fails at once when
 * GitHub cannot be reached at all. The options are forced over the ones Probot sets per
 * instance, so every installation client gets them.
 */
export const TeamFactoryOctokit = ProbotOctokit.plugin(retryRequests).defaults(
  (instanceOptions: Record<string, unknown>) => {
    const retry = (
      _retryAfter: number,
      options: RetryOptions,
      _octokit: unknown,
      retryCount: number,
    ) => (retryCount ?? options.request?.retryCount ?? 0) < RATE_LIMIT_RETRIES;
    return {
      ...instanceOptions,
      retry: { ...(instanceOptions.retry as object | undefined), enabled: false },
      throttle: {
        ...(instanceOptions.throttle as Record<string, unknown> | undefined),
        onSecondaryRateLimit: retry,
        onRateLimit: retry,
      },
    };
  },
) as typeof ProbotOctokit;

/**
 * The same client without GitHub's write spacing (one write a second, comments three seconds
 * apart) and with millisecond retry back-off: for tests, the bench and the demo, where the
 * simulator is the server. Rate-limit answers are still retried, after `retry-after`.
 */
export const UnpacedTeamFactoryOctokit = TeamFactoryOctokit.defaults(
  (instanceOptions: Record<string, unknown>) => ({
    ...instanceOptions,
    // Forced over whatever Probot passes, like the options above.
    throttle: { ...(instanceOptions.throttle as object | undefined), enabled: false },
    retry: { ...(instanceOptions.retry as object | undefined), retryAfterBaseValue: 1 },
  }),
) as typeof ProbotOctokit;

/**
 * The client `TEAM_FACTORY_GITHUB_PACING` asks for: `on` (the default, GitHub's guidance) or `off`
 * (a GitHub Enterprise Server without secondary limits, or the simulator). Anything else throws,
 * naming the variable.
 */
export function octokitForPacing(value: string | undefined): typeof ProbotOctokit {
  const pacing = (value ?? "on").trim().toLowerCase() || "on";
  if (pacing === "on") return TeamFactoryOctokit;
  if (pacing === "off") return UnpacedTeamFactoryOctokit;
  throw new Error(
    `TEAM_FACTORY_GITHUB_PACING must be on or off (got ${JSON.stringify(value?.slice(0, 40))})`,
  );
}
