import { z } from "zod";
import type { SignalEvidence } from "../signals/gap-signal.ts";
import { SKILL_PATTERN } from "../spec/team-spec.ts";
import type { SqlQueryable } from "../store/sql-function-caller.ts";

export interface GapQueryParams {
  minTasks: number;
  tasksTable: string;
  projectsTable: string;
  limit: number;
  idsCap: number;
}
/**
 * Runs `find_capability_gaps` somewhere: `store.findCapabilityGaps` (any store backend) or
 * `sqlGapQuery(db)` (one SQL connection); rows are unchecked.
 */
export type GapQuery = (params: GapQueryParams) => Promise<unknown[]>;

/**
 * The scan of one repository: only the tasks of the projects mapped to it
 * (`store.findRepoCapabilityGaps`), with how many projects that is.
 */
export type RepoGapQuery = (
  params: GapQueryParams & { repo: string },
) => Promise<{ projects: number; rows: unknown[] }>;

const count = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);
const GapRow = z.object({
  skill: z.string(),
  task_count: count,
  task_ids: z.array(z.string().max(100)),
  task_titles: z.array(z.string().nullable()),
  project_count: count,
  project_names: z.array(z.string().nullable()),
  urgency: z.enum(["high", "medium"]),
});

/**
 * One skill that no active team covers and that enough ready, unassigned tasks need, or enough
 * failures and unhandled requests point at (`signals`), or both.
 */
export interface CapabilityGap {
  skill: string;
  /** Exact number of ready, unassigned tasks that need the skill. */
  taskCount: number;
  /** A sample of those tasks (at most `idsCap`), id with title. */
  tasks: { id: string; title: string }[];
  projectCount: number;
  /** Up to 20 project names, the ones with most such tasks first. */
  projects: string[];
  urgency: "high" | "medium";
  /** The signals and failing tasks of the window, when they reach `signals.min_count`. */
  signals?: SignalEvidence;
}

export function sqlGapQuery(db: SqlQueryable): GapQuery {
  return async (p) =>
    (
      await db.query("select * from find_capability_gaps($1, $2, $3, $4, $5)", [
        p.minTasks,
        p.tasksTable,
        p.projectsTable,
        p.limit,
        p.idsCap,
      ])
    ).rows;
}

/**
 * Capability gaps from the task tables. Rows are validated; a skill that is not a valid skill
 * keyword (see `SKILL_PATTERN`) is reported in `rejected` rather than turned into an issue.
 */
export async function findCapabilityGaps(params: {
  query: GapQuery;
  minTasks?: number;
  tasksTable?: string;
  projectsTable?: string;
  limit?: number;
  idsCap?: number;
}): Promise<{ gaps: CapabilityGap[]; rejected: string[] }> {
  const rows = await params.query({
    minTasks: params.minTasks ?? 3,
    tasksTable: params.tasksTable ?? "pm_tasks",
    projectsTable: params.projectsTable ?? "pm_projects",
    limit: params.limit ?? 100,
    idsCap: params.idsCap ?? 50,
  });
  const gaps: CapabilityGap[] = [];
  const rejected: string[] = [];
  for (const raw of rows) {
    const row = GapRow.safeParse(raw);
    if (!row.success || !SKILL_PATTERN.test(row.data.skill)) {
      rejected.push(String((raw as { skill?: unknown } | null)?.skill ?? "?").slice(0, 60));
      continue;
    }
    const r = row.data;
    gaps.push({
      skill: r.skill,
      taskCount: r.task_count,
      tasks: r.task_ids.map((id, i) => ({ id, title: r.task_titles[i] ?? "" })),
      projectCount: r.project_count,
      projects: r.project_names.filter((n): n is string => n !== null),
      urgency: r.urgency,
    });
  }
  return { gaps, rejected };
}
