import type { Logger } from "probot";
import type { RepoConfig } from "../config/repo-config.ts";
import type { ScanRepoGitHub } from "../github/scan-github.ts";
import { readGapKeyMarker } from "../intake/gap-key.ts";
import type { ScanGapSubmission } from "../intake/scan-gap-job.ts";
import { findCapabilityGaps, type RepoGapQuery } from "./find-capability-gaps.ts";
import { mergeSignalGaps, type SignalGapQuery } from "./find-signal-gaps.ts";
import { renderGapIssue } from "./render-gap-issue.ts";
import { rolloutNote } from "./rollout-note.ts";

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
  /**
   * True when the store already records a gap (any trigger) under this key; `shadow` when only a
   * shadow-mode run did (the gap is raised again once the repository leaves shadow mode).
   */
  isGapRecorded?: (gapKey: string) => Promise<boolean | "shadow">;
  /** True until the scan opened an issue in this repository (the first one explains the modes). */
  firstScanIssue?: (repo: string) => Promise<boolean>;
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
  /** Gaps handed to the pipeline in shadow mode (`mode.detected`): planned and recorded, not opened. */
  shadowed: string[];
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
    shadowed: [],
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
  let explainModes: boolean | null = null;
  const maxNew = params.maxNewGaps ?? MAX_NEW_GAPS_PER_SCAN;
  // Detected gaps start in shadow mode: planned and recorded by the pipeline, nothing opened.
  const mode = config.mode.detected;
  const shadow = mode === "shadow";
  const taken = () => result.opened.length + result.submitted.length + result.shadowed.length;
  const skipReason = async (skill: string, gapKey: string): Promise<string | null> => {
    const prNumber = inFlight.get(skill);
    if (prNumber !== undefined)
      return `the team of pull request #${prNumber} covers it (in flight)`;
    if (open.has(gapKey)) return "an open issue or pull request has this gap";
    const recorded = await params.isGapRecorded?.(gapKey);
    if (recorded === true) return "the store already records this gap";
    // A gap planned in shadow mode waits there; leaving shadow mode raises it again.
    if (recorded === "shadow" && shadow)
      return "planned in shadow mode already (listed on the operator page)";
    if (taken() >= maxNew) return `${maxNew} new gaps per scan reached; the next scan continues`;
    return null;
  };
  for (const gap of gaps) {
    const render = (note?: string) =>
      renderGapIssue({
        ...{ repo: result.repo, gap, minTasks: scan.min_tasks, minSignals: minCount },
        ...{ tasksTable: scan.tasks_table, note },
      });
    const issue = render();
    const { gapKey } = issue;
    const submission = { installationId: params.installationId, owner, repo, gapKey, gap };
    try {
      const skip = await skipReason(gap.skill, gapKey);
      if (skip) {
        result.skipped.push({ skill: gap.skill, reason: skip });
      } else if (shadow) {
        if (!params.submitScanGap)
          throw new Error("this app has no pipeline to plan scan gaps in shadow mode");
        await params.submitScanGap({ ...submission, shadow: true });
        result.shadowed.push(gap.skill);
      } else if (scan.mode === "pipeline") {
        if (!params.submitScanGap)
          throw new Error("this app has no pipeline for scan gaps; use scan.mode: issue");
        await params.submitScanGap(submission);
        result.submitted.push(gap.skill);
      } else {
        if (!labelReady) await github.ensureLabel(config.trigger_label);
        labelReady = true;
        explainModes ??= (await params.firstScanIssue?.(result.repo)) ?? false;
        const created = await github.createIssue({
          title: issue.title,
          body: explainModes ? render(rolloutNote(mode)).body : issue.body,
          labels: [config.trigger_label],
        });
        explainModes = false;
        result.opened.push({ skill: gap.skill, issue: created.number, url: created.url });
        open.add(gapKey);
        // Our own label does not trigger the app (it ignores bots), so the scan starts the same job.
        await params.submitScanGap?.({ ...submission, issueNumber: created.number });
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
      shadowed: result.shadowed.length,
      skipped: result.skipped.length,
    },
    "scan: repository done",
  );
  return result;
}
