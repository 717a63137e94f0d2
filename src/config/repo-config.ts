import { z } from "zod";
import {
  GAP_SOURCES,
  type GapSource,
  ROLLOUT_MODES,
  type RolloutMode,
} from "../policy/rollout-mode.ts";
import { TEAMS_DIR_PATTERN, TEAMS_DIR_RULE } from "../policy/team-paths.ts";
import { DEPARTMENT_PATTERN } from "../spec/departments.ts";
import { retiredMessage, retirementOf } from "../spec/model-lifecycle.ts";
import type { ModelPrice as ModelPriceShape } from "../spec/planning-config.ts";
import { FRAMEWORKS, MODEL_PATTERN, PROVIDERS } from "../spec/team-spec.ts";

/** Name of the per-repository config file, read from `.github/` (Probot conventions). */
export const CONFIG_FILE = "team-factory.yml";
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

const relativeDir = z.string().regex(TEAMS_DIR_PATTERN, TEAMS_DIR_RULE);

const labelName = z.string().trim().min(1).max(50);
const login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "a GitHub login");

export const ModelPrice: z.ZodType<ModelPriceShape> = z.object({
  /** USD per 1,000 input tokens. */
  input_per_1k: z.number().nonnegative().max(10),
  /** USD per 1,000 output tokens. */
  output_per_1k: z.number().nonnegative().max(10),
});
export type ModelPrice = ModelPriceShape;

export const ScanConfig = z
  .object({
    /** Scan this repository's project tasks for capability gaps. */
    enabled: z.boolean().default(false),
    /** Cron expression for the in-process scheduler (UTC), e.g. `0 * * * *`. */
    cron: z.string().max(100).optional(),
    /** A skill is a gap when at least this many ready, unassigned tasks need it. */
    min_tasks: z.number().int().min(1).max(1000).default(3),
    /**
     * How a gap is reported: `issue`, a labelled issue per gap (default); `pipeline`, the team PR
     * directly. Not the rollout `mode` (top level), which decides whether anything is opened.
     */
    mode: z.enum(["issue", "pipeline"]).default("issue"),
    /** Table holding tasks (`pm_tasks` in ELF repos). */
    tasks_table: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .default("pm_tasks"),
    /** Table holding projects (`pm_projects` in ELF repos). */
    projects_table: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .default("pm_projects"),
  })
  .strict();

export const SignalsConfig = z
  .object({
    /** Signals (and blocked or cancelled tasks) older than this many days are not weighed. */
    window_days: z.number().int().min(1).max(365).default(14),
    /** A skill is a gap when at least this many of them within the window point at it. */
    min_count: z.number().int().min(1).max(10_000).default(5),
  })
  .strict();

const MODE_RULE =
  "Write shadow, low-risk or full (lowercase), for every source (mode: shadow) or per source (mode: {explicit: full, detected: shadow})";

/** What is wrong with a `mode` value, in words (zod's union message names no option). */
function modeProblem(value: unknown): string {
  const one = (v: unknown, key: string | null): string | null => {
    if (typeof v === "string" && (ROLLOUT_MODES as readonly string[]).includes(v)) return null;
    const at = key ? `${key} ` : "";
    if (typeof v !== "string")
      return `${at}must be a rollout mode, not ${Array.isArray(v) ? "a list" : v === null ? "nothing" : `a ${typeof v}`}`;
    const shown = JSON.stringify(v.slice(0, 40));
    const lower = v.trim().toLowerCase();
    if ((ROLLOUT_MODES as readonly string[]).includes(lower))
      return `${at}${shown} must be written in lowercase: ${lower}`;
    if (lower === "issue" || lower === "pipeline")
      return `${at}${shown} is not a rollout mode (issue and pipeline are values of scan.mode, how the scan reports a gap)`;
    return `${at}${shown} is not a rollout mode`;
  };
  const isMapping = typeof value === "object" && value !== null && !Array.isArray(value);
  const problems = isMapping
    ? GAP_SOURCES.flatMap((key) => {
        const v = (value as Record<string, unknown>)[key];
        return v === undefined ? [] : [one(v, key)].filter((p): p is string => p !== null);
      })
    : [one(value, null) ?? "must be a rollout mode"];
  const what = problems.length
    ? problems.join("; ")
    : "must be a rollout mode or a mapping of explicit and detected";
  return `${what}. ${MODE_RULE}.`;
}

const RolloutModeValue = z.enum(ROLLOUT_MODES);
/**
 * The rollout mode, one for every source or per source; defaults: people's requests `full`,
 * detected gaps `shadow` until the operator changes it.
 */
export const ModeConfig = z
  .union(
    [
      RolloutModeValue,
      z
        .object({
          /** A label, the issue form, `/create-team`, an approval. */
          explicit: RolloutModeValue.default("full"),
          /** The task scan and the signals it weighs. */
          detected: RolloutModeValue.default("shadow"),
        })
        .strict(),
    ],
    { error: (issue) => modeProblem(issue.input) },
  )
  .transform(
    (mode): Record<GapSource, RolloutMode> =>
      typeof mode === "string" ? { explicit: mode, detected: mode } : mode,
  )
  .default({ explicit: "full", detected: "shadow" });

export const LowRiskConfig = z
  .object({
    /**
     * In `low-risk` mode, a team estimated above this many USD a month waits for `/approve-team`.
     * 75 lets a team on the providers' small default models through at any size (gpt-4o-mini:
     * about $7–15, claude-haiku-4-5 with 6 members: about $51) and holds one on a full-size
     * model (gpt-4.1, gpt-4o, claude-sonnet-4-5: $85–140 with 6 members).
     */
    max_monthly_usd: z.number().nonnegative().max(1_000_000).default(75),
  })
  .strict();

