export type FaultResponse =
  | { status: 502 | 500 | 503 }
  | { secondaryRateLimit: { retryAfterSeconds: number } }
  | { status: 422; message: string };

export interface FaultRule {
  /** REST operationId to match, e.g. `reactions/create-for-issue`. */
  operationId?: string;
  /** GraphQL root field to match, e.g. `createCommitOnBranch`. */
  graphqlField?: string;
  /** Fail the Nth matching call (1-based; default 1). */
  nth?: number;
  /** How many consecutive matching calls fail from the Nth on (default 1). */
  times?: number;
  respond: FaultResponse;
}

/**
 * Holds the answer of a matching call after the request ran (a mutation is applied) until
 * `until` resolves: the moment to kill the client or stop its database "right after" a step.
 */
export interface HoldRule {
  operationId?: string;
  graphqlField?: string;
  /** Hold the Nth matching call (1-based; default 1). */
  nth?: number;
  until: () => Promise<void>;
}

export interface Faults {
  setLatency(ms: number): void;
  add(rule: FaultRule): void;
  hold(rule: HoldRule): void;
  clear(): void;
}

type Call = { operationId?: string; graphqlFields?: string[] };

export interface FaultBox extends Faults {
  latency(): number;
  /** The fault for this call, if one fires; counts the call against every matching rule. */
  next(call: Call): FaultRule | null;
  /** What to wait for before answering this call (a hold), or null. */
  heldUntil(call: Call): Promise<void> | null;
}

const matches = (rule: { operationId?: string; graphqlField?: string }, call: Call) =>
  (rule.operationId !== undefined && rule.operationId === call.operationId) ||
  (rule.graphqlField !== undefined && (call.graphqlFields ?? []).includes(rule.graphqlField));

export const SECONDARY_RATE_LIMIT_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.";

export function createFaults(): FaultBox {
  let latency = 0;
  let rules: (FaultRule & { seen: number })[] = [];
  let holds: (HoldRule & { seen: number })[] = [];
  return {
    setLatency(ms) {
      latency = Math.max(0, ms);
    },
    add(rule) {
      rules.push({ ...rule, seen: 0 });
    },
    hold(rule) {
      holds.push({ ...rule, seen: 0 });
    },
    clear() {
      rules = [];
      holds = [];
      latency = 0;
    },
    heldUntil(call) {
      for (const rule of holds) {
        if (!matches(rule, call)) continue;
        rule.seen += 1;
        if (rule.seen === (rule.nth ?? 1)) return rule.until();
      }
      return null;
    },
    latency: () => latency,
    next(call) {
      let fired: FaultRule | null = null;
      for (const rule of rules) {
        if (!matches(rule, call)) continue;
        rule.seen += 1;
        const first = rule.nth ?? 1;
        if (rule.seen >= first && rule.seen < first + (rule.times ?? 1)) fired ??= rule;
      }
      return fired;
    },
  };
}

/** The HTTP answer GitHub gives for a fault. */
export function faultAnswer(fault: FaultResponse): {
  status: number;
  headers: Record<string, string>;
  body: unknown;
} {
  if ("secondaryRateLimit" in fault) {
    return {
      status: 403,
      headers: { "retry-after": String(fault.secondaryRateLimit.retryAfterSeconds) },
      body: {
        message: SECONDARY_RATE_LIMIT_MESSAGE,
        documentation_url:
          "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      },
    };
  }
  if (fault.status === 422) {
    return {
      status: 422,
      headers: {},
      body: { message: fault.message, documentation_url: "https://docs.github.com/rest" },
    };
  }
  return { status: fault.status, headers: {}, body: { message: "Server Error" } };
}
