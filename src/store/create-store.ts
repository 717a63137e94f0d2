import { checkSchema } from "./check-schema.ts";
import { createMetricsStore } from "./metrics-store.ts";
import {
  parseApproval,
  parseGapRow,
  parseJobRow,
  parsePause,
  teamArgs,
} from "./parse-store-rows.ts";
import type { CallFunction } from "./sql-function-caller.ts";
import type { AuditVerdict, DailySlot, Store, StoreBackend } from "./store.ts";
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
  const { call } = params;
  const at = () => (params.now ? { p_now: params.now().toISOString() } : {});
  const object = async (fn: string, args: Record<string, unknown>) =>
    asObject(await call(fn, { ...args, ...at() }), fn);
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
    metrics: createMetricsStore({ call, now: params.now }),
    checkSchema: () => checkSchema({ call }),
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
    async openGap(p) {
      const row = await object("tf_open_gap", {
        p_gap_key: p.gapKey,
        p_repo: p.repo,
        p_installation_id: p.installationId,
        p_issue_number: p.issueNumber,
        p_trigger: p.trigger,
        p_actor: p.actor,
      });
      return parseGapRow(row);
    },
    async getGap({ gapKey }) {
      const row = await call("tf_get_gap", { p_gap_key: gapKey });
      return row === null ? null : parseGapRow(row);
    },
    async findGapByIssue({ repo, issueNumber }) {
      const row = await call("tf_find_gap_by_issue", { p_repo: repo, p_issue_number: issueNumber });
      return row === null ? null : parseGapRow(row);
    },
    async findGapByPullRequest({ repo, prNumber }) {
      const row = await call("tf_find_gap_by_pull_request", {
        p_repo: repo,
        p_pr_number: prNumber,
      });
      return row === null ? null : parseGapRow(row);
    },
    async listInFlightSkills({ repo }) {
      const rows = await call("tf_in_flight_skills", { p_repo: repo });
      return (Array.isArray(rows) ? rows : []).flatMap((r) => {
        const row = r as { skill?: unknown; pr_number?: unknown };
        return typeof row.skill === "string" && typeof row.pr_number === "number"
          ? [{ skill: row.skill, prNumber: row.pr_number }]
          : [];
      });
    },
    async listTeamNames({ repo, exceptGapKey }) {
      const names = await call("tf_list_team_names", {
        p_repo: repo,
        p_except_gap_key: exceptGapKey,
      });
      return Array.isArray(names) ? names.filter((n): n is string => typeof n === "string") : [];
    },
    async takeNotice({ scopes, windowSeconds }) {
      const taken = await call("tf_take_notice", {
        p_scopes: scopes,
        p_window_seconds: windowSeconds,
        ...at(),
      });
      return taken === true;
    },
    async listPausedGaps({ installationId, repo }) {
      const rows = await call("tf_list_paused_gaps", {
        p_installation_id: installationId,
        p_repo: repo,
      });
      return (Array.isArray(rows) ? rows : []).map(parseGapRow);
    },
    async updateGap({ gapKey, actor, state, ...fields }) {
      const map: Record<string, unknown> = {
        slug: fields.slug,
        branch: fields.branch,
        spec: fields.spec,
        spec_hash: fields.specHash,
        cost: fields.cost,
        pr_number: fields.prNumber,
        pr_url: fields.prUrl,
        paths: fields.paths,
        reason: fields.reason,
      };
      const p_fields = Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined));
      const row = await object("tf_transition_gap", {
        p_gap_key: gapKey,
        p_state: state,
        p_actor: actor,
        p_fields,
      });
      return parseGapRow(row);
    },
    async enqueueJob(p) {
      const v = await object("tf_enqueue_job", {
        p_delivery_id: p.deliveryId,
        p_kind: p.kind,
        p_payload: p.payload ?? {},
        p_gap_key: p.gapKey ?? null,
        p_max_attempts: p.maxAttempts,
        p_lane: p.lane ?? null,
      });
      return { id: Number(v.id), created: v.created === true };
    },
    async claimJob({ owner, leaseSeconds, skipLanes }) {
      const row = await call("tf_claim_job", {
        p_owner: owner,
        p_lease_seconds: leaseSeconds,
        p_skip_lanes: skipLanes ?? [],
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
