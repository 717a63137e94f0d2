import { SECONDARY_RATE_LIMIT_MESSAGE } from "./faults.ts";

/** At most `limit` requests in any `ms` milliseconds (a sliding window). */
export interface Window {
  limit: number;
  ms: number;
}

/**
 * GitHub's limits per installation, off until set. `secondary`: content-creating requests (REST
 * writes under `/repos/`, GraphQL mutations) across every caller of the installation, each window
 * sliding (GitHub: 80 a minute, 500 an hour); past one, 403 with `retry-after`. `primary`:
 * requests per resource (`core`, `graphql`) in a fixed window that starts at the first request
 * (GitHub: 5,000 an hour); every installation's answer carries `x-ratelimit-*`, and past it REST
 * answers 403 and GraphQL a `RATE_LIMITED` error.
 */
export interface RateLimitSettings {
  secondary?: Window[];
  primary?: Window;
}

export interface RateLimitStats {
  /** 403 answers for a secondary limit (not the ones `faults` injects). */
  secondaryAnswers: number;
  /** Answers past the primary limit. */
  primaryAnswers: number;
  /** Arrival times (ms) of the content-creating requests let through, per installation. */
  writes: Map<number, number[]>;
}

export interface RateLimits {
  set(settings: RateLimitSettings): void;
  stats(): RateLimitStats;
  /** Forgets every count (the settings stay). */
  reset(): void;
}

/** What one request meets: headers to add, and an answer that replaces the real one. */
export interface LimitVerdict {
  headers: Record<string, string>;
  /** GraphQL's primary-limit answer is a 200 with a `RATE_LIMITED` error, as GitHub's. */
  answer: { status: number; headers: Record<string, string>; body: unknown } | null;
}

export interface RateLimitBox extends RateLimits {
  /** Counts a request of `installationId` arriving at `now` and says what it meets. */
  check(call: {
    installationId: number;
    write: boolean;
    graphql: boolean;
    now: number;
  }): LimitVerdict;
}

const DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";

export function createRateLimits(): RateLimitBox {
  let settings: RateLimitSettings = {};
  let secondaryAnswers = 0;
  let primaryAnswers = 0;
  let writes = new Map<number, number[]>();
  let used = new Map<string, { start: number; used: number }>();
  const longest = () => Math.max(0, ...(settings.secondary ?? []).map((w) => w.ms));

  function secondary(installationId: number, now: number): LimitVerdict["answer"] {
    const times = writes.get(installationId) ?? [];
    const keep = now - longest();
    while (times.length && (times[0] ?? 0) <= keep) times.shift();
    let waitMs = 0;
    for (const w of settings.secondary ?? []) {
      const inWindow = times.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.limit)
        waitMs = Math.max(waitMs, (inWindow[inWindow.length - w.limit] ?? now) + w.ms - now);
    }
    if (waitMs > 0) {
      secondaryAnswers += 1;
      return {
        status: 403,
        headers: { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) },
        body: {
          message: SECONDARY_RATE_LIMIT_MESSAGE,
          documentation_url: `${DOCS}#about-secondary-rate-limits`,
        },
      };
    }
    times.push(now);
    writes.set(installationId, times);
    return null;
  }

  return {
    set(next) {
      settings = next;
    },
    stats: () => ({
      secondaryAnswers,
      primaryAnswers,
      writes: new Map([...writes].map(([k, v]) => [k, [...v]])),
    }),
    reset() {
      secondaryAnswers = 0;
      primaryAnswers = 0;
      writes = new Map();
      used = new Map();
    },
    check({ installationId, write, graphql, now }) {
      const headers: Record<string, string> = {};
      const primary = settings.primary;
      if (primary) {
        const resource = graphql ? "graphql" : "core";
        const key = `${installationId}:${resource}`;
        let count = used.get(key);
        if (!count || now >= count.start + primary.ms) count = { start: now, used: 0 };
        used.set(key, count);
        const exhausted = count.used >= primary.limit;
        if (!exhausted) count.used += 1;
        Object.assign(headers, {
          "x-ratelimit-limit": String(primary.limit),
          "x-ratelimit-remaining": String(Math.max(0, primary.limit - count.used)),
          "x-ratelimit-reset": String(Math.ceil((count.start + primary.ms) / 1000)),
          "x-ratelimit-used": String(count.used),
          "x-ratelimit-resource": resource,
        });
        if (exhausted) {
          primaryAnswers += 1;
          const message = `API rate limit exceeded for installation ID ${installationId}.`;
          return graphql
            ? {
                headers,
                answer: {
                  status: 200,
                  headers,
                  body: { errors: [{ type: "RATE_LIMITED", message }] },
                },
              }
            : {
                headers,
                answer: { status: 403, headers, body: { message, documentation_url: DOCS } },
              };
        }
      }
      const refused = write && settings.secondary?.length ? secondary(installationId, now) : null;
      return {
        headers,
        answer: refused && { ...refused, headers: { ...headers, ...refused.headers } },
      };
    },
  };
}
