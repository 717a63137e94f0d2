/** What other systems report about a capability they lack (a row of `gap_signals`). */

export const SIGNAL_KINDS = ["unhandled-request", "task-failed"] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** One signal as it is recorded: fields checked, the skill normalized as the scan compares it. */
export interface GapSignal {
  /** The client's id: the same id for the same repository is the same signal (a replay). */
  id: string;
  /** `owner/name`, the repository whose scan weighs it. */
  repository: string;
  kind: SignalKind;
  skill: string;
  /** The system that reported it (a router, a worker, a queue). */
  source: string;
  detail: string;
  /** ISO 8601 with its offset. */
  occurred_at: string;
}

/** What the scan found for one skill in a repository's signals and failing tasks. */
export interface SignalEvidence {
  windowDays: number;
  /** All of them: unhandled + failedSignals + failedTasks. */
  total: number;
  /** `unhandled-request` signals. */
  unhandled: number;
  /** `task-failed` signals. */
  failedSignals: number;
  /** Blocked or cancelled tasks of the repository's projects with a reason. */
  failedTasks: number;
  firstSeen: string;
  lastSeen: string;
  /** The latest three, newest first (untrusted text). */
  samples: { kind: SignalKind; source: string; detail: string; occurredAt: string }[];
}
