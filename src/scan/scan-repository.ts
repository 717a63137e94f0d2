import type { Logger } from "probot";
import type { RepoConfig } from "../config/repo-config.ts";
import type { ScanRepoGitHub } from "../github/scan-github.ts";
import { readGapKeyMarker } from "../intake/gap-key.ts";
import type { ScanGapSubmission } from "../intake/scan-gap-job.ts";
import { findCapabilityGaps, type RepoGapQuery } from "./find-capability-gaps.ts";
import { mergeSignalGaps, type SignalGapQuery } from "./find-signal-gaps.ts";
import { renderGapIssue } from "./render-gap-issue.ts";

/** New issues or submissions per repository and scan: no flood of issues, no burst of writes. */
export const MAX_NEW_GAPS_PER_SCAN = 10;
export type { ScanGapSubmission };
export type ScanLog = Pick<Logger, "info" | "warn" | "error">;

/** How the scan reaches the store and the pipeline; each is optional so a scan can run alone. */
export interface ScanDeps {
  /** One repository's gaps: its own projects' tasks, never another repository's. */
  repoGapQuery: RepoGapQuery;
  /** One repository's signals and failing tasks per skill (`gap_signals`, blocked or cancelled tasks). */
  signalGapQuery?: SignalGapQuery;
  /** True when the store already records a gap (any trigger) under this key. */
  isGapRecorded?: (gapKey: string) => Promise<boolean>;
  /** Skills of the repository's teams whose PR is open (in flight), with the PR's number. */
  inFlightSkills?: (repo: string) => Promise<{ skill: string; prNumber: number }[]>;
  submitScanGap?: (submission: ScanGapSubmission) => Promise<void>;
  /** New issues or submissions per repository and scan (default MAX_NEW_GAPS_PER_SCAN). */
  maxNewGaps?: number;
}

export interface RepoScanResult {
  repo: string;
  /** Projects mapped to this repository (none: the scan read nothing, and says why in the log). */
  projects: number;
  gaps: number;
  opened: { skill: string; issue: number; url: string }[];
  submitted: string[];
  skipped: { skill: string; reason: string }[];
  /** Gaps that could not be handled this time (they are tried again on the next scan). */
  failed: { skill: string; message: string }[];
  /** Skills in the task tables that are not valid skill keywords. */
  rejected: string[];
}

/**
 * Gap keys of the open issues and pull requests carrying the trigger label: the marker in a body
 * counts only where this app opened the issue (anyone can write a marker into their own issue).
 */
async function openGapKeys(github: ScanRepoGitHub, label: string): Promise<Set<string>> {
  // GitHub reads `labels` as a comma-separated list: a label with a comma cannot filter.
  const items = await github.listOpenIssues(label.includes(",") ? null : label);
  return new Set(
    items.flatMap((item) => {
      const key = item.byApp ? readGapKeyMarker(item.body ?? "") : null;
      return key ? [key] : [];
    }),
  );
}

/** Why a repository no project is mapped to is not scanned, and the column that maps one. */
export function notMapped(repo: string, projectsTable: string): string {
  return `no project in ${projectsTable} belongs to ${repo}, so there is nothing to scan; set ${projectsTable}.repository to '${repo}' on its projects`;
}

