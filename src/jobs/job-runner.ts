import type { Store, StoredJob } from "../store/store.ts";
import type { JobLog } from "./job-log.ts";
import { createKeyedQueue } from "./keyed-queue.ts";
import { createLeaseKeeper } from "./lease-keeper.ts";

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

/** What a job ended with; `error` when it threw (it is retried until its attempts run out). */
export type JobEnd<O> = { kind: "done"; outcome: O } | { kind: "error"; message: string };

/** What `admit` decides before a job waits for its key: done already, or on with what it learned. */
export type Admission<O, A> = { done: O } | { admitted: A };

/** A dead replica's job is taken over within this many seconds (its lease is renewed while alive). */
export const DEFAULT_LEASE_SECONDS = 30;
const MAX_CONCURRENT = 8;

/**
 * Durable jobs over the store's queue, run one key (a repository) at a time and in order,
 * different keys side by side. A job is claimed only when it can start at once: at most
 * `maxConcurrent` here, and none of a key that has a job claimed here and not started. Every held job's
 * lease is renewed while it runs, and the store hands each gap to one worker at a time across
 * replicas. Finished jobs are not kept: `onEnd` sees each one once.
 */
export function createJobRunner<J, O, A = undefined>(params: {
  store: Pick<Store, "enqueueJob" | "claimJob" | "completeJob" | "failJob" | "renewJobLease">;
  /** This replica's name in job leases. */
  owner: string;
  /** The stored payload as a job, or null when it can never run (it is dropped). */
  parse(payload: unknown): J | null;
  /** Jobs with the same key run one after another. */
  keyOf(job: J): string;
  /**
   * Runs first, outside the per-key order and beside other jobs (e.g. a permission check that
   * refuses a flood without making anyone's real work wait behind it).
   */
  admit?(job: J): Promise<Admission<O, A>>;
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
  /** Called once when a job has failed its last attempt, as recorded in the store. */
  onGiveUp?(job: J, error: string): Promise<void>;
  /** Called after each run (the demo, tests and metrics read outcomes here). */
  onEnd?(job: J, end: JobEnd<O>): void;
  log: JobLog;
}): JobRunner<J> {
  const { store, owner, log } = params;
  const leaseSeconds = params.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const queue = createKeyedQueue();
  const leases = createLeaseKeeper({ store, owner, leaseSeconds, log });
  let draining: Promise<void> | null = null;
  let poll: NodeJS.Timeout | undefined;
  let stopped = false;
  const running = new Set<Promise<void>>();
  const deferred = new Set<Promise<void>>();
  /** The jobs this process holds now, by id (what `stop` gives back). */
  const held = new Map<number, StoredJob>();
  /** Keys with a job claimed here that has not started yet (admission, or behind another job). */
  const pending = new Map<string, number>();

  /** Runs a claimed job; `started` is called once it leaves its key's line (or ends before). */
  async function run(stored: StoredJob, job: J, started: () => void): Promise<void> {
    const signal = leases.hold(stored.id);
    const finish = async (outcome: O) => {
      await store.completeJob({ id: stored.id, owner });
      params.onEnd?.(job, { kind: "done", outcome });
      log.info({ jobId: stored.id, gapKey: stored.gapKey, outcome }, "job done");
    };
    try {
      let admitted: A | undefined;
      try {
        const admission = await params.admit?.(job);
        if (admission && "done" in admission) return await finish(admission.done);
        admitted = admission?.admitted;
      } catch (error) {
        return await failed(stored, job, error);
      }
      await queue.run(params.keyOf(job), async () => {
        started();
        try {
          await finish(await params.process(job, admitted, signal));
        } catch (error) {
          await failed(stored, job, error);
        }
      });
    } finally {
      started();
      leases.release(stored.id);
    }
  }

  async function failed(stored: StoredJob, job: J, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    params.onEnd?.(job, { kind: "error", message });
    const after = await store
      .failJob({
        id: stored.id,
        owner,
        error: message.slice(0, 2000),
        // 5 s, 10 s, 20 s, 40 s: a blip is over soon, a longer outage is waited out.
        retrySeconds: Math.min((params.retrySeconds ?? 5) * 2 ** (stored.attempts - 1), 300),
      })
      .catch((storeError) => {
        // Not recorded: the job keeps its lease until it runs out, then it is tried again.
        log.error({ jobId: stored.id, error: String(storeError) }, "job failure not recorded");
        return null;
      });
    log.warn({ jobId: stored.id, error: message, attempts: stored.attempts }, "job failed");
    // Given up only when the store says so: the job will never run again.
    if (after?.status === "failed") await params.onGiveUp?.(job, message).catch(() => undefined);
  }

  const max = params.maxConcurrent ?? MAX_CONCURRENT;
  /**
   * Claims only what starts now: at most `max` jobs, and no job of a key that already has one
   * claimed here and not started (so at most one waits behind a running job of its key, its lease
   * renewed); each job that starts or ends makes room for the next claim.
   */
  async function drainOnce(): Promise<void> {
    while (!stopped && running.size < max) {
      const stored = await store.claimJob({ owner, leaseSeconds, skipLanes: [...pending.keys()] });
      if (!stored) break;
      const job = params.parse(stored.payload);
      if (job === null) {
        log.error({ jobId: stored.id }, "stored job is not a valid job; dropping it");
        await store.failJob({ id: stored.id, owner, error: "invalid payload", giveUp: true });
        continue;
      }
      held.set(stored.id, stored);
      const key = params.keyOf(job);
      pending.set(key, (pending.get(key) ?? 0) + 1);
      let done = false;
      const started = () => {
        if (done) return;
        done = true;
        const left = (pending.get(key) ?? 1) - 1;
        if (left > 0) pending.set(key, left);
        else pending.delete(key);
        void runner.drain();
      };
      const task = run(stored, job, started).catch((error) =>
        log.error({ error: String(error) }, "job bookkeeping failed"),
      );
      running.add(task);
      void task.finally(() => {
        held.delete(stored.id);
        running.delete(task);
        void runner.drain();
      });
    }
  }

  const runner: JobRunner<J> = {
    async submit({ deliveryId, kind, gapKey, job }) {
      // Enqueueing records the delivery in the same transaction: a redelivery is not created.
      const { created } = await store.enqueueJob({
        deliveryId,
        kind,
        payload: job,
        gapKey,
        lane: params.keyOf(job),
      });
      if (!created) return "duplicate";
      void runner.drain();
      return "queued";
    },
    drain() {
      // One drain loop at a time; a submit during a drain starts another pass after it.
      const next = (draining ?? Promise.resolve()).then(drainOnce).catch((error) => {
        log.error({ error: String(error) }, "could not claim jobs from the store");
      });
      draining = next;
      return next;
    },
    async whenIdle() {
      for (;;) {
        const current = draining;
        await current;
        await Promise.all([...running, ...deferred]);
        if (draining === current && running.size === 0 && deferred.size === 0) return;
      }
    },
    start() {
      clearInterval(poll);
      const every = params.pollMs ?? Math.min((leaseSeconds * 1000) / 3, 10_000);
      poll = setInterval(() => void runner.drain(), every);
      poll.unref();
    },
    stopPolling() {
      stopped = true;
      clearInterval(poll);
      leases.stop();
    },
    async stop({ waitMs }) {
      stopped = true;
      clearInterval(poll);
      await Promise.race([
        Promise.all([...running]),
        new Promise((resolve) => setTimeout(resolve, waitMs).unref()),
      ]);
      leases.stop();
      const left = [...held.values()];
      for (const job of left) {
        await store
          .failJob({
            id: job.id,
            owner,
            error: "given back: this replica is stopping",
            retrySeconds: 0,
          })
          .catch((error) =>
            log.error({ jobId: job.id, error: String(error) }, "could not give a job back"),
          );
      }
      return left.length;
    },
    defer(work) {
      const settled = work.then(
        () => undefined,
        (error) => log.warn({ error: String(error) }, "deferred work failed"),
      );
      deferred.add(settled);
      void settled.finally(() => deferred.delete(settled));
    },
  };
  return runner;
}
