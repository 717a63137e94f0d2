import type { Gap } from "../spec/gap.ts";
import { gapFromCommand } from "./gap-from-command.ts";
import { gapFromScan } from "./gap-from-scan.ts";
import { gapKeyFor } from "./gap-key.ts";
import type { Job } from "./job.ts";
import type { CreateTeamCommand } from "./parse-command.ts";
import { gapFromIssue } from "./parse-issue-form.ts";

export interface IssueText {
  number: number;
  title: string;
  body: string;
  author: string | null;
}

/**
 * The gap key a job names by itself: a resumed gap's, the scan's skill key, else its issue's. The
 * pipeline then asks the store whether the issue belongs to a gap recorded under another key.
 */
export function gapKeyOfJob(job: Job): string {
  if (job.gapKey) return job.gapKey;
  const repo = `${job.owner}/${job.repo}`;
  if (job.trigger === "scan") return gapKeyFor({ repo, skill: job.scan.skill });
  return gapKeyFor({ repo, issueNumber: job.issueNumber ?? undefined });
}

/**
 * The Gap for a job: the issue's text (form or free text), with a `/create-team` command's
 * arguments and description on top, and the scan's evidence when the scan raised it.
 */
export function gapFromJob(params: {
  job: Job;
  gapKey: string;
  issue: IssueText | null;
  command: CreateTeamCommand | null;
}): Gap {
  const { job, gapKey, issue, command } = params;
  const repo = `${job.owner}/${job.repo}`;
  const scan = job.trigger === "scan" ? job.scan : null;
  const finding = scan && {
    skill: scan.skill,
    taskCount: scan.taskCount,
    tasks: scan.taskIds.map((id) => ({ id, title: "" })),
    projects: scan.projects,
    urgency: scan.urgency,
    signals: scan.signals,
  };
  if (!issue) {
    if (!finding) throw new Error("a job without an issue must carry scan evidence");
    return { ...gapFromScan({ repo, finding }), actor: job.actor, gapKey };
  }
  const asIssue = { ...issue, user: issue.author ? { login: issue.author } : null };
  const base = command
    ? gapFromCommand({ repo, issue: asIssue, actor: job.actor, command })
    : gapFromIssue({ repo, issue: asIssue, actor: job.actor, kind: finding ? "scan" : "label" });
  if (!finding) return { ...base, gapKey };
  const fromScan = gapFromScan({ repo, finding });
  return {
    ...base,
    gapKey,
    urgency: fromScan.urgency,
    affectedTasks: fromScan.affectedTasks,
    affectedProjects: fromScan.affectedProjects,
    requiredSkills: base.requiredSkills.length ? base.requiredSkills : fromScan.requiredSkills,
  };
}
