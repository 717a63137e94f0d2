import { z } from "zod";
import { DEPARTMENT_PATTERN } from "./departments.ts";
import {
  FRAMEWORKS,
  GAP_SOURCES,
  GapReference,
  MODEL_PATTERN,
  PROVIDERS,
  Skill,
} from "./team-spec.ts";

export const URGENCIES = ["low", "medium", "high", "critical"] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Longest description kept from an issue or comment; the rest is cut (never rejected). */
export const MAX_DESCRIPTION = 20_000;

/** What the requester asked for explicitly (issue form fields or `/create-team` arguments). */
export const GapRequest = z.object({
  /** Requested team name (free text; turned into a slug by the builder). */
  name: z.string().trim().min(1).max(100).optional(),
  framework: z.enum(FRAMEWORKS).optional(),
  provider: z.enum(PROVIDERS).optional(),
  department: z.string().regex(DEPARTMENT_PATTERN).optional(),
  model: z.string().regex(MODEL_PATTERN).optional(),
});
export type GapRequest = z.infer<typeof GapRequest>;

/** A capability the repository lacks, from an issue label, a command, the task scan or the CLI. */
export const Gap = z.object({
  /** What raised the gap. */
  kind: z.enum(GAP_SOURCES),
  /** `owner/name` of the repository, when there is one. */
  repo: GapReference.shape.repo,
  /** Issue the gap lives on, when there is one. */
  issueNumber: z.number().int().positive().optional(),
  /** Login of whoever labelled, commented or ran the CLI. */
  actor: z.string().max(100).optional(),
  /** Issue title or a one-line summary. */
  title: z.string().max(300).default(""),
  /** What is missing, in the requester's words (untrusted text, data only). */
  description: z.string().max(MAX_DESCRIPTION),
  /** Skills the new team needs, lowercase keywords. */
  requiredSkills: z.array(Skill).max(20),
  urgency: z.enum(URGENCIES).default("medium"),
  /** Scan evidence: tasks waiting for this capability. */
  affectedTasks: z
    .array(z.object({ id: z.string().max(100), title: z.string().max(300) }))
    .max(1000)
    .default([]),
  /** Scan evidence: projects those tasks belong to. */
  affectedProjects: z.array(z.string().max(300)).max(200).default([]),
  /** Explicit choices of the requester; they win over inference and repo defaults. */
  request: GapRequest.default({}),
  /** Key shared by every trigger of this gap (see `gapKeyFor`). */
  gapKey: GapReference.shape.gapKey,
  /** Values that were given but ignored, as sentences a person can act on. */
  notes: z.array(z.string().max(500)).max(20).default([]),
});
export type Gap = z.infer<typeof Gap>;
export type GapInput = z.input<typeof Gap>;
