/**
 * GitHub's rate limits as rules, without I/O: which requests create content, how far apart an
 * installation's writes must be, what a rate-limit answer asks the app to wait, and when the
 * primary limit is too low to spend. The store keeps the shared state; `github/pace-github.ts`
 * does the waiting.
 */

/** At most `limit` content-creating requests of an installation in any `ms` (a sliding window). */
export interface WriteWindow {
  limit: number;
  ms: number;
}

export interface GitHubLimits {
  /** Windows every installation's content-creating requests fit, across replicas ([]: none). */
  writeWindows: WriteWindow[];
  /** Added to each window: the store's, the app's and GitHub's clocks and networks differ. */
  marginMs: number;
  /** Share of a primary limit kept in reserve: at or below it, requests wait for its reset. */
  primaryReserve: number;
  /** Retries of one request after rate-limit answers. */
  retries: number;
}

/** GitHub's secondary limits for content-creating requests: 80 a minute and 500 an hour. */
export const GITHUB_WRITE_WINDOWS: WriteWindow[] = [
  { limit: 80, ms: 60_000 },
  { limit: 500, ms: 3_600_000 },
];

/**
 * The margin for windows: 2.5% of the shortest, from 250 ms (a write may reach GitHub that much
 * after its grant) to 1.5 s.
 */
export function marginFor(windows: WriteWindow[]): number {
  const shortest = Math.min(...windows.map((w) => w.ms));
  return Number.isFinite(shortest) ? Math.min(1_500, Math.max(250, Math.ceil(shortest / 40))) : 0;
}

export function githubLimits(
  writeWindows: WriteWindow[] = GITHUB_WRITE_WINDOWS,
  marginMs = marginFor(writeWindows),
): GitHubLimits {
  return { writeWindows, marginMs, primaryReserve: 0.02, retries: 3 };
}

/**
 * The limits `TEAM_FACTORY_GITHUB_PACING` asks for, as the environment schema reads it: `on`
 * keeps GitHub's windows, `off` none (a GitHub Enterprise Server without secondary limits, the
 * simulator), or the windows themselves. Rate-limit answers are honoured and shared in every case.
 */
export function githubLimitsFor(pacing: "on" | "off" | WriteWindow[]): GitHubLimits {
  if (pacing === "on") return githubLimits();
  return githubLimits(pacing === "off" ? [] : pacing);
}

/**
 * The least time the windows allow for `writes` content-creating requests of one installation:
 * the first `limit` of a window go at once, each one past it waits for the window to slide.
 */
export function windowFloorMs(writes: number, windows: WriteWindow[]): number {
  return Math.max(0, ...windows.map((w) => Math.floor(Math.max(0, writes - 1) / w.limit) * w.ms));
}

/** A request as Octokit's hooks see it. */
export interface RequestShape {
  method?: string;
  url?: string;
  query?: unknown;
}

/**
 * Content-creating requests: REST writes to a repository and GraphQL mutations (GitHub's
 * secondary-limit guidance). Auth requests (`/app/...`) are not: they run inside other requests.
 */
export function isContentWrite(request: RequestShape): boolean {
  const method = (request.method ?? "GET").toUpperCase();
  if (isGraphql(request)) {
    return typeof request.query === "string" && /^\s*mutation\b/.test(request.query);
  }
  return method !== "GET" && method !== "HEAD" && (request.url ?? "").startsWith("/repos/");
}

/** GraphQL: `/graphql`, or on GitHub Enterprise Server the full URL of `/api/graphql`. */
export function isGraphql(request: RequestShape): boolean {
  const url = request.url ?? "";
  return url === "/graphql" || /^https?:\/\/[^/]+(\/api)?\/graphql$/.test(url);
}

/**
 * Writes that make the pull request (the publish mutation) go before the others of their
 * installation: 👀, progress comments, labels, 🚀 and answers never delay a PR's creation.
 */
export function writeGoesFirst(request: RequestShape & { priority?: string }): boolean {
  if (request.priority === "low") return false;
  return (
    typeof request.query === "string" && /^\s*mutation\s+TeamFactoryPublish\b/.test(request.query)
  );
}

