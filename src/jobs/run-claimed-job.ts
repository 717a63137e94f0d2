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
    const unreachable = params.unreachable?.(error) ?? null;
    params.onEnd?.(job, { kind: "error", message, ...(unreachable ? { unreachable } : {}) });
    // 5 s, 10 s, 20 s, 40 s: a blip is over soon; an unreachable GitHub: 60 s … 300 s.
    const base = unreachable ? (params.unreachableRetrySeconds ?? 60) : (params.retrySeconds ?? 5);
    const retrySeconds = Math.min(base * 2 ** (stored.attempts - 1), 300);
    const after = await store
      .failJob({ id: stored.id, owner, error: message.slice(0, 2000), retrySeconds })
      .catch((storeError) => {
        // Not recorded: the job keeps its lease until it runs out, then it is tried again.
        log.error({ jobId: stored.id, error: String(storeError) }, "job failure not recorded");
        return null;
      });
    const named = params.describe?.(job) ?? {};
    const fields = {
      jobId: stored.id,
      deliveryId: stored.deliveryId,
      ...named,
      attempt: stored.attempts,
      of: stored.maxAttempts,
      ...(unreachable ? { unreachable } : {}),
      error: message,
    };
    const which = `the job of ${named.repo ?? params.keyOf(job)} (delivery ${fields.deliveryId})`;
    // Given up only when the store says so: the job will never run again.
    if (after?.status === "failed") {
      log.error(fields, `${which} gave up after ${stored.attempts} attempts: ${message}`);
      await params.onGiveUp?.(job, message).catch(() => undefined);
      return;
    }
    log.warn(
      after ? { ...fields, retryInSeconds: retrySeconds } : fields,
      `${which} failed (attempt ${stored.attempts} of ${stored.maxAttempts})${after ? `; trying again in ${retrySeconds} s` : ""}: ${message}`,
    );
  }

  return run;
}