/** Finds the gaps for one repository and opens an issue (or submits to the pipeline) per new gap. */
export async function scanRepository(
  params: ScanDeps & {
    github: ScanRepoGitHub;
    installationId: number;
    owner: string;
    repo: string;
    config: RepoConfig;
    log: ScanLog;
  },
): Promise<RepoScanResult> {
  const { github, owner, repo, config, log } = params;
  const scan = config.scan;
  const name = `${owner}/${repo}`;
  let projects = 0;
  const fromTasks = await findCapabilityGaps({
    query: async (p) => {
      const found = await params.repoGapQuery({ ...p, repo: name });
      projects = found.projects;
      return found.rows;
    },
    minTasks: scan.min_tasks,
    tasksTable: scan.tasks_table,
    projectsTable: scan.projects_table,
  });
  const { window_days: windowDays, min_count: minCount } = config.signals;
  const rows = params.signalGapQuery
    ? await params.signalGapQuery({
        repo: name,
        windowDays,
        minCount,
        tasksTable: scan.tasks_table,
        projectsTable: scan.projects_table,
        limit: 100,
      })
    : [];
  const merged = mergeSignalGaps({ gaps: fromTasks.gaps, rows, windowDays });
  const gaps = merged.gaps;
  const rejected = [...fromTasks.rejected, ...merged.rejected];
  if (projects === 0 && rows.length === 0)
    log.warn(
      { repo: name, projectsTable: scan.projects_table },
      `scan: ${notMapped(name, scan.projects_table)}`,
    );
  const result: RepoScanResult = {
    repo: name,
    projects,
    gaps: gaps.length,
    opened: [],
    submitted: [],
    skipped: [],
    failed: [],
    rejected,
  };
  if (rejected.length > 0)
    log.warn(
      { repo: result.repo, rejected },
      "scan: skills that are not valid keywords were ignored",
    );
  if (gaps.length === 0) return result;

  // A skill that a team PR in flight brings is covered, as a registered team's is (in SQL).
  const inFlight = new Map(
    ((await params.inFlightSkills?.(result.repo)) ?? []).map((s) => [s.skill, s.prNumber]),
  );
  const open = await openGapKeys(github, config.trigger_label);
  let labelReady = false;
  const maxNew = params.maxNewGaps ?? MAX_NEW_GAPS_PER_SCAN;
  for (const gap of gaps) {
    const issue = renderGapIssue({
      repo: result.repo,
      gap,
      minTasks: scan.min_tasks,
      minSignals: minCount,
      tasksTable: scan.tasks_table,
    });
    const { gapKey } = issue;
    try {
      if (inFlight.has(gap.skill)) {
        result.skipped.push({
          skill: gap.skill,
          reason: `the team of pull request #${inFlight.get(gap.skill)} covers it (in flight)`,
        });
      } else if (open.has(gapKey)) {
        result.skipped.push({
          skill: gap.skill,
          reason: "an open issue or pull request has this gap",
        });
      } else if (await params.isGapRecorded?.(gapKey)) {
        result.skipped.push({ skill: gap.skill, reason: "the store already records this gap" });
      } else if (result.opened.length + result.submitted.length >= maxNew) {
        result.skipped.push({
          skill: gap.skill,
          reason: `${maxNew} new gaps per scan reached; the next scan continues`,
        });
      } else if (scan.mode === "pipeline") {
        if (!params.submitScanGap)
          throw new Error("this app has no pipeline for scan gaps; use scan.mode: issue");
        await params.submitScanGap({
          installationId: params.installationId,
          owner,
          repo,
          gapKey,
          gap,
        });
        result.submitted.push(gap.skill);
      } else {
        if (!labelReady) await github.ensureLabel(config.trigger_label);
        labelReady = true;
        const created = await github.createIssue({
          title: issue.title,
          body: issue.body,
          labels: [config.trigger_label],
        });
        result.opened.push({ skill: gap.skill, issue: created.number, url: created.url });
        open.add(gapKey);
        // Our own label does not trigger the app (it ignores bots), so the scan starts the same job.
        await params.submitScanGap?.({
          installationId: params.installationId,
          owner,
          repo,
          gapKey,
          gap,
          issueNumber: created.number,
        });
      }
    } catch (error) {
      // One gap failing (GitHub down, pipeline refused) must not hide the others.
      log.error({ err: error, repo: result.repo, skill: gap.skill }, "scan: gap not handled");
      result.failed.push({ skill: gap.skill, message: (error as Error).message });
    }
  }
  log.info(
    {
      repo: result.repo,
      opened: result.opened.length,
      submitted: result.submitted.length,
      skipped: result.skipped.length,
    },
    "scan: repository done",
  );
  return result;
}
