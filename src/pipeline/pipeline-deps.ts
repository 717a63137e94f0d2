import type { RepoGitHub } from "../github/repo-github.ts";
import type { GapJob } from "../intake/gap-job.ts";
import type { SpecDrafter } from "../spec/spec-draft.ts";
import type { Store } from "../store/store.ts";
import type { RepoHints } from "./read-repo.ts";

/** The store calls the pipeline makes (tests pass an in-memory fake of exactly these). */
export type PipelineStore = Pick<
  Store,
  | "getGap"
  | "findGapByIssue"
  | "findGapByPullRequest"
  | "listTeamNames"
  | "teamRecords"
  | "openGap"
  | "updateGap"
  | "checkDailySlot"
  | "reserveDailySlot"
  | "releaseDailySlot"
  | "findApproval"
  | "recordApproval"
  | "pauseStatus"
  | "setPaused"
  | "listPausedGaps"
  | "takeNotice"
  | "audit"
  | "registerTeam"
  | "rollout"
>;

/** Every edge the pipeline reaches, injected by `src/compose.ts` (or a test). */
export interface PipelineDeps {
  /** The GitHub edge for the job's repository, authenticated as its installation. */
  github(job: GapJob): Promise<RepoGitHub>;
  store: PipelineStore;
  /** Drafts specs with a model; null → the heuristics plan every team. */
  drafter: SpecDrafter | null;
  /** Per-repository hints learned from the last config read (`owner/name` lowercased). */
  hints: Map<string, RepoHints>;
  /** Queues another job (a resume re-submits the gaps a pause held back; labels to retry). */
  resubmit(job: GapJob): Promise<unknown>;
  /** Work a job does not wait for (a rationed answer behind real writes). */
  defer(work: Promise<unknown>): void;
  /** The generator version team.json records (default: the package's). */
  generatorVersion?: string;
  /** Aborted when this job's lease may have passed to another worker: it must not publish. */
  signal?: AbortSignal;
}

export type GapOutcome =
  | { kind: "ignored"; reason: string }
  | { kind: "refused"; reason: string }
  | { kind: "invalid-config"; message: string }
  | { kind: "rejected"; reason: string }
  | { kind: "enhance"; team: string; reason: string }
  | { kind: "dry-run"; files: number }
  /** Shadow mode: planned and recorded; a full run would have opened the PR, or held it. */
  | { kind: "shadow"; team: string; verdict: "would-open" | "would-hold" }
  | { kind: "paused" }
  | { kind: "awaiting-approval"; monthlyUsd: number }
  | { kind: "daily-limit"; remaining: number; limit: number }
  | { kind: "pr"; prNumber: number; prUrl: string; created: boolean; verified: boolean }
  | { kind: "labelled"; prNumber: number }
  /**
   * `app`: the app's own failure (GitHub, the store, a bug), which the circuit breaker counts;
   * `request`: a refusal the request provoked (the path check), which it never counts.
   */
  | { kind: "failed"; reason: string; cause: "app" | "request" }
  | { kind: "pull-request"; outcome: "merged" | "rejected" | "reopened"; prNumber: number }
  | { kind: "nothing-to-change"; team: string }
  | { kind: "control"; paused: boolean };
