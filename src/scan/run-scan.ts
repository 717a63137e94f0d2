import type { Probot } from "probot";
import { loadRepoConfig } from "../config/load-repo-config.ts";
import type { RepoConfig } from "../config/repo-config.ts";
import {
  type Octokit,
  type RepoScanResult,
  type ScanDeps,
  type ScanLog,
  scanRepository,
} from "./scan-repository.ts";
import { parseScanCron } from "./scan-scheduler.ts";

/** App-level and installation-level clients; `octokitFactoryFor(app)` builds one from Probot. */
export interface OctokitFactory {
  app(): Promise<Octokit>;
  installation(installationId: number): Promise<Octokit>;
}

export function octokitFactoryFor(app: Probot): OctokitFactory {
  return { app: () => app.auth(), installation: (id) => app.auth(id) };
}

export interface ScanReport {
  startedAt: string;
  finishedAt: string;
  installations: number;
  /** Repositories whose config enables the scan and that were scanned. */
  reposScanned: number;
  gaps: number;
  issuesOpened: number;
  submitted: number;
  skipped: number;
  /** Gaps that failed this time (GitHub or the pipeline refused); see each repo's `failed`. */
  failed: number;
  repos: RepoScanResult[];
  /** Repositories that could not be scanned, with what to do about it. */
  errors: { repo: string; message: string }[];
}

/** A file of the default branch through the contents API; null when it does not exist. */
async function fetchText(
  octokit: Octokit,
  params: { owner: string; repo: string; path: string },
): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.getContent(params);
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
    return Buffer.from(data.content, "base64").toString("utf8");
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

function isDue(config: RepoConfig, window: { from: Date; to: Date } | undefined): boolean {
  if (!config.scan.enabled) return false;
  if (!window || !config.scan.cron) return true;
  const next = parseScanCron(config.scan.cron).nextRun(window.from);
  return next !== null && next <= window.to;
}

/**
 * One scan over every repository the app is installed on whose config (its own
 * `.github/team-factory.yml`, else the owner's `.github` repository's, `_extends` resolved) has
 * `scan.enabled: true`.
 * A failing repository is reported and does not stop the others.
 */
export async function runScan(
  params: ScanDeps & {
    app?: Probot;
    octokitFactory?: OctokitFactory;
    now: () => Date;
    log: ScanLog;
    /** A scheduled tick: a repository with its own `scan.cron` is scanned only if due in it. */
    window?: { from: Date; to: Date };
  },
): Promise<ScanReport> {
  const factory = params.octokitFactory ?? (params.app && octokitFactoryFor(params.app));
  if (!factory) throw new Error("runScan needs an app or an octokitFactory");
  const startedAt = params.now().toISOString();
  const repos: RepoScanResult[] = [];
  const errors: ScanReport["errors"] = [];
  const appOctokit = await factory.app();
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, {
    per_page: 100,
  });
  for (const installation of installations) {
    if (installation.suspended_at) continue;
    const octokit = await factory.installation(installation.id);
    const accessible = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
      per_page: 100,
    });
    for (const repository of accessible) {
      if (repository.archived || repository.disabled) continue;
      const owner = repository.owner.login;
      const repo = repository.name;
      try {
        const loaded = await loadRepoConfig({
          owner,
          repo,
          fetchText: (p) => fetchText(octokit, p),
        });
        if (!loaded.ok) {
          errors.push({
            repo: repository.full_name,
            message: `${loaded.message}\nFix the file to scan this repository.`,
          });
          continue;
        }
        if (!isDue(loaded.config, params.window)) continue;
        repos.push(
          await scanRepository({
            ...params,
            octokit,
            installationId: installation.id,
            owner,
            repo,
            config: loaded.config,
          }),
        );
      } catch (error) {
        params.log.error({ err: error, repo: repository.full_name }, "scan: repository failed");
        errors.push({ repo: repository.full_name, message: (error as Error).message });
      }
    }
  }
  const sum = (pick: (r: RepoScanResult) => number) => repos.reduce((n, r) => n + pick(r), 0);
  return {
    startedAt,
    finishedAt: params.now().toISOString(),
    installations: installations.length,
    reposScanned: repos.length,
    gaps: sum((r) => r.gaps),
    issuesOpened: sum((r) => r.opened.length),
    submitted: sum((r) => r.submitted.length),
    skipped: sum((r) => r.skipped.length),
    failed: sum((r) => r.failed.length),
    repos,
    errors,
  };
}
