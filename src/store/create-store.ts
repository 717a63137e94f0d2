import { checkSchema } from "./check-schema.ts";
import { gapCalls } from "./gap-calls.ts";
import { githubBudgetCalls } from "./github-budget-calls.ts";
import { jobCalls } from "./job-calls.ts";
import { createMetricsStore } from "./metrics-store.ts";
import { parseApproval, parsePause, teamArgs } from "./parse-store-rows.ts";
import { createRolloutStore } from "./rollout-store.ts";
import { createSignalStore } from "./signal-store.ts";
import type { CallFunction } from "./sql-function-caller.ts";
import type { AuditVerdict, DailySlot, Store, StoreBackend } from "./store.ts";
import { storeCalls } from "./store-calls.ts";
import { asObject } from "./store-error.ts";

/**
 * The one Store implementation: every method is a thin call of a `tf_*` SQL function through the
 * backend's `call`. `now` (tests) is passed as `p_now`; without it the database clock decides.
 */
export function createStore(params: {
  backend: StoreBackend;
  call: CallFunction;
  close?: () => Promise<void>;
  now?: () => Date;
}): Store {
  const calls = storeCalls(params.call, params.now);
  const { call, at, object } = calls;
  const dailySlot = async (
    fn: string,
    p: { scope: string; gapKey: string; limit: number; day?: string },
  ): Promise<DailySlot> => {
    const v = await object(fn, {
      p_scope: p.scope,
      p_gap_key: p.gapKey,
      p_limit: p.limit,
      p_day: p.day,
    });
    return {
      reserved: v.reserved === true,
      already: v.already === true,
      remaining: Number(v.remaining),
      used: Number(v.used),
      limit: Number(v.limit),
    };
  };
  const store: Store = {
    backend: params.backend,
    metrics: createMetricsStore(calls),
    signals: createSignalStore(calls),
    rollout: createRolloutStore(calls),
    checkSchema: () => checkSchema({ call }),
    ...gapCalls(calls),
    ...jobCalls(calls),
    ...githubBudgetCalls(calls),
    async recordDelivery({ deliveryId, event }) {
      return (
        (await call("tf_record_delivery", {
          p_delivery_id: deliveryId,
          p_event: event,
          ...at(),
        })) === true
      );
    },
    reserveDailySlot: (p) => dailySlot("tf_reserve_daily_slot", p),
    checkDailySlot: (p) => dailySlot("tf_check_daily_slot", p),
    async releaseDailySlot({ scope, gapKey, day }) {
      return (
        (await call("tf_release_daily_slot", {
          p_scope: scope,
          p_gap_key: gapKey,
          p_day: day,
          ...at(),
        })) === true
      );
    },
    async takeNotice({ scopes, windowSeconds }) {
      const taken = await call("tf_take_notice", {
        p_scopes: scopes,
        p_window_seconds: windowSeconds,
        ...at(),
      });
      return taken === true;
    },
    async recordApproval({ gapKey, specHash, approver, writtenAt }) {
      const v = await call("tf_record_approval", {
        p_gap_key: gapKey,
        p_spec_hash: specHash,
        p_approver: approver,
        p_written_at: writtenAt ?? null,
        ...at(),
      });
      return v === true;
    },
    async findApproval({ gapKey, specHash }) {
      const v = await call("tf_find_approval", { p_gap_key: gapKey, p_spec_hash: specHash });
      return v === null ? null : parseApproval(v);
    },
    async hasApproval(p) {
      return (await store.findApproval(p)) !== null;
    },
    async audit({ action, actor, gapKey, repo, details }) {
      const v = await object("tf_audit_append", {
        p_action: action,
        p_actor: actor,
        p_gap_key: gapKey,
        p_repo: repo,
        p_details: details,
      });
      return { id: Number(v.id), hash: String(v.hash) };
    },
    async verifyAuditChain() {
      const v = asObject(await call("tf_verify_audit_chain", {}), "tf_verify_audit_chain");
      return (
        v.ok === true
          ? { ok: true, rows: Number(v.rows) }
          : {
              ok: false,
              rows: Number(v.rows),
              brokenId: Number(v.broken_id),
              reason: String(v.reason),
            }
      ) satisfies AuditVerdict;
    },
    async setPaused({ installationId, repo, paused, actor }) {
      return parsePause(
        await object("tf_set_paused", {
          p_installation_id: installationId,
          p_repo: repo,
          p_paused: paused,
          p_actor: actor,
        }),
      );
    },
    async pauseStatus({ installationId, repo }) {
      return parsePause(
        await call("tf_pause_status", { p_installation_id: installationId, p_repo: repo }),
      );
    },
    async isPaused(p) {
      return (await store.pauseStatus(p)).paused;
    },
    async acquireLease({ name, holder, ttlSeconds }) {
      return (
        (await call("tf_acquire_lease", {
          p_name: name,
          p_holder: holder,
          p_ttl_seconds: ttlSeconds,
          ...at(),
        })) === true
      );
    },
    async registerTeam(team) {
      const v = await object("tf_register_team", teamArgs(team));
      return { id: String(v.id), created: v.created === true };
    },
    async findCapabilityGaps(p) {
      const rows = await call("tf_find_capability_gaps", {
        p_min_tasks: p.minTasks,
        p_tasks_table: p.tasksTable,
        p_projects_table: p.projectsTable,
        p_limit: p.limit,
        p_ids_cap: p.idsCap,
      });
      return Array.isArray(rows) ? rows : [];
    },
    async findRepoCapabilityGaps(p) {
      const fn = "tf_find_repo_capability_gaps";
      const v = asObject(
        await call(fn, {
          p_repo: p.repo,
          p_min_tasks: p.minTasks,
          p_tasks_table: p.tasksTable,
          p_projects_table: p.projectsTable,
          p_limit: p.limit,
          p_ids_cap: p.idsCap,
        }),
        fn,
      );
      return { projects: Number(v.projects), rows: Array.isArray(v.gaps) ? v.gaps : [] };
    },
    close: params.close ?? (async () => {}),
  };
  return store;
}
