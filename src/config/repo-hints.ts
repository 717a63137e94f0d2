import type { RolloutMode } from "../policy/rollout-mode.ts";
import type { ObservedSettings } from "./observed-settings.ts";
import { DEFAULT_REPO_CONFIG, type RepoConfig } from "./repo-config.ts";

/** What the last run learned of a repo's config, so the next query reads the right folders at once. */
export interface RepoHints {
  teamsDir: string;
  branchPrefix: string;
  reviewers: string[];
  teamReviewers: string[];
  /** The PR labels, read by name in the same query. */
  labels: string[];
  triggerLabel: string;
  minPermission: RepoConfig["min_permission"];
  /** The rollout mode of people's requests, once a run read it (shadow: no 👀 before the read). */
  explicitMode?: RolloutMode;
  /** What the dashboard, notifications and breaker read between runs (the store keeps it). */
  observed?: ObservedSettings;
}

/** A repository no run has read yet: the defaults. */
export function defaultHints(): RepoHints {
  return {
    teamsDir: DEFAULT_REPO_CONFIG.teams_dir,
    branchPrefix: DEFAULT_REPO_CONFIG.branch_prefix,
    reviewers: DEFAULT_REPO_CONFIG.reviewers,
    teamReviewers: DEFAULT_REPO_CONFIG.team_reviewers,
    labels: DEFAULT_REPO_CONFIG.labels,
    triggerLabel: DEFAULT_REPO_CONFIG.trigger_label,
    minPermission: DEFAULT_REPO_CONFIG.min_permission,
  };
}
