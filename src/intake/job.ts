import { z } from "zod";

/**
 * One unit of work, recorded durably before the webhook is answered. Everything in it came from a
 * webhook or a scan: it is re-validated when a job is read back from the store. The store keeps
 * jobs as JSON of this shape, so a field may be added (optional) but never renamed or dropped: a
 * job queued by an earlier release must still parse.
 */
const JobBase = z.object({
  deliveryId: z.string().min(1).max(200),
  installationId: z.number().int().positive(),
  owner: z.string().min(1).max(100),
  repo: z.string().min(1).max(100),
  /** The issue the gap lives on; null for a scan gap sent straight into the pipeline. */
  issueNumber: z.number().int().positive().nullable(),
  /** Who labelled, commented or approved (the scan: its own name). */
  actor: z.string().min(1).max(100),
  /** The gap's key when it is known already (a resumed gap); else derived from the issue or scan. */
  gapKey: z.string().max(200).optional(),
  /** What the job is recorded under: a replay of the same event is the same key, whatever its delivery id. */
  dedupeKey: z.string().min(1).max(200).optional(),
});

/** A slash command's comment: the raw body (parsed again by the pipeline) and when it was written. */
const Comment = {
  commentBody: z.string().max(65_536),
  /** An approval written before its spec was planned counts for nothing. */
  commentCreatedAt: z.string().max(40).optional(),
};

/** The scan's evidence for a gap it raised. */
const ScanEvidence = z.object({
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
});

/** One job per trigger, each with what only it carries. */
export const Job = z.discriminatedUnion("trigger", [
  /** The trigger label added to an issue (or an issue opened with it: an issue form). */
  JobBase.extend({
    trigger: z.literal("label"),
    label: z.string().max(100),
    /** The issue was opened with the trigger label already on it (a form anyone can submit). */
    openedWithLabel: z.boolean().optional(),
  }),
  /** `/create-team`. */
  JobBase.extend({ trigger: z.literal("command"), ...Comment }),
  /** `/approve-team`: then the approved gap is published. */
  JobBase.extend({ trigger: z.literal("approval"), ...Comment }),
  /** `/team-factory pause|resume|dismiss`. */
  JobBase.extend({ trigger: z.literal("control"), ...Comment }),
  /** `/regenerate` on a gap's issue or its team PR. */
  JobBase.extend({
    trigger: z.literal("regenerate"),
    ...Comment,
    /** Written on a pull request (the issue number is the PR's). */
    onPullRequest: z.boolean().optional(),
  }),
  /** A gap the task scan found, on the issue it opened or alone (`scan.mode: pipeline`). */
  JobBase.extend({
    trigger: z.literal("scan"),
    scan: ScanEvidence,
    /** Handed over in shadow mode: it is planned and recorded, nothing is opened. */
    shadow: z.literal(true).optional(),
  }),
  /** A gap a pause held back, submitted again by `/team-factory resume`. */
  JobBase.extend({ trigger: z.literal("resume"), gapKey: z.string().max(200) }),
  /** The follow-up that labels a PR whose labels failed. */
  JobBase.extend({ trigger: z.literal("labels"), gapKey: z.string().max(200) }),
  /** A team PR merged, closed or reopened: what its gap's issue is told (the store has moved it). */
  JobBase.extend({
    trigger: z.literal("pull-request"),
    gapKey: z.string().max(200),
    pullRequest: z.object({
      number: z.number().int().positive(),
      outcome: z.enum(["merged", "rejected", "reopened"]),
    }),
  }),
]);
export type Job = z.infer<typeof Job>;
export type Trigger = Job["trigger"];
/** The jobs of some triggers (`JobOf<"label" | "command">`). */
export type JobOf<T extends Trigger> = Extract<Job, { trigger: T }>;

/** For the `default` of a switch over triggers: a trigger added to `Job` fails to compile there. */
export function unhandledTrigger(job: never): never {
  throw new Error(`no pipeline runs a job of trigger ${(job as { trigger: string }).trigger}`);
}
