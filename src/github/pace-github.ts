import type { JobLog } from "../jobs/job-log.ts";
import { createKeyedQueue } from "../jobs/keyed-queue.ts";
import {
  type Answer,
  type GitHubLimits,
  isContentWrite,
  type PrimaryBudget,
  primaryBudgetOf,
  primaryHoldMs,
  rateLimitWait,
  resourceOf,
  writeGoesFirst,
} from "../policy/github-limits.ts";
import type { GitHubBudgetStore } from "../store/github-budget-calls.ts";

interface RequestOptions {
  method?: string;
  url?: string;
  query?: unknown;
  request?: { priority?: string };
  [key: string]: unknown;
}
interface Response {
  status: number;
  headers: Record<string, string | number | undefined>;
  data?: unknown;
}
type Request = (options: RequestOptions) => Promise<Response>;
// biome-ignore lint/suspicious/noExplicitAny: Octokit's hook types are generic over every endpoint
export type HookableOctokit = { hook: { wrap(name: "request", wrapper: any): void } };

/** GitHub's limits kept on every installation client of this process. */
export interface GitHubPacing {
  pace(octokit: HookableOctokit, installationId: number): void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Keeps an installation's requests inside GitHub's limits, with the shared state in the store:
 * - content-creating requests go one at a time per installation in this process (the publish
 *   mutation before 👀, progress, labels and answers), each at a time the store grants so that
 *   the installation's windows hold across every replica;
 * - a rate-limit answer (`retry-after`, `x-ratelimit-reset`) pauses the installation's writes on
 *   every replica, and the request is sent again once the pause is over;
 * - reads stay parallel; the `x-ratelimit-*` headers of every answer say what is left of the
 *   primary limit, and requests wait for the reset rather than spend its reserve.
 * The waits are real time (a test's fast `sleep` does not shorten them).
 */
export function createGitHubPacing(params: {
  budget: GitHubBudgetStore;
  limits: GitHubLimits;
  log: JobLog;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): GitHubPacing {
  const { budget, limits, log } = params;
  const now = params.now ?? Date.now;
  const sleep = params.sleep ?? realSleep;
  const writes = createKeyedQueue();
  const primary = new Map<string, PrimaryBudget>();
  /** Per installation: the end of the last pause recorded from this process (not recorded twice). */
  const paused = new Map<number, number>();

  async function pause(installationId: number, waitMs: number, reason: string): Promise<void> {
    const until = now() + waitMs;
    if ((paused.get(installationId) ?? 0) >= until - 1_000) return;
    paused.set(installationId, until);
    await budget.pauseGitHub({ installationId, ms: waitMs, reason }).catch((error: unknown) => {
      log.error(
        { installationId, error: String(error) },
        "GitHub pause not shared: the store did not answer; this replica waits on its own",
      );
    });
  }

  /** Waits for a grant of the store that still stands when its time comes; returns its id. */
  async function grant(installationId: number): Promise<number> {
    for (;;) {
      const own = (paused.get(installationId) ?? 0) - now();
      if (own > 0) await sleep(own);
      const slot = await budget.takeGitHubWrite({
        installationId,
        windows: limits.writeWindows,
        marginMs: limits.marginMs,
      });
      if (slot.waitMs <= 0) return slot.id;
      await sleep(slot.waitMs);
      if (await budget.confirmGitHubWrite({ id: slot.id })) return slot.id;
    }
  }

  /** The write was answered: from now on it counts from now (not awaited: nothing waits on it). */
  function done(id: number): void {
    budget.githubWriteDone({ id }).catch((error: unknown) => {
      log.warn({ error: String(error) }, "GitHub write not marked answered in the store");
    });
  }

  async function holdForPrimary(installationId: number, resource: string): Promise<void> {
    const holdMs = primaryHoldMs(
      primary.get(`${installationId}:${resource}`),
      limits.primaryReserve,
      now(),
    );
    if (holdMs > 0) await sleep(holdMs);
  }

  /** Learns the primary limit from an answer; at its reserve, the writes pause on every replica. */
  async function observe(installationId: number, resource: string, answer: Answer) {
    const known = primaryBudgetOf(answer.headers, now());
    if (!known) return;
    primary.set(`${installationId}:${resource}`, known);
    const holdMs = primaryHoldMs(known, limits.primaryReserve, now());
    if (holdMs > 0) await pause(installationId, holdMs, `primary (${resource})`);
  }

  async function send(
    request: Request,
    options: RequestOptions,
    installationId: number,
    write: boolean,
  ): Promise<Response> {
    const resource = resourceOf(options);
    for (let attempt = 0; ; attempt++) {
      await holdForPrimary(installationId, resource);
      const granted = write ? await grant(installationId) : null;
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await request(options);
      } catch (error) {
        failure = error;
      }
      if (granted !== null) done(granted);
      const answer = answerOf(response, failure);
      await observe(installationId, resource, answer);
      const wait = rateLimitWait(answer, now());
      if (!wait || attempt >= limits.retries) {
        if (failure !== undefined) throw failure;
        return response as Response;
      }
      log.warn(
        {
          installationId,
          limit: wait.limit,
          waitMs: wait.waitMs,
          request: `${options.method} ${options.url}`,
        },
        "GitHub rate limit: this installation's writes pause on every replica, then the request is sent again",
      );
      await pause(installationId, wait.waitMs, wait.limit);
      if (!write) await sleep(wait.waitMs);
    }
  }

  return {
    pace(octokit, installationId) {
      octokit.hook.wrap("request", (request: Request, options: RequestOptions) => {
        const shape = { ...options, priority: options.request?.priority };
        if (!isContentWrite(shape)) return send(request, options, installationId, false);
        return writes.run(
          `installation:${installationId}`,
          () => send(request, options, installationId, true),
          { low: !writeGoesFirst(shape) },
        );
      });
    },
  };
}

/** What the pacing reads of an answer or an Octokit error. */
function answerOf(response: Response | undefined, failure: unknown): Answer {
  const error = failure as
    | {
        status?: number;
        message?: string;
        response?: { headers?: Answer["headers"]; data?: unknown };
      }
    | undefined;
  const source = response ?? error?.response;
  const data = (source?.data ?? {}) as { message?: unknown; errors?: { type?: unknown }[] };
  return {
    status: response?.status ?? error?.status ?? 0,
    headers: source?.headers ?? {},
    message: typeof data.message === "string" ? data.message : error?.message,
    graphqlErrorTypes: Array.isArray(data.errors) ? data.errors.map((e) => String(e?.type)) : [],
  };
}
