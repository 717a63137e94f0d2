import type { Store } from "../store/store.ts";
import type { JobLog } from "./job-log.ts";

/** A job as submitted: its payload and how it is recorded. */
export interface JobSubmission<J> {
  deliveryId: string;
  kind: string;
  gapKey: string | null;
  job: J;
}

export interface JobRunner<J> {
  /**
   * Records the delivery and the job durably, then returns: the work runs after the webhook is
   * answered. A redelivery of the same delivery id is recognised and dropped.
   */
  submit(submission: JobSubmission<J>): Promise<"queued" | "duplicate">;
  /** Claims and runs queued jobs (also those a dead replica left behind once their lease ends). */
  drain(): Promise<void>;
  /** Resolves when nothing is queued or running in this process, deferred work included. */
  whenIdle(): Promise<void>;
  /** Work a job started but does not wait for (a rationed answer); `whenIdle` waits for it. */
  defer(work: Promise<unknown>): void;
  /** Looks for due jobs every `pollMs` (a retry that came due, a dead replica's job). */
  start(): void;
  /**
   * Claims nothing more, stops polling and renewing leases: jobs still running here can be taken
   * over by another replica once their leases end (a test's dead replica; the end of a process).
   */
  stopPolling(): void;
  /**
   * The end of a replica: polls and claims nothing more, waits up to `waitMs` for the running
   * jobs, then gives the others back to the queue (another replica takes them at once). Resolves
   * with how many were given back.
   */
  stop(params: { waitMs: number }): Promise<number>;
}

/**
 * What a job ended with; `error` when it threw (it is retried until its attempts run out), with
 * what could not be reached when that was the cause ("GitHub").
 */
export type JobEnd<O> =
  | { kind: "done"; outcome: O }
  | { kind: "error"; message: string; unreachable?: string };

/** What `admit` decides before a job waits for its key: done already, or on with what it learned. */
export type AdmitDecision<O, A> = { done: O } | { admitted: A };

/** What the runner is made of: the store's queue, the job's parsing, admission and processing. */
export interface JobRunnerParams<J, O, A> {
  store: Pick<Store, "enqueueJob" | "claimJob" | "completeJob" | "failJob" | "renewJobLease">;
  /** This replica's name in job leases. */
  owner: string;
  /** The stored payload as a job, or null when it can never run (it is dropped). */
  parse(payload: unknown): J | null;
  /** Jobs with the same key run one after another. */
  keyOf(job: J): string;
  /** The job's installation: claims take installations in turn (null: a group of its own). */
  installationOf?(job: J): number | null;
  /** Jobs of one installation running at once across replicas (default: no cap). */
  maxPerInstallation?: number;
  /**
   * Runs first, outside the per-key order and beside other jobs (e.g. a permission check that
   * refuses a flood without making anyone's real work wait behind it).
   */
  admit?(job: J): Promise<AdmitDecision<O, A>>;
  /** `signal` aborts when the job's lease may have passed to another worker: publish nothing then. */
  process(job: J, admitted: A | undefined, signal: AbortSignal): Promise<O>;
  /** Jobs running at once in this process (default 8); more are left queued in the store. */
  maxConcurrent?: number;
  /** Seconds of each lease (default 30); renewed every third of it while the job runs. */
  leaseSeconds?: number;
  /** How often `start()` looks for due jobs (default a third of the lease, at most 10 s). */
  pollMs?: number;
  /** Seconds before a failed job is tried again the first time (default 5), doubling each time. */
  retrySeconds?: number;
  /**
   * The same when the job could not reach what it needs (default 60): an outage is waited out
   * over some ten minutes before the job gives up.
   */
  unreachableRetrySeconds?: number;
  /** What `error` says could not be reached ("GitHub"), or null. */
  unreachable?(error: unknown): string | null;
  /** Fields that name a job in the log (its repository, its issue, the webhook's delivery id). */
  describe?(job: J): { repo?: string; deliveryId?: string } & Record<string, unknown>;
  /** Called once when a job has failed its last attempt, as recorded in the store. */
  onGiveUp?(job: J, error: string): Promise<void>;
  /** Called after each run (the demo, tests and metrics read outcomes here). */
  onEnd?(job: J, end: JobEnd<O>): void;
  log: JobLog;
}