/** The primary limit's resource a request counts against. */
export function resourceOf(request: RequestShape): string {
  return isGraphql(request) ? "graphql" : "core";
}

export type Headers = Record<string, string | number | undefined>;

/** What GitHub answered, as far as its limits go. */
export interface Answer {
  status: number;
  headers: Headers;
  message?: string;
  /** `type` of each GraphQL error (`RATE_LIMITED` on a primary limit). */
  graphqlErrorTypes?: string[];
}

/** A rate-limit answer: how long the installation must wait, and which limit said so. */
export interface LimitWait {
  limit: "secondary" | "primary";
  waitMs: number;
}

/** GitHub's advice when a secondary limit names no time: wait at least a minute. */
export const FALLBACK_WAIT_MS = 60_000;

const header = (headers: Headers, name: string) => {
  const value = headers[name];
  return value === undefined ? undefined : String(value);
};

/** Until `x-ratelimit-reset`, measured on GitHub's own clock (`date`) when it sent one. */
export function untilReset(headers: Headers, nowMs: number): number | null {
  const reset = Number(header(headers, "x-ratelimit-reset"));
  if (!Number.isFinite(reset) || reset <= 0) return null;
  const serverNow = Date.parse(header(headers, "date") ?? "");
  const from = Number.isFinite(serverNow) ? serverNow : nowMs;
  // One second more: `reset` and `date` are whole seconds, and the reset is what must be past.
  return Math.max(0, reset * 1000 - from) + 1_000;
}

/**
 * The wait a rate-limit answer asks for, or null when it is not one: a secondary limit waits
 * `retry-after`, else until `x-ratelimit-reset`, else a minute; a primary limit (no requests
 * remaining, or GraphQL's `RATE_LIMITED`) waits until its reset.
 */
export function rateLimitWait(answer: Answer, nowMs: number): LimitWait | null {
  const remaining = header(answer.headers, "x-ratelimit-remaining");
  const retryAfter = Number(header(answer.headers, "retry-after"));
  const limited = answer.status === 403 || answer.status === 429;
  if (
    limited &&
    (/secondary rate limit/i.test(answer.message ?? "") || (retryAfter > 0 && remaining !== "0"))
  ) {
    // GitHub's order: `retry-after`; else, with nothing remaining, the reset; else a minute.
    const reset = remaining === "0" ? untilReset(answer.headers, nowMs) : null;
    const waitMs = retryAfter > 0 ? retryAfter * 1000 : (reset ?? FALLBACK_WAIT_MS);
    return { limit: "secondary", waitMs };
  }
  if ((limited && remaining === "0") || answer.graphqlErrorTypes?.includes("RATE_LIMITED"))
    return { limit: "primary", waitMs: untilReset(answer.headers, nowMs) ?? FALLBACK_WAIT_MS };
  return null;
}

/** The primary limit of one resource as the last answer told it. */
export interface PrimaryBudget {
  limit: number;
  remaining: number;
  resetAtMs: number;
}

/** The budget an answer's `x-ratelimit-*` headers tell, or null when they tell none. */
export function primaryBudgetOf(headers: Headers, nowMs: number): PrimaryBudget | null {
  const limit = Number(header(headers, "x-ratelimit-limit"));
  const remaining = Number(header(headers, "x-ratelimit-remaining"));
  const wait = untilReset(headers, nowMs);
  if (!(limit > 0) || !Number.isFinite(remaining) || wait === null) return null;
  return { limit, remaining, resetAtMs: nowMs + wait };
}

/**
 * How long to hold a request so the primary limit is not spent to the last request: until the
 * reset when what remains is at or below the reserve, else 0.
 */
export function primaryHoldMs(
  budget: PrimaryBudget | undefined,
  reserve: number,
  nowMs: number,
): number {
  if (!budget || budget.resetAtMs <= nowMs) return 0;
  return budget.remaining <= Math.ceil(budget.limit * reserve) ? budget.resetAtMs - nowMs : 0;
}
