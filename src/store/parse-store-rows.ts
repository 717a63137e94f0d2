import { z } from "zod";
import type { CostEstimate } from "../spec/estimate-cost.ts";
import { TeamSpec } from "../spec/team-spec.ts";
import { nullableInt, nullableText } from "./row-fields.ts";
import {
  type Approval,
  GAP_STATES,
  type GapRecord,
  type PauseStatus,
  type StoredJob,
  type TeamRecord,
  type TeamRegistration,
} from "./store.ts";
import { asObject, StoreError } from "./store-error.ts";

// Rows come back as JSON from the database: checked here, never trusted.

const GapRow = z.object({
  gap_key: z.string(),
  repo: z.string(),
  installation_id: z.number().int(),
  issue_number: nullableInt,
  trigger: z.string(),
  state: z.enum(GAP_STATES),
  requester: nullableText,
  slug: nullableText,
  branch: nullableText,
  spec: z.unknown(),
  spec_hash: nullableText,
  cost: z.unknown(),
  pr_number: nullableInt,
  pr_url: nullableText,
  paths: z.array(z.string()).catch([]),
  reason: nullableText,
  spec_authors: z.array(z.string()).catch([]),
  planned_at: nullableText,
  updated_at: z.string(),
});

const JobRow = z.object({
  id: z.number().int(),
  delivery_id: z.string(),
  kind: z.string(),
  gap_key: nullableText,
  payload: z.unknown(),
  status: z.enum(["queued", "running", "done", "failed"]),
  attempts: z.number().int(),
  max_attempts: z.number().int(),
  owner: nullableText,
  lease_until: nullableText,
  last_error: nullableText,
  available_at: nullableText.optional(),
  created_at: z.string(),
});

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new StoreError({
      message: `the store returned a ${what} this app cannot read (${result.error.issues[0]?.path.join(".")}: ${result.error.issues[0]?.message}); is the schema from a different version? Apply the migrations in supabase/migrations.`,
      code: "TF001",
    });
  }
  return result.data;
}

function isCost(value: unknown): value is CostEstimate {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as CostEstimate).monthlyUsd === "number" &&
    Array.isArray((value as CostEstimate).perMember)
  );
}

export function parseGapRow(value: unknown): GapRecord {
  const row = parse(GapRow, value, "gap");
  const spec = TeamSpec.safeParse(row.spec);
  return {
    gapKey: row.gap_key,
    repo: row.repo,
    installationId: row.installation_id,
    issueNumber: row.issue_number,
    trigger: row.trigger,
    state: row.state,
    requester: row.requester,
    slug: row.slug,
    branch: row.branch,
    spec: spec.success ? spec.data : null,
    specHash: spec.success ? row.spec_hash : null,
    cost: isCost(row.cost) ? row.cost : null,
    prNumber: row.pr_number,
    prUrl: row.pr_url,
    paths: row.paths,
    reason: row.reason,
    specAuthors: row.spec_authors,
    plannedAt: row.planned_at,
    updatedAt: row.updated_at,
  };
}

/** A gap of `tf_team_records`, with the hashes approved for it. */
export function parseTeamRecord(value: unknown): TeamRecord {
  const approved = asObject(value, "tf_team_records").approved_hashes;
  return {
    ...parseGapRow(value),
    approvedHashes: Array.isArray(approved)
      ? approved.filter((h): h is string => typeof h === "string")
      : [],
  };
}

export function parseJobRow(value: unknown): StoredJob {
  const row = parse(JobRow, value, "job");
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    kind: row.kind,
    gapKey: row.gap_key,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    owner: row.owner,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    availableAt: row.available_at ?? null,
    createdAt: row.created_at,
  };
}

export function parseApproval(value: unknown): Approval {
  const row = asObject(value, "tf_find_approval");
  return {
    gapKey: String(row.gap_key),
    specHash: String(row.spec_hash),
    approver: String(row.approver),
    approvedAt: String(row.approved_at),
  };
}

export function parsePause(value: unknown): PauseStatus {
  const row = asObject(value, "tf_pause_status");
  if (row.paused !== true) return { paused: false };
  return {
    paused: true,
    scope: row.scope === "repository" ? "repository" : "installation",
    actor: String(row.actor),
    changedAt: String(row.changed_at),
  };
}

/** tf_register_team's arguments: the registry's own column names. */
export function teamArgs(team: TeamRegistration): Record<string, unknown> {
  return {
    p_team: {
      name: team.name,
      display_name: team.displayName,
      department: team.department,
      placement: team.placement,
      purpose: team.purpose,
      framework: team.framework,
      llm_provider: team.llmProvider,
      llm_model: team.llmModel,
      metadata: team.metadata,
    },
    p_members: team.members.map((m) => ({
      role: m.role,
      is_manager: m.isManager,
      responsibilities: m.responsibilities,
      skills: m.skills,
      system_prompt: m.systemPrompt,
    })),
  };
}
