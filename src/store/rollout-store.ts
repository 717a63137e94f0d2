import { z } from "zod";
import { GAP_SOURCES } from "../policy/rollout-mode.ts";
import { parse } from "./metrics-store.ts";
import type { StoreCalls } from "./store-calls.ts";

export const SHADOW_VERDICTS = ["would-open", "would-hold"] as const;

/** What a shadow run would have opened (`tf_record_shadow_run`). */
export interface ShadowRun {
  gapKey: string;
  repo: string;
  installationId: number;
  source: (typeof GAP_SOURCES)[number];
  trigger: string;
  issueNumber: number | null;
  /** The team's folder name, and the title its PR would have had. */
  team: string;
  title: string;
  monthlyUsd: number;
  members: { role: string; tools: string[] }[];
  specHash: string;
  files: number;
  /** A full run would have opened the PR, or held it for `/approve-team`. */
  verdict: (typeof SHADOW_VERDICTS)[number];
  /** Each gate's verdict in words. */
  gates: { daily_limit: string; cost: string; low_risk: string };
}

/** A recorded shadow run as the operator page lists it, with what became of its gap since. */
export const ShadowRunRow = z.object({
  gap_key: z.string(),
  repo: z.string(),
  installation_id: z.number(),
  source: z.enum(GAP_SOURCES),
  trigger: z.string(),
  issue_number: z.number().int().nullable(),
  team: z.string(),
  title: z.string(),
  monthly_usd: z.number(),
  members: z.array(z.object({ role: z.string(), tools: z.array(z.string()) })),
  spec_hash: z.string(),
  files: z.number().int(),
  verdict: z.enum(SHADOW_VERDICTS),
  gates: z.record(z.string(), z.string()),
  runs: z.number().int(),
  first_at: z.string(),
  last_at: z.string(),
  gap_state: z.string().nullable(),
  pr_number: z.number().int().nullable(),
});
export type ShadowRunRow = z.infer<typeof ShadowRunRow>;

/** What the rollout modes keep: each method one `tf_*` call (migration 20261207120000_shadow_runs). */
export interface RolloutStore {
  /** Records a gap's latest shadow run; `runs` counts them. */
  recordShadowRun(run: ShadowRun): Promise<{ runs: number }>;
  /** The latest shadow runs, newest first, of one repository or (null) of all. */
  listShadowRuns(params: { repo: string | null; limit: number }): Promise<ShadowRunRow[]>;
  /** Whether the scan has opened an issue for a gap of this repository (compared without case). */
  scanOpenedIssue(repo: string): Promise<boolean>;
}

export function createRolloutStore({ call, object }: StoreCalls): RolloutStore {
  return {
    async recordShadowRun(run) {
      const v = await object("tf_record_shadow_run", {
        p_run: {
          gap_key: run.gapKey,
          repo: run.repo,
          installation_id: run.installationId,
          source: run.source,
          trigger: run.trigger,
          issue_number: run.issueNumber,
          team: run.team,
          title: run.title,
          monthly_usd: run.monthlyUsd,
          members: run.members,
          spec_hash: run.specHash,
          files: run.files,
          verdict: run.verdict,
          gates: run.gates,
        },
      });
      return { runs: Number(v.runs) };
    },
    async listShadowRuns({ repo, limit }) {
      const fn = "tf_list_shadow_runs";
      return parse(z.array(ShadowRunRow), await call(fn, { p_repo: repo, p_limit: limit }), fn);
    },
    async scanOpenedIssue(repo) {
      return (await call("tf_scan_opened_issue", { p_repo: repo })) === true;
    },
  };
}
