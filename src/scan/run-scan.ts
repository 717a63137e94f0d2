import { loadRepoConfig } from "../config/load-repo-config.ts";
import type { RepoConfig } from "../config/repo-config.ts";
import type { ScanGitHub } from "../github/scan-github.ts";
import { parseScanCron } from "./scan-cron.ts";
import {
  type RepoScanResult,
  type ScanDeps,
  type ScanLog,
  scanRepository,
} from "./scan-repository.ts";

export interface ScanReport {
  startedAt: string;
  finishedAt: string;
  installations: number;
  /** Repositories whose config enables the scan and that were scanned. */
  reposScanned: number;
  gaps: number;
  issuesOpened: number;
  submitted: number;
  /** Gaps planned in shadow mode (`mode.detected`): recorded, nothing opened. */
  shadowed: number;
  skipped: number;
  /** Gaps that failed this time (GitHub or the pipeline refused); see each repo's `failed`. */
  failed: number;
  repos: RepoScanResult[];
  /** Repositories that could not be scanned, with what to do about it. */
  errors: { repo: string; message: string }[];
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
    github: ScanGitHub;
    now: () => Date;
    log: ScanLog;
    /** A scheduled tick: a repository with its own `scan.cron` is scanned only if due in it. */
    window?: { from: Date; to: Date };
  },
): Promise<ScanReport> {
  const startedAt = params.now().toISOString();
  const repos: RepoScanResult[] = [];
  const errors: ScanReport["errors"] = [];
  const installations = await params.github.listInstallations();
  for (const installationId of installations) {
    for (const { owner, repo } of await params.github.listRepositories(installationId)) {
      const name = `${owner}/${repo}`;
      try {
        const github = await params.github.forRepository({ installationId, owner, repo });
        const loaded = await loadRepoConfig({ owner, repo, fetchText: github.fetchText });
        if (!loaded.ok) {
          errors.push({
            repo: name,
            message: `${loaded.message}\nFix the file to scan this repository.`,
          });
          continue;
        }
        if (!isDue(loaded.config, params.window)) continue;
        repos.push(
          await scanRepository({
            ...params,
            github,
            installationId,
            owner,
            repo,
            config: loaded.config,
          }),
        );
      } catch (error) {
        const { message, hint } = error as { message: string; hint?: string | null };
        const text = hint ? `${message}. ${hint}` : message;
        params.log.error({ err: error, repo: name, hint }, "scan: repository failed");
        errors.push({ repo: name, message: text });
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
    shadowed: sum((r) => r.shadowed.length),
    skipped: sum((r) => r.skipped.length),
    failed: sum((r) => r.failed.length),
    repos,
    errors,
  };
}
