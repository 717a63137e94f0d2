import type OpenAI from "openai";
import type { RepoConfig } from "../config/repo-config.ts";
import type { RepoContext } from "../github/gather-repo-context.ts";
import type { GraphqlClient } from "../github/graphql-client.ts";
import type { GapJob } from "../intake/gap-job.ts";
import type { CreateTeamCommand } from "../intake/parse-command.ts";
import type { Gap } from "../spec/gap.ts";
import type { GapRecord, Store } from "../store/store.ts";
import type { ProgressReporter } from "./progress-reporter.ts";

/** What the pipeline is given by the app; every I/O edge comes in here. */
export interface PipelineDeps {
  store: Store;
  /** When set, specs are drafted by an OpenAI-compatible model (else by the heuristics). */
  openai: { client: OpenAI; model: string; timeoutMs: number } | null;
  sleep?: (ms: number) => Promise<void>;
}

/** One run of the pipeline for one gap, with everything read before the first decision. */
export interface GapRun {
  job: GapJob;
  repoName: string;
  gap: Gap;
  record: GapRecord;
  config: RepoConfig;
  context: RepoContext;
  command: CreateTeamCommand | null;
  progress: ProgressReporter;
  graphql: GraphqlClient;
  /** What the daily limit counts over: `installation:<id>` or `repo:<owner/name>`. */
  slotScope: string;
  deps: PipelineDeps;
}

export type GapOutcome =
  | { kind: "ignored"; reason: string }
  | { kind: "refused"; reason: string }
  | { kind: "invalid-config"; message: string }
  | { kind: "rejected"; reason: string }
  | { kind: "enhance"; team: string; reason: string }
  | { kind: "dry-run"; files: number }
  | { kind: "paused" }
  | { kind: "awaiting-approval"; monthlyUsd: number }
  | { kind: "daily-limit"; remaining: number; limit: number }
  | { kind: "pr"; prNumber: number; prUrl: string; created: boolean; verified: boolean }
  | { kind: "failed"; reason: string }
  | { kind: "control"; paused: boolean }
  | { kind: "approved" };
