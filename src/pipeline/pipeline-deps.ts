import type { RepoHints } from "../config/repo-hints.ts";
import type { RepoGitHub } from "../github/repo-github.ts";
import type { Job } from "../intake/job.ts";
import type { SpecDrafter } from "../spec/spec-draft.ts";
import type { Store } from "../store/store.ts";

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
  github(job: Job): Promise<RepoGitHub>;
  store: PipelineStore;
  /** Drafts specs with a model; null → the heuristics plan every team. */
  drafter: SpecDrafter | null;
  /** Per-repository hints learned from the last config read (`owner/name` lowercased). */
  hints: Map<string, RepoHints>;
  /** Queues another job (a resume re-submits the gaps a pause held back; labels to retry). */
  resubmit(job: Job): Promise<unknown>;
  /** Work a job does not wait for (a rationed answer behind real writes). */
  defer(work: Promise<unknown>): void;
  /** The generator version team.json records (default: the package's). */
  generatorVersion?: string;
  /** Aborted when this job's lease may have passed to another worker: it must not publish. */
  signal?: AbortSignal;
}
