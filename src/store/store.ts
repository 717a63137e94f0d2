import type { DailySlot } from "../policy/daily-cap.ts";
import type { PauseStatus } from "../policy/pause.ts";
import type { GitHubBudgetStore } from "./github-budget-calls.ts";
import type { MetricsStore } from "./metrics-store.ts";
import type { RolloutStore } from "./rollout-store.ts";
import type { SignalStore } from "./signal-store.ts";
import type {
  Approval,
  AuditVerdict,
  GapRecord,
  GapUpdate,
  SchemaStatus,
  StoreBackend,
  StoredJob,
  TeamRecord,
  TeamRegistration,
} from "./store-records.ts";

/**
 * Everything the app keeps: one interface over the embedded PostgreSQL, Postgres (`pg`) and Supabase (RPC). Each
 * method is one call of a `tf_*` SQL function, so every backend shares the same logic. Errors are
 * StoreError; `unreachable` ones mean fail closed.
 */
export interface Store extends GitHubBudgetStore {
  readonly backend: StoreBackend;
  /** The metrics, the dashboards and the breaker's records. */
  readonly metrics: MetricsStore;
  /** Failures and unhandled requests other systems report, and the backtest's history. */
  readonly signals: SignalStore;
  /** What shadow-mode runs would have opened (rollout modes, issue 27). */
  readonly rollout: RolloutStore;
  checkSchema(): Promise<SchemaStatus>;
  /** True the first time a webhook delivery id is seen, false on a redelivery. */
  recordDelivery(params: { deliveryId: string; event: string }): Promise<boolean>;
  reserveDailySlot(params: {
    scope: string;
    gapKey: string;
    limit: number;
    day?: string;
  }): Promise<DailySlot>;
  /** The same answer without reserving (`reserved` is false): whether a slot is left or held. */
  checkDailySlot(params: {
    scope: string;
    gapKey: string;
    limit: number;
    day?: string;
  }): Promise<DailySlot>;
  /** Gives the gap's slot back (a failed publish); false when it held none. */
  releaseDailySlot(params: { scope: string; gapKey: string; day?: string }): Promise<boolean>;
  openGap(params: {
    gapKey: string;
    repo: string;
    installationId: number;
    issueNumber: number | null;
    trigger: string;
    actor: string;
  }): Promise<GapRecord>;
  getGap(params: { gapKey: string }): Promise<GapRecord | null>;
  /** The gap the app recorded for an issue (a scan gap is keyed by its skill, not the issue). */
  findGapByIssue(params: { repo: string; issueNumber: number }): Promise<GapRecord | null>;
  /** The gap whose pull request this is (the latest to record the number). */
  findGapByPullRequest(params: { repo: string; prNumber: number }): Promise<GapRecord | null>;
  /**
   * Skills of the teams whose PR is open (in flight), normalized as the scan compares them, each
   * with the lowest such PR number.
   */
  listInFlightSkills(params: { repo: string }): Promise<{ skill: string; prNumber: number }[]>;
  /**
   * The gaps of the repository whose spec names this team, newest first, with the hashes approved
   * for each: how far a team's team.json can be trusted.
   */
  teamRecords(params: { repo: string; team: string }): Promise<TeamRecord[]>;
  /** Team names (folders, branches) other gaps of the repository hold. */
  listTeamNames(params: { repo: string; exceptGapKey: string }): Promise<string[]>;
  /** Gaps held back by a pause of this repo (or, with repo `""`, anywhere in the installation). */
  listPausedGaps(params: { installationId: number; repo: string }): Promise<GapRecord[]>;
  /** Moves the gap; refused (StoreError, code 22023) when the state machine does not allow it. */
  updateGap(params: { gapKey: string; actor: string } & GapUpdate): Promise<GapRecord>;
  /**
   * Records the job and its delivery in one transaction; `created: false` means this delivery
   * was already queued (a redelivery), so this call alone dedupes and enqueues atomically.
   */
  enqueueJob(params: {
    deliveryId: string;
    kind: string;
    payload: unknown;
    gapKey?: string | null;
    maxAttempts?: number;
    /** The job's lane (its repository): a worker busy with a lane leaves its jobs to others. */
    lane?: string | null;
    /** The job's installation: claims take installations in turn. */
    installationId?: number | null;
  }): Promise<{ id: number; created: boolean }>;
  /**
   * The next due job (or one whose worker's lease ran out) whose gap no live worker runs, outside
   * `skipLanes` and of an installation with fewer than `maxPerInstallation` jobs running; null
   * when none. People's requests before scan gaps, then installations and their repositories in
   * turn (the one served longest ago first), then the oldest. One job per gap across replicas.
   */
  claimJob(params: {
    owner: string;
    leaseSeconds?: number;
    skipLanes?: string[];
    maxPerInstallation?: number;
  }): Promise<StoredJob | null>;
  /** The running job's heartbeat; false when it is no longer this owner's. */
  renewJobLease(params: { id: number; owner: string; leaseSeconds: number }): Promise<boolean>;
  completeJob(params: { id: number; owner: string }): Promise<boolean>;
  failJob(params: {
    id: number;
    owner: string;
    error: string;
    retrySeconds?: number;
    /** Fail for good now (a payload that can never run). */
    giveUp?: boolean;
  }): Promise<StoredJob | null>;
  listUnfinishedJobs(params?: { limit?: number }): Promise<StoredJob[]>;
  /**
   * True when recorded, false when this approver had already approved this spec hash. Refused
   * (StoreError 42501) unless the gap waits for exactly this hash, the approver neither asked for
   * the team nor planned its spec, and the approval was written (`writtenAt`) after the planning.
   */
  recordApproval(params: {
    gapKey: string;
    specHash: string;
    approver: string;
    writtenAt?: string;
  }): Promise<boolean>;
  findApproval(params: { gapKey: string; specHash: string }): Promise<Approval | null>;
  hasApproval(params: { gapKey: string; specHash: string }): Promise<boolean>;
  audit(params: {
    action: string;
    actor: string;
    gapKey: string | null;
    repo: string | null;
    details: Record<string, unknown>;
  }): Promise<{ id: number; hash: string }>;
  verifyAuditChain(): Promise<AuditVerdict>;
  setPaused(params: {
    installationId: number;
    repo: string;
    paused: boolean;
    actor: string;
  }): Promise<PauseStatus>;
  pauseStatus(params: { installationId: number; repo: string }): Promise<PauseStatus>;
  isPaused(params: { installationId: number; repo: string }): Promise<boolean>;
  /**
   * Takes one notice when every scope has had fewer than its limit within the window (answers to
   * people who may not trigger are rationed this way); false when one of them is used up.
   */
  takeNotice(params: {
    scopes: { key: string; limit: number }[];
    windowSeconds: number;
  }): Promise<boolean>;
  acquireLease(params: { name: string; holder: string; ttlSeconds: number }): Promise<boolean>;
  registerTeam(team: TeamRegistration): Promise<{ id: string; created: boolean }>;
  /** Capability gaps in the task tables (`tf_find_capability_gaps`, scan migration); rows unchecked. */
  findCapabilityGaps(params: {
    minTasks: number;
    tasksTable: string;
    projectsTable: string;
    limit: number;
    idsCap: number;
  }): Promise<unknown[]>;
  /**
   * The same for one repository's projects (`pm_projects.repository`), with how many projects it
   * has: none means nothing is mapped to it (`tf_find_repo_capability_gaps`); rows unchecked.
   */
  findRepoCapabilityGaps(params: {
    repo: string;
    minTasks: number;
    tasksTable: string;
    projectsTable: string;
    limit: number;
    idsCap: number;
  }): Promise<{ projects: number; rows: unknown[] }>;
  close(): Promise<void>;
}

export * from "./store-records.ts";
export type { DailySlot, PauseStatus };
