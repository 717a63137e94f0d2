import { cell, oneLine } from "../github/render-pull-request.ts";
import type { CapabilityGap } from "./find-capability-gaps.ts";

const SHOWN_TASKS = 15;

/** Title and body of the issue a scan opens for one gap; every task and project text is escaped. */
export function renderGapIssue(params: {
  gap: CapabilityGap;
  gapKey: string;
  marker: string;
  minTasks: number;
  tasksTable: string;
}): { title: string; body: string } {
  const { gap, gapKey, marker, minTasks, tasksTable } = params;
  const tasks = gap.tasks
    .slice(0, SHOWN_TASKS)
    .map((t) => `| \`${cell(oneLine(t.id, 60))}\` | ${cell(oneLine(t.title, 120)) || "—"} |`);
  const moreTasks = gap.taskCount - tasks.length;
  const projects = gap.projects.map((p) => `- ${oneLine(p, 120)}`);
  const moreProjects = gap.projectCount - projects.length;
  const body = [
    marker,
    `**${gap.taskCount}** ready tasks in \`${tasksTable}\` need **${oneLine(gap.skill, 40)}**, and no active team covers it (threshold: ${minTasks}).`,
    "",
    `- Skill: \`${gap.skill}\``,
    `- Urgency: **${gap.urgency}**${gap.urgency === "high" ? " (at least one of these projects is critical)" : ""}`,
    `- Projects: ${gap.projectCount}`,
    "",
    "| Task id | Title |",
    "| --- | --- |",
    ...tasks,
    ...(moreTasks > 0 ? ["", `…and ${moreTasks} more.`] : []),
    "",
    "Projects with these tasks:",
    "",
    ...projects,
    ...(moreProjects > 0 ? [`- …and ${moreProjects} more`] : []),
    "",
    "Team Factory opened this issue from a scheduled scan. With its label, it proposes a new team as a pull request for review; close the issue to decline.",
    "",
    `<sub>Gap key: \`${gapKey}\`</sub>`,
  ];
  return {
    title: `Capability gap: ${oneLine(gap.skill, 40)} (${gap.taskCount} ready tasks, ${gap.urgency} urgency)`,
    body: body.join("\n"),
  };
}
