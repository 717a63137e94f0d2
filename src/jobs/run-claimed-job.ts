import type { StoredJob } from "../store/store.ts";
import type { JobRunnerParams } from "./job-types.ts";
import type { KeyedQueue } from "./keyed-queue.ts";
import type { createLeaseKeeper } from "./lease-keeper.ts";

/**
 * How one claimed job runs: its lease held, admitted beside other jobs, then processed in its
 * key's line; completed, or failed with a doubling retry delay (given up when the store says so).
 * Returns `run(stored, job, started)`: `started` is called once the job leaves its key's line
 * (or ends before).
 */
export function runClaimedJob<J, O, A>(deps: {
  params: JobRunnerParams<J, O, A>;
  queue: KeyedQueue;
  leases: ReturnType<typeof createLeaseKeeper>;
}): (stored: StoredJob, job: J, started: () => void) => Promise<void> {
  const { params, queue, leases } = deps;
  const { store, owner, log } = params;

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

  return run;
}
