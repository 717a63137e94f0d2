import { z } from "zod";

/**
 * One unit of work for a gap, recorded durably before the webhook is answered. Everything in it
 * came from a webhook or a scan: it is re-validated when a job is read back from the store.
 */
export const GapJob = z.object({
  /** What triggered the work; `labels` is the follow-up that labels a PR whose labels failed. */
  trigger: z.enum([
    "label",
    "command",
    "approval",
    "control",
    "scan",
    "resume",
    "labels",
    "regenerate",
    "pull-request",
  ]),
  deliveryId: z.string().min(1).max(200),
  installationId: z.number().int().positive(),
  owner: z.string().min(1).max(100),
  repo: z.string().min(1).max(100),
  /** The issue the gap lives on; null for a scan gap sent straight into the pipeline. */
  issueNumber: z.number().int().positive().nullable(),
  /** Who labelled, commented or approved. */
  actor: z.string().min(1).max(100),
  /** The gap's key when it is known already (a resumed gap); else derived from the issue or scan. */
  gapKey: z.string().max(200).optional(),
  /** The label that was added (label trigger). */
  label: z.string().max(100).optional(),
  /** What the job is recorded under: a replay of the same event is the same key, whatever its delivery id. */
  dedupeKey: z.string().min(1).max(200).optional(),
  /** The issue was opened with the trigger label already on it (an issue form anyone can submit). */
  openedWithLabel: z.boolean().optional(),
  /** The raw comment body of a `/create-team` or `/approve-team` (parsed again by the pipeline). */
  commentBody: z.string().max(65_536).optional(),
  /** When the comment was written (an approval written before its spec was planned counts for nothing). */
  commentCreatedAt: z.string().max(40).optional(),
  /** A team PR merged, closed or reopened: what its gap's issue is told (the store has moved it). */
  pullRequest: z
    .object({
      number: z.number().int().positive(),
      outcome: z.enum(["merged", "rejected", "reopened"]),
    })
    .optional(),
  /** `/regenerate` was written on a pull request (the issue number is the PR's). */
  onPullRequest: z.boolean().optional(),
  /** The scan handed the gap over in shadow mode: it is planned and recorded, nothing is opened. */
  shadow: z.literal(true).optional(),
  /** Scan evidence when the gap came from the task scan. */
  scan: z
    .object({
      skill: z.string().max(100),
      taskCount: z.number().int().nonnegative(),
      taskIds: z.array(z.string().max(100)).max(1000),
      projects: z.array(z.string().max(300)).max(200),
      urgency: z.enum(["low", "medium", "high", "critical"]),
      /** Failures and unhandled requests that point at the skill (a gap from signals). */
      signals: z
        .object({
          total: z.number().int().nonnegative(),
          windowDays: z.number().int().min(1).max(365),
        })
        .optional(),
    })
    .optional(),
});
export type GapJob = z.infer<typeof GapJob>;
