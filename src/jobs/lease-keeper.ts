import type { Store } from "../store/store.ts";
import type { JobLog } from "./job-log.ts";

/**
 * The heartbeat of the jobs a worker holds: every third of the lease it renews each one. A job
 * whose lease another worker took, or whose lease ran out while the store could not be reached,
 * has its signal aborted: it may be running elsewhere now, so it must not publish.
 */
export function createLeaseKeeper(params: {
  store: Pick<Store, "renewJobLease">;
  owner: string;
  leaseSeconds: number;
  log: JobLog;
}) {
  const { store, owner, leaseSeconds, log } = params;
  const held = new Map<number, { abort: AbortController; renewedAt: number }>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function renewAll(): Promise<void> {
    await Promise.all(
      [...held].map(async ([id, lease]) => {
        const renewed = await store
          .renewJobLease({ id, owner, leaseSeconds })
          .catch((error: unknown) => {
            log.warn({ jobId: id, error: String(error) }, "job lease not renewed");
            return null;
          });
        if (renewed) lease.renewedAt = Date.now();
        const expired = Date.now() - lease.renewedAt >= leaseSeconds * 1000;
        if ((renewed === false || expired) && !lease.abort.signal.aborted) {
          log.warn({ jobId: id }, "job lease lost: the job must not publish");
          lease.abort.abort(new Error("the job's lease passed to another worker"));
        }
      }),
    );
  }

  return {
    /** Starts renewing the job's lease; the signal aborts when the lease is lost. */
    hold(id: number): AbortSignal {
      const lease = { abort: new AbortController(), renewedAt: Date.now() };
      held.set(id, lease);
      if (!timer && !stopped) {
        timer = setInterval(() => void renewAll(), (leaseSeconds * 1000) / 3);
        timer.unref();
      }
      return lease.abort.signal;
    },
    release(id: number): void {
      held.delete(id);
      if (held.size === 0) {
        clearInterval(timer);
        timer = undefined;
      }
    },
    /** No more renewals (the process is going away, or a test plays a dead worker). */
    stop(): void {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
    },
  };
}
