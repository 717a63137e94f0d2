import type { CostEstimate } from "../spec/estimate-cost.ts";
import type { TeamSpec } from "../spec/team-spec.ts";

export const GAP_STATES = [
  "received",
  "planned",
  "awaiting-approval",
  "publishing",
  "pr-open",
  "merged",
  "closed",
  "rejected",
  "failed",
] as const;
export type GapState = (typeof GAP_STATES)[number];

/** What the store remembers of a gap between triggers. */
export interface GapRecord {
  gapKey: string;
  state: GapState;
  /** Who first asked for the team (an approver must be someone else). */
  requester: string | null;
  slug: string | null;
  branch: string | null;
  spec: TeamSpec | null;
  specHash: string | null;
  cost: CostEstimate | null;
  prNumber: number | null;
  prUrl: string | null;
  /** Paths of the last commit, so a regeneration can delete files that are gone. */
  paths: string[];
}

export interface GapUpdate {
  state: GapState;
  slug?: string;
  branch?: string;
  spec?: TeamSpec;
  specHash?: string;
  cost?: CostEstimate;
  prNumber?: number;
  prUrl?: string;
  paths?: string[];
  reason?: string;
}

export interface DailySlot {
  reserved: boolean;
  remaining: number;
  used: number;
  limit: number;
}

/** What the pipeline needs from the store (every backend implements it with the same SQL). */
export interface GapStore {
  openGap(params: {
    gapKey: string;
    repo: string;
    installationId: number;
    issueNumber: number | null;
    trigger: string;
    actor: string;
  }): Promise<GapRecord>;
  updateGap(params: { gapKey: string; actor: string } & GapUpdate): Promise<void>;
  isPaused(params: { installationId: number; repo: string }): Promise<boolean>;
  setPaused(params: {
    installationId: number;
    repo: string;
    paused: boolean;
    actor: string;
  }): Promise<void>;
  hasApproval(params: { gapKey: string; specHash: string }): Promise<boolean>;
  recordApproval(params: { gapKey: string; specHash: string; approver: string }): Promise<void>;
  reserveDailySlot(params: { scope: string; gapKey: string; limit: number }): Promise<DailySlot>;
  releaseDailySlot(params: { scope: string; gapKey: string }): Promise<void>;
  audit(params: {
    action: string;
    actor: string;
    gapKey: string | null;
    repo: string | null;
    details: Record<string, unknown>;
  }): Promise<void>;
}
