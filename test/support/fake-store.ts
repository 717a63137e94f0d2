import { specHash } from "../../src/factory/spec-hash.ts";
import type { PipelineStore } from "../../src/pipeline/pipeline-deps.ts";
import { checkApprover } from "../../src/policy/cost-gate.ts";
import type { TeamSpec } from "../../src/spec/team-spec.ts";
import type { ShadowRun } from "../../src/store/rollout-store.ts";
import type { DailySlot, GapRecord, PauseStatus, TeamRegistration } from "../../src/store/store.ts";

/**
 * The store calls of the pipeline, in memory, for unit tests of its steps. It keeps what the SQL
 * keeps (gaps, slots per scope and day, approvals, pauses, audit rows) but not the SQL's own
 * checks (the store suite tests those on real databases), except where the SQL guards a rule
 * written in TypeScript: there it calls that rule (an approval: `checkApprover`).
 */
export interface FakeStore extends PipelineStore {
  gaps: Map<string, GapRecord>;
  slots: Map<string, Set<string>>;
  approvals: { gapKey: string; specHash: string; approver: string }[];
  pauses: Map<string, Exclude<PauseStatus, { paused: false }>>;
  auditRows: {
    action: string;
    actor: string;
    gapKey: string | null;
    details: Record<string, unknown>;
  }[];
  teams: TeamRegistration[];
  /** Shadow runs recorded, oldest first. */
  shadowed: ShadowRun[];
  /** Notices taken per scope (the window never ends here). */
  notices: Map<string, number>;
  /** Every call, in order, by method name. */
  calls: string[];
  /** The clock of `plannedAt` (tests move it). */
  now(): string;
}

const DAY = "2026-11-29";

