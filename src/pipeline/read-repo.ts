import { loadRepoConfig } from "../config/load-repo-config.ts";
import { observedSettings } from "../config/observed-settings.ts";
import { CONFIG_PATH, DEFAULT_REPO_CONFIG, type RepoConfig } from "../config/repo-config.ts";
import { defaultHints, type RepoHints } from "../config/repo-hints.ts";
import type { RepoContext } from "../github/gather-repo-context.ts";
import type { RepoGitHub } from "../github/repo-github.ts";
import { atLeast } from "../policy/permissions.ts";
import type { RolloutMode } from "../policy/rollout-mode.ts";

export type RepoRead =
  | { ok: true; context: RepoContext; config: RepoConfig }
  | { ok: false; context: RepoContext; message: string };

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * One GraphQL query for the repo, its config and its teams. A second query only when the config
 * names a teams folder, (team) reviewers or labels that the hints did not predict (a config change or a cold
 * start). The hints learned are kept in `hints` (one entry per repository).
 */
export async function readRepo(params: {
  github: RepoGitHub;
  issueNumber: number | null;
  branchName: string | null;
  hints: Map<string, RepoHints>;
  /** The person who triggered the work: `_extends` may only name repositories they can read. */
  reader: string | null;
  /** A team's folder to read whole, on a branch or `HEAD` (`/regenerate`). */
  teamFolder?: { name: string; ref: string };
}): Promise<RepoRead> {
  const { github } = params;
  const key = `${github.owner}/${github.repo}`.toLowerCase();
  const known = params.hints.get(key) ?? defaultHints();
  const query = (hints: RepoHints) =>
    github.readContext({
      configPath: CONFIG_PATH,
      teamsDir: hints.teamsDir,
      branchPrefix: hints.branchPrefix,
      branchName: params.branchName,
      issueNumber: params.issueNumber,
      reviewers: hints.reviewers,
      teamReviewers: hints.teamReviewers,
      ...(params.teamFolder && {
        teamOnBranch: {
          branch: params.teamFolder.ref,
          path: `${hints.teamsDir}/${params.teamFolder.name}`,
        },
      }),
      labels: hints.labels,
    });
  let context = await query(known);
  // The query read the repo's file and the owner's `.github` fallback already: no config is defaults.
  const loaded =
    context.configText === null
      ? { ok: true as const, config: DEFAULT_REPO_CONFIG }
      : await loadRepoConfig({
          text: context.configText,
          owner: github.owner,
          repo: context.configSource?.startsWith(`${github.owner}/.github:`)
            ? ".github"
            : github.repo,
          fetchText: github.fetchText,
          canRead: params.reader
            ? async (target) =>
                atLeast(await github.permissionIn(target, params.reader as string), "read")
            : undefined,
        });
  if (!loaded.ok) return { ok: false, context, message: loaded.message };
  const { config } = loaded;
  const learned: RepoHints = {
    teamsDir: config.teams_dir,
    branchPrefix: config.branch_prefix,
    reviewers: config.reviewers,
    teamReviewers: config.team_reviewers,
    labels: config.labels,
    triggerLabel: config.trigger_label,
    minPermission: config.min_permission,
    explicitMode: config.mode.explicit,
    observed: observedSettings(config),
  };
  params.hints.set(key, learned);
  const stale =
    learned.teamsDir !== known.teamsDir ||
    learned.branchPrefix !== known.branchPrefix ||
    !sameList(learned.reviewers, known.reviewers) ||
    !sameList(learned.teamReviewers, known.teamReviewers) ||
    !sameList(learned.labels, known.labels);
  if (stale) {
    context = await query(learned);
  }
  return { ok: true, context, config };
}

/** Whether a label is the repository's trigger label (GitHub label names ignore case). */
export function isTriggerLabel(read: RepoRead, label: string | undefined): boolean {
  const trigger = read.ok ? read.config.trigger_label : DEFAULT_REPO_CONFIG.trigger_label;
  return label !== undefined && label.toLowerCase() === trigger.toLowerCase();
}
