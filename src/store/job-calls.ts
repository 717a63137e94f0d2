import { parseJobRow } from "./parse-store-rows.ts";
import type { Store } from "./store.ts";
import type { StoreCalls } from "./store-calls.ts";

type JobCalls = Pick<
  Store,
  "enqueueJob" | "claimJob" | "renewJobLease" | "completeJob" | "failJob" | "listUnfinishedJobs"
>;

/** The store's job queue: each method one `tf_*` function call (leases by the database clock). */
export function jobCalls({ call, at, object }: StoreCalls): JobCalls {
  return {
    async enqueueJob(p) {
      const v = await object("tf_enqueue_job", {
        p_delivery_id: p.deliveryId,
        p_kind: p.kind,
        p_payload: p.payload ?? {},
        p_gap_key: p.gapKey ?? null,
        p_max_attempts: p.maxAttempts,
        p_lane: p.lane ?? null,
        p_installation_id: p.installationId ?? null,
      });
      return { id: Number(v.id), created: v.created === true };
    },
    async claimJob({ owner, leaseSeconds, skipLanes, maxPerInstallation }) {
      const row = await call("tf_claim_job", {
        p_owner: owner,
        p_lease_seconds: leaseSeconds,
        p_skip_lanes: skipLanes ?? [],
        p_max_per_installation: maxPerInstallation,
        ...at(),
      });
      return row === null ? null : parseJobRow(row);
    },
    async renewJobLease({ id, owner, leaseSeconds }) {
      const renewed = await call("tf_renew_job_lease", {
        p_id: id,
        p_owner: owner,
        p_lease_seconds: leaseSeconds,
        ...at(),
      });
      return renewed === true;
    },
    async completeJob({ id, owner }) {
      return (await call("tf_complete_job", { p_id: id, p_owner: owner, ...at() })) === true;
    },
    async failJob({ id, owner, error, retrySeconds, giveUp }) {
      const row = await call("tf_fail_job", {
        p_id: id,
        p_owner: owner,
        p_error: error,
        p_retry_seconds: retrySeconds,
        p_give_up: giveUp,
        ...at(),
      });
      return row === null ? null : parseJobRow(row);
    },
    async listUnfinishedJobs(p = {}) {
      const rows = await call("tf_list_unfinished_jobs", { p_limit: p.limit });
      return Array.isArray(rows) ? rows.map(parseJobRow) : [];
    },
  };
}
