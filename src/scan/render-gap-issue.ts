import { cell, oneLine } from "../github/render-pull-request.ts";
import { gapFromScan, scanIssue } from "../intake/gap-from-scan.ts";
import { writeGapKeyMarker } from "../intake/gap-key.ts";
import type { CapabilityGap } from "./find-capability-gaps.ts";

const SHOWN_TASKS = 15;

/**
 * The issue a scan opens for one gap: the spec's scan issue (issue-form headings, so the label path
 * parses it back, and the gap-key marker) with an evidence section; all task text is escaped.
 */
export function renderGapIssue(params: {
  repo: string;
  gap: CapabilityGap;
  minTasks: number;
  tasksTable: string;
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
  const evidence = [
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
    "Team Factory opened this issue from a scheduled scan and proposes a new team for it as a pull request linked here (within the daily limit and cost gate); close the issue to decline.",
  ].join("\n");
  const marker = writeGapKeyMarker(specGap.gapKey);
  const at = issue.body.lastIndexOf(marker);
  const body = `${issue.body.slice(0, at)}${evidence}\n\n${issue.body.slice(at)}`;
  return {
    gapKey: specGap.gapKey,
    title: `${issue.title} (${gap.taskCount} ready tasks, ${gap.urgency} urgency)`,
    body,
  };
}
