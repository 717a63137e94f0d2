/** What a job ended with: the pipeline answers each job with one of these, the observer reads it. */
export type GapOutcome =
  | { kind: "ignored"; reason: string }
  | { kind: "refused"; reason: string }
  | { kind: "invalid-config"; message: string }
  | { kind: "rejected"; reason: string }
  | { kind: "enhance"; team: string; reason: string }
  | { kind: "dry-run"; files: number }
  /** Shadow mode: planned and recorded; a full run would have opened the PR, or held it. */
  | { kind: "shadow"; team: string; verdict: "would-open" | "would-hold" }
  | { kind: "paused" }
  | { kind: "awaiting-approval"; monthlyUsd: number }
  | { kind: "daily-limit"; remaining: number; limit: number }
  | { kind: "pr"; prNumber: number; prUrl: string; created: boolean; verified: boolean }
  | { kind: "labelled"; prNumber: number }
  /**
   * `app`: the app's own failure (GitHub, the store, a bug), which the circuit breaker counts;
   * `request`: a refusal the request provoked (the path check), which it never counts.
   */
  | { kind: "failed"; reason: string; cause: "app" | "request" }
  | { kind: "pull-request"; outcome: "merged" | "rejected" | "reopened"; prNumber: number }
  | { kind: "nothing-to-change"; team: string }
  | { kind: "control"; paused: boolean };
