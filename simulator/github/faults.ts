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

export interface Faults {
  setLatency(ms: number): void;
  add(rule: FaultRule): void;
  clear(): void;
}

export interface FaultBox extends Faults {
  latency(): number;
  /** The fault for this call, if one fires; counts the call against every matching rule. */
  next(call: { operationId?: string; graphqlFields?: string[] }): FaultRule | null;
}

export const SECONDARY_RATE_LIMIT_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.";

export function createFaults(): FaultBox {
  let latency = 0;
  let rules: (FaultRule & { seen: number })[] = [];
  return {
    setLatency(ms) {
      latency = Math.max(0, ms);
    },
    add(rule) {
      rules.push({ ...rule, seen: 0 });
    },
    clear() {
      rules = [];
      latency = 0;
    },
    latency: () => latency,
    next(call) {
      let fired: FaultRule | null = null;
      for (const rule of rules) {
        const matches =
          (rule.operationId !== undefined && rule.operationId === call.operationId) ||
          (rule.graphqlField !== undefined &&
            (call.graphqlFields ?? []).includes(rule.graphqlField));
        if (!matches) continue;
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
