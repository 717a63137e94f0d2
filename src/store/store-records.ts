import type { CostEstimate } from "../spec/estimate-cost.ts";
import type { TeamSpec } from "../spec/team-spec.ts";

// The records the store keeps and returns (the Store interface is in store.ts).

/** A gap's states, in the order the pipeline moves through them (the SQL enforces the moves). */
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

/** One gap (one key shared by label, command and scan triggers). */
export interface GapRecord {
  gapKey: string;
  repo: string;
  installationId: number;
  issueNumber: number | null;
  trigger: string;
  state: GapState;
  /** Who first asked for the team (an approver must be someone else). */
  requester: string | null;
  slug: string | null;
  branch: string | null;
  /** The stored spec; null when absent or no longer valid. */
  spec: TeamSpec | null;
  specHash: string | null;
  cost: CostEstimate | null;
  prNumber: number | null;
  prUrl: string | null;
  /** Paths of the last commit, so a regeneration can delete files that are gone. */
  paths: string[];
  reason: string | null;
  /** Everyone whose trigger planned a spec for this gap (none of them may approve it). */
  specAuthors: string[];
  /** When the current spec hash was first planned (an approval written before it counts for nothing). */
  plannedAt: string | null;
  updatedAt: string;
}

/** A gap whose spec names a team, as `teamRecords` lists them: what the app recorded for it. */
export interface TeamRecord extends GapRecord {
  /** Spec hashes a maintainer approved for this gap (`/approve-team`). */
  approvedHashes: string[];
}

/** Fields a transition may set; absent ones keep their values (reason is cleared). */
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

export type JobStatus = "queued" | "running" | "done" | "failed";

export interface StoredJob {
  id: number;
  deliveryId: string;
  kind: string;
  gapKey: string | null;
  /** As stored: untrusted, validate before use (e.g. with Job). */
  payload: unknown;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  owner: string | null;
  leaseUntil: string | null;
  lastError: string | null;
  /** When a queued job may run (a failed one: its next attempt). */
  availableAt: string | null;
  createdAt: string;
}

export interface Approval {
  gapKey: string;
  specHash: string;
  approver: string;
  approvedAt: string;
}

export type AuditVerdict =
  | { ok: true; rows: number }
  | { ok: false; rows: number; brokenId: number; reason: string };

export interface TeamRegistration {
  name: string;
  displayName?: string;
  department?: string;
  placement?: string;
  purpose?: string;
  framework?: string;
  llmProvider?: string;
  llmModel?: string;
  metadata?: Record<string, unknown>;
  members: {
    role: string;
    isManager: boolean;
    responsibilities: string[];
    skills: string[];
    systemPrompt?: string;
  }[];
}

export type SchemaStatus = { ok: true; versions: string[] } | { ok: false; message: string };

export type StoreBackend = "embedded" | "postgres" | "supabase";
