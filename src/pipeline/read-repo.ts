import { type FetchText, loadRepoConfig } from "../config/load-repo-config.ts";
import { CONFIG_FILE, DEFAULT_REPO_CONFIG, type RepoConfig } from "../config/repo-config.ts";
import { gatherRepoContext, type RepoContext } from "../github/gather-repo-context.ts";
import type { GraphqlClient } from "../github/graphql-client.ts";

/** What the last run learned of a repo's config, so the next query reads the right folders at once. */
export interface RepoHints {
  teamsDir: string;
  reviewers: string[];
  triggerLabel: string;
}

export type RepoRead =
  | { ok: true; context: RepoContext; config: RepoConfig }
  | { ok: false; context: RepoContext; message: string };

const CONFIG_PATH = `.github/${CONFIG_FILE}`;

export function defaultHints(): RepoHints {
  return {
    teamsDir: DEFAULT_REPO_CONFIG.teams_dir,
    reviewers: DEFAULT_REPO_CONFIG.reviewers,
    triggerLabel: DEFAULT_REPO_CONFIG.trigger_label,
  };
}

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * One GraphQL query for the repo, its config and its teams. A second query only when the config
 * names a teams folder or reviewers that the hints did not predict (a config change or a cold start).
 */
export async function readRepo(params: {
  graphql: GraphqlClient;
  fetchText: FetchText;
  owner: string;
  repo: string;
  issueNumber: number | null;
  branchName: string | null;
  hints: RepoHints;
}): Promise<{ read: RepoRead; hints: RepoHints }> {
  const query = (hints: RepoHints) =>
    gatherRepoContext({
      graphql: params.graphql,
      owner: params.owner,
      repo: params.repo,
      configPath: CONFIG_PATH,
      teamsDir: hints.teamsDir,
      branchName: params.branchName,
      issueNumber: params.issueNumber,
      reviewers: hints.reviewers,
    });
  let context = await query(params.hints);
  // The query read the repo's file and the owner's `.github` fallback already: no config is defaults.
  const loaded =
    context.configText === null
      ? { ok: true as const, config: DEFAULT_REPO_CONFIG }
      : await loadRepoConfig({
          text: context.configText,
          owner: params.owner,
          repo: context.configSource?.startsWith(`${params.owner}/.github:`)
            ? ".github"
            : params.repo,
          fetchText: params.fetchText,
        });
  if (!loaded.ok)
    return { read: { ok: false, context, message: loaded.message }, hints: params.hints };
  const config = loaded.config;
  const hints: RepoHints = {
    teamsDir: config.teams_dir,
    reviewers: config.reviewers,
    triggerLabel: config.trigger_label,
  };
  if (
    hints.teamsDir !== params.hints.teamsDir ||
    !sameList(hints.reviewers, params.hints.reviewers)
  ) {
    context = await query(hints);
  }
  return { read: { ok: true, context, config }, hints };
}
