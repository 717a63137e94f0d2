import type { Probot } from "probot";
import { parse } from "yaml";
import { CONFIG_FILE, RepoConfig } from "../config/repo-config.ts";
import { describeIssues } from "../spec/team-spec.ts";
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

type ConfigRead = { config: RepoConfig } | { error: string } | null;

/** `.github/team-factory.yml` of the default branch; null when absent, an error when invalid. */
async function readRepoConfig(octokit: Octokit, owner: string, repo: string): Promise<ConfigRead> {
  let text: string;
  try {
    const { data } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: `.github/${CONFIG_FILE}`,
    });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
    text = Buffer.from(data.content, "base64").toString("utf8");
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (error) {
    return { error: `.github/${CONFIG_FILE} is not valid YAML: ${(error as Error).message}` };
  }
  const parsed = RepoConfig.safeParse(raw);
  if (!parsed.success) {
    return { error: `.github/${CONFIG_FILE}: ${describeIssues(parsed.error).join("; ")}` };
  }
  return { config: parsed.data };
}

function isDue(config: RepoConfig, window: { from: Date; to: Date } | undefined): boolean {
  if (!config.scan.enabled) return false;
  if (!window || !config.scan.cron) return true;
  const next = parseScanCron(config.scan.cron).nextRun(window.from);
  return next !== null && next <= window.to;
}

/**
 * One scan over every repository the app is installed on whose config has `scan.enabled: true`.
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
        const read = await readRepoConfig(octokit, owner, repo);
        if (read === null || ("config" in read && !isDue(read.config, params.window))) continue;
        if ("error" in read) {
          errors.push({
            repo: repository.full_name,
            message: `${read.error}. Fix the file to scan this repository.`,
          });
          continue;
        }
        repos.push(
          await scanRepository({
            ...params,
            octokit,
            installationId: installation.id,
            owner,
            repo,
            config: read.config,
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
