/** Gaps found by the task scan, and the issue the scan opens for one (carrying its gap key). */
import { Gap, type Urgency } from "../spec/gap.ts";
import { normalizeSkill } from "../spec/request-values.ts";
import { SKILL_PATTERN } from "../spec/team-spec.ts";
import { gapKeyFor, writeGapKeyMarker } from "./gap-key.ts";

export interface ScanFinding {
  skill: string;
  taskCount: number;
  tasks: { id: string; title: string }[];
  projects: string[];
  urgency: Urgency;
  /** Failures and unhandled requests within the window that point at the skill. */
  signals?: { total: number; windowDays: number };
}

const oneLine = (text: string, max: number) =>
  text
    .replace(/\p{Cc}|<!--|-->/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max);

/** A Gap for a skill that ready, unassigned tasks need; keyed `<owner>/<repo>:skill:<skill>`. */
export function gapFromScan(params: { repo: string; finding: ScanFinding }): Gap {
  const { repo, finding } = params;
  const skill = normalizeSkill(finding.skill);
  const tasks = finding.tasks.slice(0, 10).map((t) => oneLine(t.title, 120) || t.id);
  const projects = finding.projects.slice(0, 5).map((p) => oneLine(p, 80));
  return Gap.parse({
    kind: "scan",
    repo,
    title: `Capability gap: ${oneLine(skill, 60)}`,
    description: describeFinding(skill, finding, tasks, projects),
    requiredSkills: SKILL_PATTERN.test(skill) ? [skill] : [],
    urgency: finding.urgency,
    affectedTasks: finding.tasks
      .slice(0, 1000)
      .map((t) => ({ id: t.id.slice(0, 100), title: oneLine(t.title, 300) })),
    affectedProjects: finding.projects.slice(0, 200).map((p) => oneLine(p, 300)),
    gapKey: gapKeyFor({ repo, skill }),
  });
}

function describeFinding(
  skill: string,
  finding: ScanFinding,
  tasks: string[],
  projects: string[],
): string {
  const { signals } = finding;
  const failures =
    signals &&
    `${signals.total} failures or unhandled requests in the last ${signals.windowDays} days point at it`;
  if (finding.taskCount === 0 && failures)
    return `No active team has the ${skill} skill, and ${failures}.`;
  return [
    `No active team has the ${skill} skill, and ${finding.taskCount} ready, unassigned tasks need it`,
    projects.length ? ` (projects: ${projects.join(", ")}).` : ".",
    tasks.length ? ` Examples: ${tasks.join("; ")}.` : "",
    failures ? ` Besides, ${failures}.` : "",
  ].join("");
}

/** Title and body of the issue the scan opens: the form's headings, so labelling it parses back. */
export function scanIssue(gap: Gap): { title: string; body: string } {
  const body = [
    "### What capability is missing?",
    "",
    gap.description,
    "",
    "### Skills the team needs",
    "",
    gap.requiredSkills.join(", ") || "_No response_",
    "",
    "### Urgency",
    "",
    gap.urgency,
    "",
    writeGapKeyMarker(gap.gapKey),
  ];
  return { title: gap.title, body: body.join("\n") };
}