/** Events sent to the notification webhooks (TEAM_FACTORY_SLACK_WEBHOOK_URL, TEAM_FACTORY_NOTIFY_URL). */
export const NOTIFY_EVENTS = [
  "pr-opened",
  "approval-needed",
  "daily-limit",
  "paused",
  "failure",
] as const;

const BREAKER_SCOPE_RULE =
  "must be \"repository\": a repository's breaker pauses only that repository; pausing the whole installation is the operator's setting (TEAM_FACTORY_BREAKER_SCOPE=installation), so remove this key or ask the operator";

export const BreakerConfig = z
  .object({
    /** Pause automatically when runs keep failing or too many gaps turn out false positives. */
    enabled: z.boolean().default(true),
    /**
     * What this config's breaker pauses: its own repository only. Pausing the whole installation
     * is the operator's choice (TEAM_FACTORY_BREAKER_SCOPE), never a repository's.
     */
    scope: z.enum(["repository"], { error: BREAKER_SCOPE_RULE }).default("repository"),
    /** Pause when at least this many of the last `of_last_runs` runs failed. */
    failures: z.number().int().min(1).max(100).default(3),
    /** How many of the latest runs are weighed. */
    of_last_runs: z.number().int().min(1).max(100).default(5),
    /** Pause when the 30-day false-positive rate is above this (0–1)… */
    false_positive_rate: z.number().min(0).max(1).default(0.3),
    /** …over at least this many decided gaps. */
    min_decided: z.number().int().min(1).max(1000).default(5),
  })
  .strict()
  .refine((b) => b.failures <= b.of_last_runs, {
    message: "failures cannot exceed of_last_runs",
    path: ["failures"],
  });

export type BreakerConfig = z.infer<typeof BreakerConfig>;

export const RepoConfig = z
  .object({
    /** Label that turns an issue into a capability gap. */
    trigger_label: labelName.default("capability-gap"),
    /** Least permission of the person who makes an issue a gap (label, form, `/create-team`). */
    min_permission: z.enum(["triage", "write", "maintain", "admin"]).default("write"),
    /** Folder that holds the teams; a new team goes to `<teams_dir>/<slug>/`. */
    teams_dir: relativeDir.default("teams"),
    /** Prefix of the branch for each gap's PR; never empty. */
    branch_prefix: z
      .string()
      .regex(/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*\/$/, "a prefix like team-factory/ (ends in /)")
      .default("team-factory/"),
    /** Labels added to every team PR (created if missing; added, never reset). */
    labels: z.array(labelName).max(10).default(["automated", "new-team", "needs-review"]),
    /** Users asked to review every team PR. */
    reviewers: z.array(login).max(15).default([]),
    /** Teams (slugs) asked to review every team PR. */
    team_reviewers: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,99}$/))
      .max(15)
      .default([]),
    /** Open PRs as drafts. */
    draft: z.boolean().default(false),
    /** Most new team PRs per day (UTC) under one installation, or one repository (see scope). */
    daily_limit: z.number().int().min(0).max(100).default(5),
    /** What the daily limit counts over. */
    daily_limit_scope: z.enum(["installation", "repository"]).default("installation"),
    /** Rollout: `shadow` (plan and record, open nothing), `low-risk` or `full`, for all or per source. */
    mode: ModeConfig,
    /** What `low-risk` lets through without an approval. */
    low_risk: LowRiskConfig.default(LowRiskConfig.parse({})),
    /** Teams estimated above this many USD per month need `/approve-team` from a maintainer. */
    cost_threshold_usd: z.number().nonnegative().max(1_000_000).default(1000),
    /** Overrides and additions to the model price table, keyed by model name. */
    prices: z.record(z.string().regex(MODEL_PATTERN), ModelPrice).default({}),
    /** Framework when the gap does not ask for one. */
    framework: z.enum(FRAMEWORKS).default("CrewAI"),
    /** LLM provider when the gap does not ask for one. */
    provider: z.enum(PROVIDERS).default("OpenAI"),
    /** Model when the gap does not ask for one; empty means the provider's default. */
    model: z
      .string()
      .regex(MODEL_PATTERN)
      .superRefine((model, ctx) => {
        const retired = retirementOf(model);
        if (retired) ctx.addIssue({ code: "custom", message: retiredMessage(model, retired) });
      })
      .optional(),
    /** Department when none can be inferred. */
    department: z.string().regex(DEPARTMENT_PATTERN).optional(),
    /** Above this skill/role overlap (0–1) with an existing team, suggest enhancing it instead. */
    similarity_threshold: z.number().min(0).max(1).default(0.6),
    /** Scheduled scan of project tasks. */
    scan: ScanConfig.default(ScanConfig.parse({})),
    /** Gaps from failures and unhandled requests (`gap_signals`, failing tasks), weighed by the scan. */
    signals: SignalsConfig.default(SignalsConfig.parse({})),
    /** Keep one dashboard issue in this repository (gaps, PRs, approvals, slots, metrics). */
    dashboard: z.boolean().default(false),
    /** Which events reach the notification webhooks set by the operator. */
    notify: z
      .array(z.enum(NOTIFY_EVENTS))
      .max(5)
      .default([...NOTIFY_EVENTS]),
    /** The circuit breaker: automatic pause on repeated failures or false positives. */
    breaker: BreakerConfig.default(BreakerConfig.parse({})),
  })
  .strict();
export type RepoConfig = z.infer<typeof RepoConfig>;

export const DEFAULT_REPO_CONFIG: RepoConfig = RepoConfig.parse({});