export function fakeStore(): FakeStore {
  const s: FakeStore = {
    gaps: new Map(),
    slots: new Map(),
    approvals: [],
    pauses: new Map(),
    auditRows: [],
    teams: [],
    shadowed: [],
    notices: new Map(),
    calls: [],
    now: () => new Date().toISOString(),
    async findGapByIssue({ repo, issueNumber }) {
      s.calls.push("findGapByIssue");
      const lower = repo.toLowerCase();
      return (
        [...s.gaps.values()].find(
          (g) => g.repo.toLowerCase() === lower && g.issueNumber === issueNumber,
        ) ?? null
      );
    },
    async findGapByPullRequest({ repo, prNumber }) {
      s.calls.push("findGapByPullRequest");
      const lower = repo.toLowerCase();
      return (
        [...s.gaps.values()].find(
          (g) => g.repo.toLowerCase() === lower && g.prNumber === prNumber,
        ) ?? null
      );
    },
    async listTeamNames({ repo, exceptGapKey }) {
      s.calls.push("listTeamNames");
      return [...s.gaps.values()]
        .filter(
          (g) => g.repo.toLowerCase() === repo.toLowerCase() && g.gapKey !== exceptGapKey && g.slug,
        )
        .map((g) => g.slug as string);
    },
    async teamRecords({ repo, team }) {
      s.calls.push("teamRecords");
      return [...s.gaps.values()]
        .filter(
          (g) => g.repo.toLowerCase() === repo.toLowerCase() && g.specHash && g.spec?.name === team,
        )
        .reverse()
        .map((g) => ({
          ...g,
          approvedHashes: s.approvals.filter((a) => a.gapKey === g.gapKey).map((a) => a.specHash),
        }));
    },
    async getGap({ gapKey }) {
      s.calls.push("getGap");
      return s.gaps.get(gapKey) ?? null;
    },
    async openGap(p) {
      s.calls.push("openGap");
      const known = s.gaps.get(p.gapKey);
      const gap: GapRecord = known ?? {
        gapKey: p.gapKey,
        repo: p.repo,
        installationId: p.installationId,
        issueNumber: p.issueNumber,
        trigger: p.trigger,
        state: "received",
        requester: p.actor,
        slug: null,
        branch: null,
        spec: null,
        specHash: null,
        cost: null,
        prNumber: null,
        prUrl: null,
        paths: [],
        reason: null,
        specAuthors: [],
        plannedAt: null,
        updatedAt: DAY,
      };
      s.gaps.set(p.gapKey, gap);
      return gap;
    },
    async updateGap({ gapKey, actor, ...update }) {
      s.calls.push(`updateGap:${update.state}`);
      const gap = s.gaps.get(gapKey);
      if (!gap) throw new Error(`gap ${gapKey} is not recorded`);
      const next = { ...gap, ...update, reason: update.reason ?? null };
      if (update.spec && !gap.specAuthors.some((a) => a.toLowerCase() === actor.toLowerCase()))
        next.specAuthors = [...gap.specAuthors, actor];
      if (update.specHash && update.specHash !== gap.specHash) next.plannedAt = s.now();
      s.gaps.set(gapKey, next);
      return next;
    },
    async checkDailySlot(p) {
      s.calls.push("checkDailySlot");
      return slotOf(p, false);
    },
    async reserveDailySlot(p) {
      s.calls.push("reserveDailySlot");
      return slotOf(p, true);
    },
    async releaseDailySlot({ scope, gapKey }) {
      s.calls.push("releaseDailySlot");
      return s.slots.get(`${scope}|${DAY}`)?.delete(gapKey) ?? false;
    },
    async findApproval({ gapKey, specHash }) {
      s.calls.push("findApproval");
      const a = s.approvals.find((x) => x.gapKey === gapKey && x.specHash === specHash);
      return a ? { ...a, approvedAt: DAY } : null;
    },
    async recordApproval({ gapKey, specHash, approver, writtenAt }) {
      s.calls.push("recordApproval");
      // The rule itself, where the SQL guard checks it again: the fake refuses what the SQL does.
      const gap = s.gaps.get(gapKey) ?? null;
      const verdict = checkApprover({
        approver,
        named: specHash,
        writtenAt: writtenAt ?? null,
        gap,
      });
      if (!verdict.pass) throw Object.assign(new Error(verdict.message), { code: "42501" });
      if (s.approvals.some((x) => x.gapKey === gapKey && x.specHash === specHash)) return false;
      s.approvals.push({ gapKey, specHash, approver });
      return true;
    },
    async pauseStatus({ repo }) {
      s.calls.push("pauseStatus");
      return s.pauses.get(repo.toLowerCase()) ?? { paused: false };
    },
    async setPaused({ repo, paused, actor }) {
      s.calls.push("setPaused");
      const status = { paused: true, scope: "repository", actor, changedAt: DAY } as const;
      if (paused) s.pauses.set(repo.toLowerCase(), status);
      else s.pauses.delete(repo.toLowerCase());
      return paused ? status : { paused: false };
    },
    async listPausedGaps({ repo }) {
      s.calls.push("listPausedGaps");
      return [...s.gaps.values()].filter(
        (g) =>
          g.repo.toLowerCase() === repo.toLowerCase() &&
          g.state === "planned" &&
          g.reason === "paused",
      );
    },
    async audit({ action, actor, gapKey, details }) {
      s.calls.push(`audit:${action}`);
      s.auditRows.push({ action, actor, gapKey, details });
      return { id: s.auditRows.length, hash: "h" };
    },
    async takeNotice({ scopes }) {
      s.calls.push("takeNotice");
      if (scopes.some((x) => (s.notices.get(x.key) ?? 0) >= x.limit)) return false;
      for (const x of scopes) s.notices.set(x.key, (s.notices.get(x.key) ?? 0) + 1);
      return true;
    },
    async registerTeam(team) {
      s.calls.push("registerTeam");
      s.teams.push(team);
      return { id: `team-${s.teams.length}`, created: true };
    },
    rollout: {
      async recordShadowRun(run) {
        s.calls.push("recordShadowRun");
        const runs = s.shadowed.filter((r) => r.gapKey === run.gapKey).length + 1;
        s.shadowed.push(run);
        return { runs };
      },
      async listShadowRuns() {
        throw new Error("the fake store lists no shadow runs: test the page on a real store");
      },
      async scanOpenedIssue() {
        throw new Error("the fake store keeps no scan issues: test the scan on a real store");
      },
    },
  };
  function slotOf(
    p: { scope: string; gapKey: string; limit: number },
    reserve: boolean,
  ): DailySlot {
    const key = `${p.scope}|${DAY}`;
    const held = s.slots.get(key) ?? new Set<string>();
    s.slots.set(key, held);
    const already = held.has(p.gapKey);
    const free = !already && held.size < p.limit;
    if (reserve && free) held.add(p.gapKey);
    const reserved = reserve && (already || free);
    return {
      reserved,
      already,
      used: held.size,
      remaining: Math.max(p.limit - held.size, 0),
      limit: p.limit,
    };
  }
  return s;
}

/** A team the app published and a person merged earlier: what its records say of it. */
export function recordMergedTeam(
  store: FakeStore,
  spec: TeamSpec,
  params: { repo?: string; gapKey?: string; prNumber?: number } = {},
): GapRecord {
  const repo = params.repo ?? "acme/agents";
  const gap: GapRecord = {
    gapKey: params.gapKey ?? `${repo.toLowerCase()}:issue:90`,
    repo,
    installationId: 7,
    issueNumber: 90,
    trigger: "label",
    state: "merged",
    requester: "mia",
    slug: spec.name,
    branch: `team-factory/${spec.name}`,
    spec,
    specHash: specHash(spec),
    cost: null,
    prNumber: params.prNumber ?? 91,
    prUrl: null,
    paths: [],
    reason: null,
    specAuthors: ["mia"],
    plannedAt: DAY,
    updatedAt: DAY,
  };
  store.gaps.set(gap.gapKey, gap);
  return gap;
}
