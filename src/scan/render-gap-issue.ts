import { gapFromScan, scanIssue } from "../intake/gap-from-scan.ts";
import { writeGapKeyMarker } from "../intake/gap-key.ts";
import { cell, oneLine } from "../render/render-pull-request.ts";
import type { SignalEvidence } from "../signals/gap-signal.ts";
import { plainText } from "../spec/plain-text.ts";
import type { CapabilityGap } from "./find-capability-gaps.ts";

const SHOWN_TASKS = 15;
const KIND_WORDS = { "unhandled-request": "unhandled request", "task-failed": "failed task" };

/** `2026-12-06 09:30 UTC` from an ISO time (the store's); the text itself when it is not one. */
function when(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t)
    ? cell(plainText(iso, 40))
    : `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The evidence of signals: counts by origin, first and last seen, the latest three (escaped). */
function signalSection(
  signals: SignalEvidence,
  minSignals: number | undefined,
  tasksTable: string,
): string[] {
  const from = minSignals === undefined ? "" : ` (a gap from ${minSignals})`;
  const samples = signals.samples
    .slice(0, 3)
    .map(
      (s) =>
        `| ${when(s.occurredAt)} | ${KIND_WORDS[s.kind]} | ${cell(plainText(s.source, 60)) || "—"} | ${cell(plainText(s.detail, 200)) || "—"} |`,
    );
  return [
    "### Evidence from failures and unhandled requests",
    "",
    `**${signals.total}** in the last ${signals.windowDays} days point at this skill${from}: ${signals.unhandled} unhandled requests and ${signals.failedSignals} failed tasks reported in \`gap_signals\`, ${signals.failedTasks} blocked or cancelled tasks with a reason in \`${tasksTable}\`.`,
    "",
    `First seen ${when(signals.firstSeen)}, last seen ${when(signals.lastSeen)}. The latest ${samples.length}:`,
    "",
    "| When | Kind | Source | Detail |",
    "| --- | --- | --- | --- |",
    ...samples,
    "",
  ];
}

/**
 * The issue a scan opens for one gap: the spec's scan issue (issue-form headings, so the label path
 * parses it back, and the gap-key marker) with an evidence section; all task text is escaped.
 */
export function renderGapIssue(params: {
  repo: string;
  gap: CapabilityGap;
  minTasks: number;
  /** `signals.min_count`: how many signals make a gap (shown with their evidence). */
  minSignals?: number;
  tasksTable: string;
  /** A section after the evidence (the rollout modes, on the first issue of a repository). */
  note?: string;
}): { gapKey: string; title: string; body: string } {
  const { gap, minTasks, tasksTable } = params;
  // Task and project text reaches the description too: no pings, no HTML there either.
  const finding = {
    ...gap,
    tasks: gap.tasks.map((t) => ({ id: t.id, title: oneLine(t.title, 300) })),
    projects: gap.projects.map((p) => oneLine(p, 300)),
  };
  const specGap = gapFromScan({ repo: params.repo, finding });
  const issue = scanIssue(specGap);
  const tasks = gap.tasks
    .slice(0, SHOWN_TASKS)
    .map((t) => `| \`${cell(oneLine(t.id, 60))}\` | ${cell(oneLine(t.title, 120)) || "—"} |`);
  const moreTasks = gap.taskCount - tasks.length;
  const projects = gap.projects.map((p) => `- ${oneLine(p, 120)}`);
  const moreProjects = gap.projectCount - projects.length;
  const fromTasks = [
    "### Evidence from the task scan",
    "",
    `**${gap.taskCount}** ready, unassigned tasks in \`${tasksTable}\` need this skill (a gap from ${minTasks}); urgency **${gap.urgency}**${gap.urgency === "high" ? " because at least one of their projects is critical" : ""}.`,
    "",
    "| Task id | Title |",
    "| --- | --- |",
    ...tasks,
    ...(moreTasks > 0 ? ["", `…and ${moreTasks} more.`] : []),
    "",
    `Projects (${gap.projectCount}):`,
    "",
    ...projects,
    ...(moreProjects > 0 ? [`- …and ${moreProjects} more`] : []),
    "",
  ];
  const evidence = [
    ...(gap.taskCount > 0 || !gap.signals ? fromTasks : []),
    ...(gap.signals ? signalSection(gap.signals, params.minSignals, tasksTable) : []),
    "Team Factory opened this issue from a scheduled scan and proposes a new team for it as a pull request linked here (within the daily limit and cost gate); close the issue to decline.",
    ...(params.note ? ["", params.note] : []),
  ].join("\n");
  const marker = writeGapKeyMarker(specGap.gapKey);
  const at = issue.body.lastIndexOf(marker);
  const body = `${issue.body.slice(0, at)}${evidence}\n\n${issue.body.slice(at)}`;
  return {
    gapKey: specGap.gapKey,
    title: `${issue.title} (${titleCounts(gap)})`,
    body,
  };
}

function titleCounts(gap: CapabilityGap): string {
  const signals = gap.signals && `${gap.signals.total} failures or unhandled requests`;
  if (!signals) return `${gap.taskCount} ready tasks, ${gap.urgency} urgency`;
  if (gap.taskCount === 0) return `${signals} in ${gap.signals?.windowDays} days`;
  return `${gap.taskCount} ready tasks, ${signals}, ${gap.urgency} urgency`;
}
