import { DEFAULT_LEASE_SECONDS } from "../env/env-schema.ts";
import type { StoredJob } from "../store/store.ts";
import type { JobRunner, JobRunnerParams } from "./job-types.ts";
import { createKeyedQueue } from "./keyed-queue.ts";
import { createLeaseKeeper } from "./lease-keeper.ts";
import { runClaimedJob } from "./run-claimed-job.ts";

export type { AdmitDecision, JobEnd, JobRunner, JobSubmission } from "./job-types.ts";

const MAX_CONCURRENT = 8;

/**
 * Durable jobs over the store's queue, run one key (a repository) at a time and in order,
 * different keys side by side, claimed fairly (installations and repositories in turn, people's
 * requests before scan gaps, at most `maxPerInstallation` of one installation at once). A job is claimed only when it can start at once: at most
 * `maxConcurrent` here, and none of a key that has a job claimed here and not started. Every held job's
 * lease is renewed while it runs, and the store hands each gap to one worker at a time across
 * replicas. Finished jobs are not kept: `onEnd` sees each one once.
 */
export function createJobRunner<J, O, A = undefined>(
  params: JobRunnerParams<J, O, A>,
): JobRunner<J> {
  const { store, owner, log } = params;
  const leaseSeconds = params.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const queue = createKeyedQueue();
  const leases = createLeaseKeeper({ store, owner, leaseSeconds, log });
  const run = runClaimedJob({ params, queue, leases });
  let draining: Promise<void> | null = null;
  let poll: NodeJS.Timeout | undefined;
  let stopped = false;
  const running = new Set<Promise<void>>();
  const deferred = new Set<Promise<void>>();
  /** The jobs this process holds now, by id (what `stop` gives back). */
  const held = new Map<number, StoredJob>();
  /** Keys with a job claimed here that has not started yet (admission, or behind another job). */
  const pending = new Map<string, number>();

  const max = params.maxConcurrent ?? MAX_CONCURRENT;
  /**
   * Claims only what starts now: at most `max` jobs, and no job of a key that already has one
   * claimed here and not started (so at most one waits behind a running job of its key, its lease
   * renewed); each job that starts or ends makes room for the next claim.
   */
  async function drainOnce(): Promise<void> {
    while (!stopped && running.size < max) {
      const stored = await store.claimJob({
        owner,
        leaseSeconds,
        skipLanes: [...pending.keys()],
        maxPerInstallation: params.maxPerInstallation,
      });
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
        installationId: params.installationOf?.(job) ?? null,
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
