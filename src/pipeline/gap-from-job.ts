import { type Gap, MAX_DESCRIPTION } from "../spec/gap.ts";
import { gapKeyFor } from "../spec/gap-key.ts";
import type { CreateTeamCommand } from "../spec/parse-command.ts";
import { gapFromIssue } from "../spec/parse-issue-form.ts";
import type { GapJob } from "./gap-job.ts";

export interface IssueText {
  number: number;
  title: string;
  body: string;
  author: string | null;
}

/** The gap key of a job, known before anything is read from GitHub (the webhook carried the body). */
export function gapKeyOfJob(job: GapJob): string {
  if (job.gapKey) return job.gapKey;
  const repo = `${job.owner}/${job.repo}`;
  if (job.scan) return gapKeyFor({ repo, skill: job.scan.skill });
  return gapKeyFor({
    repo,
    issueNumber: job.issueNumber ?? undefined,
    issueBody: job.issueBody ?? null,
  });
}

/**
 * The Gap for a job: the issue's text (form or free text), then a `/create-team` command's
 * arguments and description on top, or the scan's evidence.
 */
export function gapFromJob(params: {
  job: GapJob;
  gapKey: string;
  issue: IssueText | null;
  command: CreateTeamCommand | null;
}): Gap {
  const { job, gapKey, issue, command } = params;
  const repo = `${job.owner}/${job.repo}`;
  const base: Gap = issue
    ? gapFromIssue({
        repo,
        issue: { ...issue, user: issue.author ? { login: issue.author } : null },
        actor: job.actor,
        kind: job.trigger === "command" ? "command" : job.scan ? "scan" : "label",
      })
    : scanGap(job, gapKey);
  const gap: Gap = { ...base, gapKey };
  if (job.scan) {
    gap.urgency = job.scan.urgency;
    gap.affectedProjects = job.scan.projects.slice(0, 200);
    gap.affectedTasks = job.scan.taskIds.slice(0, 1000).map((id) => ({ id, title: "" }));
    if (!gap.requiredSkills.length) gap.requiredSkills = [job.scan.skill];
  }
  if (!command) return gap;
  const description = command.description.trim();
  return {
    ...gap,
    kind: "command",
    description: description
      ? `${description}${gap.description ? `\n\n${gap.description}` : ""}`.slice(0, MAX_DESCRIPTION)
      : gap.description,
    requiredSkills: command.skills?.length ? command.skills : gap.requiredSkills,
    request: {
      ...gap.request,
      ...(command.name ? { name: command.name } : {}),
      ...(command.framework ? { framework: command.framework } : {}),
      ...(command.provider ? { provider: command.provider } : {}),
      ...(command.department ? { department: command.department } : {}),
      ...(command.model ? { model: command.model } : {}),
    },
  };
}

function scanGap(job: GapJob, gapKey: string): Gap {
  const scan = job.scan;
  if (!scan) throw new Error("a job without an issue must carry scan evidence");
  return {
    kind: "scan",
    repo: `${job.owner}/${job.repo}`,
    actor: job.actor,
    title: `No team has the ${scan.skill} skill`,
    description: `${scan.taskCount} ready tasks need the ${scan.skill} skill and no team is assigned to them (projects: ${scan.projects.slice(0, 10).join(", ") || "none named"}).`,
    requiredSkills: [scan.skill],
    urgency: scan.urgency,
    affectedTasks: [],
    affectedProjects: [],
    request: {},
    gapKey,
    notes: [],
  };
}
