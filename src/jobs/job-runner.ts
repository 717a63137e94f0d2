import { gapKeyOfJob } from "../intake/gap-from-job.ts";
import { GapJob } from "../intake/gap-job.ts";
import type { GapOutcome } from "../pipeline/gap-run.ts";
import type { Store, StoredJob } from "../store/store.ts";
import { createKeyedQueue } from "./keyed-queue.ts";

export interface JobLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface JobRunner {
  /**
   * Records the delivery and the job durably, then returns: the work runs after the webhook is
   * answered. A redelivery of the same delivery id is recognised and dropped.
   */
  submit(params: { job: GapJob }): Promise<"queued" | "duplicate">;
  /** Claims and runs queued jobs (also those a dead replica left behind once their lease ends). */
  drain(): Promise<void>;
  /** Resolves when nothing is queued or running in this process. */
  whenIdle(): Promise<void>;
  /** The outcomes so far, newest last (for the demo, tests and logs). */
  readonly outcomes: { job: GapJob; outcome: GapOutcome | { kind: "error"; message: string } }[];
}

const LEASE_SECONDS = 600;

/**
 * Durable jobs over the store's queue, run one repository at a time and in order (a per-repo
 * keyed queue), different repositories side by side.
 */
export function createJobRunner(params: {
  store: Store;
  owner: string;
  process: (job: GapJob) => Promise<GapOutcome>;
  /** Called once when a job has failed its last attempt (e.g. to tell the issue). */
  onGiveUp?: (job: GapJob, error: string) => Promise<void>;
  log: JobLog;
}): JobRunner {
  const { store, owner, log } = params;
  const queue = createKeyedQueue();
  const outcomes: JobRunner["outcomes"] = [];
  let draining: Promise<void> | null = null;

  async function run(stored: StoredJob): Promise<void> {
    const parsed = GapJob.safeParse(stored.payload);
    if (!parsed.success) {
      log.error({ jobId: stored.id }, "stored job is not a valid job; dropping it");
      await store.failJob({ id: stored.id, owner, error: "invalid payload", retrySeconds: 0 });
      return;
    }
    const job = parsed.data;
    await queue.run(`${job.owner}/${job.repo}`.toLowerCase(), async () => {
      try {
        const outcome = await params.process(job);
        outcomes.push({ job, outcome });
        await store.completeJob({ id: stored.id, owner });
        log.info({ jobId: stored.id, gapKey: stored.gapKey, outcome: outcome.kind }, "job done");
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcomes.push({ job, outcome: { kind: "error", message } });
        const after = await store
          .failJob({ id: stored.id, owner, error: message.slice(0, 2000), retrySeconds: 30 })
          .catch(() => null);
        log.warn({ jobId: stored.id, error: message, attempts: stored.attempts }, "job failed");
        if (!after || after.status === "failed")
          await params.onGiveUp?.(job, message).catch(() => undefined);
      }
    });
  }

  const running = new Set<Promise<void>>();
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

  const runner: JobRunner = {
    async submit({ job }) {
      // Enqueueing records the delivery in the same transaction: a redelivery is not created.
      const { created } = await store.enqueueJob({
        deliveryId: job.deliveryId,
        kind: job.trigger,
        payload: job,
        gapKey: gapKeyOfJob(job),
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
        await Promise.all([...running]);
        if (draining === current && running.size === 0) return;
      }
    },
    outcomes,
  };
  return runner;
}
