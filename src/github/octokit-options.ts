import { ProbotOctokit } from "probot";
import { githubLimitsFor, type WriteWindow } from "../policy/github-limits.ts";
import { retryRequests } from "./retry-requests.ts";

/**
 * Probot's Octokit with Octokit's own throttling off: its limiter lives in one process (three
 * replicas would send three times an installation's rate, and a `retry-after` one of them sees
 * would not stop the others) and it queues GraphQL reads with the writes. Team Factory paces each
 * installation's requests itself, with the shared state in the store (`github/pace-github.ts`,
 * wired in `compose.ts`), and sends a rate-limited request again there. Other failed answers are
 * retried by `retryRequests` (in place of @octokit/plugin-retry), which fails at once when GitHub
 * cannot be reached at all. The options are forced over the ones Probot sets per instance, so
 * every installation client gets them.
 */
export const TeamFactoryOctokit = ProbotOctokit.plugin(retryRequests).defaults(
  (instanceOptions: Record<string, unknown>) => ({
    ...instanceOptions,
    retry: { ...(instanceOptions.retry as object | undefined), enabled: false },
    throttle: { ...(instanceOptions.throttle as object | undefined), enabled: false },
  }),
) as typeof ProbotOctokit;

/**
 * The same with millisecond back-off for Octokit's retries of server errors: for tests, the bench
 * and the demo, where the simulator is the server.
 */
export const UnpacedTeamFactoryOctokit = TeamFactoryOctokit.defaults(
  (instanceOptions: Record<string, unknown>) => ({
    ...instanceOptions,
    retry: { ...(instanceOptions.retry as object | undefined), retryAfterBaseValue: 1 },
  }),
) as typeof ProbotOctokit;

/**
 * The client `TEAM_FACTORY_GITHUB_PACING` asks for (`on`, `off` or windows, as the environment
 * schema reads it): `off` is the simulator's or a GitHub Enterprise Server's, with fast retries.
 */
export function octokitForPacing(pacing: "on" | "off" | WriteWindow[]): typeof ProbotOctokit {
  return githubLimitsFor(pacing).writeWindows.length
    ? TeamFactoryOctokit
    : UnpacedTeamFactoryOctokit;
}
