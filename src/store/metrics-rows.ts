import { z } from "zod";
import { parseObservedSettings } from "../config/observed-settings.ts";
import { nullableInt, nullableText } from "./row-fields.ts";

/** The rows the dashboard issue and the operator page read, checked as they leave the database. */

export const DashboardGap = z.object({
  gap_key: z.string(),
  issue_number: nullableInt,
  state: z.string(),
  reason: nullableText,
  slug: nullableText,
  pr_number: nullableInt,
  pr_url: nullableText,
  spec_hash: nullableText,
  updated_at: z.string(),
  title: nullableText,
  /** Needs of the gap's latest plan met by working tools (null before a plan, or unreadable). */
  needs: z
    .object({ covered: z.number().int().min(0), total: z.number().int().min(0) })
    .nullish()
    .catch(null)
    .transform((n) => n ?? null),
});
export type DashboardGap = z.infer<typeof DashboardGap>;

const Pause = z.object({
  paused: z.boolean(),
  scope: z.enum(["installation", "repository"]).optional(),
  actor: z.string().optional(),
  changed_at: z.string().optional(),
});

export const RepoDashboard = z.object({
  gaps: z.array(DashboardGap),
  pause: Pause,
  settings: z.unknown().transform(parseObservedSettings),
});
export type RepoDashboard = z.infer<typeof RepoDashboard>;

const AuditRow = z.object({
  id: z.number().int(),
  at: z.string(),
  action: z.string(),
  actor: z.string(),
  gap_key: nullableText,
  repo: nullableText,
  details: z.record(z.string(), z.unknown()),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const OperatorOverview = z.object({
  installations: z.array(
    z.object({ installation_id: z.number().int(), repos: z.number().int(), pause: Pause }),
  ),
  repos: z.array(
    z.object({
      installation_id: z.number().int(),
      repo: z.string(),
      open_gaps: z.number().int(),
      open_prs: z.number().int(),
      pause: Pause,
      settings: z.unknown().transform(parseObservedSettings),
    }),
  ),
  gaps_by_state: z.record(z.string(), z.number().int()),
  gaps: z.array(
    DashboardGap.pick({
      gap_key: true,
      issue_number: true,
      state: true,
      reason: true,
      pr_number: true,
      updated_at: true,
      title: true,
    }).extend({ repo: z.string(), installation_id: z.number().int() }),
  ),
  audit: z.array(AuditRow),
  slots: z.array(z.object({ scope: z.string(), used: z.number().int() })),
  runs_24h: z.object({ runs: z.number().int(), failed: z.number().int() }),
  now: z.string(),
});
export type OperatorOverview = z.infer<typeof OperatorOverview>;

/** Where a gap came from, as the operator page filters it (`tf_gap_source`). */
export const GAP_SOURCES = ["explicit", "detected", "update"] as const;
export type GapSource = (typeof GAP_SOURCES)[number];

/** One page of the operator page's lists, filtered (`tf_operator_lists`). */
export const OperatorLists = z.object({
  by_state: z.record(z.string(), z.number().int()),
  gaps_total: z.number().int(),
  gaps: z.array(
    z.object({
      gap_key: z.string(),
      repo: z.string(),
      installation_id: z.number().int(),
      issue_number: nullableInt,
      state: z.string(),
      reason: nullableText,
      pr_number: nullableInt,
      pr_url: nullableText,
      trigger: z.string(),
      source: z.enum(GAP_SOURCES),
      updated_at: z.string(),
      title: nullableText,
    }),
  ),
  approvals: z.array(
    z.object({
      gap_key: z.string(),
      repo: z.string(),
      installation_id: z.number().int(),
      issue_number: nullableInt,
      spec_hash: z.string(),
      requester: nullableText,
      spec_authors: z.array(z.string()),
      updated_at: z.string(),
      title: nullableText,
      monthly_usd: z.number().nullable(),
    }),
  ),
  /** One row past the page when an older page exists. */
  audit: z.array(AuditRow),
});
export type OperatorLists = z.infer<typeof OperatorLists>;
