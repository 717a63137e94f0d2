import type { Store, StoredJob } from "../store/store.ts";
import { createKeyedQueue } from "./keyed-queue.ts";

export interface JobLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

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
  /** Resolves when nothing is queued or running in this process. */
  whenIdle(): Promise<void>;
}

/** What a job ended with; `error` when it threw (it is retried until its attempts run out). */
export type JobEnd<O> = { kind: "done"; outcome: O } | { kind: "error"; message: string };

const LEASE_SECONDS = 600;

/**
 * Durable jobs over the store's queue, run one key (a repository) at a time and in order,
 * different keys side by side. Finished jobs are not kept: `onEnd` sees each one once.
 */
export function createJobRunner<J, O>(params: {
  store: Pick<Store, "enqueueJob" | "claimJob" | "completeJob" | "failJob">;
  /** This replica's name in job leases. */
  owner: string;
  /** The stored payload as a job, or null when it can never run (it is dropped). */
  parse(payload: unknown): J | null;
  /** Jobs with the same key run one after another. */
  keyOf(job: J): string;
  process(job: J): Promise<O>;
  /** Called once when a job has failed its last attempt (e.g. to tell the issue). */
  onGiveUp?(job: J, error: string): Promise<void>;
  /** Called after each run (the demo, tests and metrics read outcomes here). */
  onEnd?(job: J, end: JobEnd<O>): void;
  log: JobLog;
}): JobRunner<J> {
  const { store, owner, log } = params;
  const queue = createKeyedQueue();
  let draining: Promise<void> | null = null;
  const running = new Set<Promise<void>>();

  async function run(stored: StoredJob): Promise<void> {
    const job = params.parse(stored.payload);
    if (job === null) {
      log.error({ jobId: stored.id }, "stored job is not a valid job; dropping it");
      await store.failJob({ id: stored.id, owner, error: "invalid payload", giveUp: true });
      return;
    }
    await queue.run(params.keyOf(job), async () => {
      try {
        const outcome = await params.process(job);
        await store.completeJob({ id: stored.id, owner });
        params.onEnd?.(job, { kind: "done", outcome });
        log.info({ jobId: stored.id, gapKey: stored.gapKey, outcome }, "job done");
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        params.onEnd?.(job, { kind: "error", message });
        const after = await store
          .failJob({ id: stored.id, owner, error: message.slice(0, 2000), retrySeconds: 30 })
          .catch(() => null);
        log.warn({ jobId: stored.id, error: message, attempts: stored.attempts }, "job failed");
        if (!after || after.status === "failed")
          await params.onGiveUp?.(job, message).catch(() => undefined);
      }
    });
  }

  async function drainOnce(): Promise<void> {
    for (;;) {
      const stored = await store.claimJob({ owner, leaseSeconds: LEASE_SECONDS });
      if (!stored) break;
      const task = run(stored).catch((error) =>
        log.error({ error: String(error) }, "job bookkeeping failed"),
      );
      running.add(task);
      void task.finally(() => running.delete(task));
    }
  }

  const runner: JobRunner<J> = {
    async submit({ deliveryId, kind, gapKey, job }) {
      // Enqueueing records the delivery in the same transaction: a redelivery is not created.
      const { created } = await store.enqueueJob({ deliveryId, kind, payload: job, gapKey });
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
        await Promise.all([...running]);
        if (draining === current && running.size === 0) return;
      }
    },
  };
  return runner;
}
