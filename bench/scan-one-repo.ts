import type pg from "pg";
import { generateBulkTasks } from "../simulator/seed-tasks.ts";
import { findCapabilityGaps, sqlGapQuery } from "../src/scan/find-capability-gaps.ts";
import { createStore } from "../src/store/create-store.ts";
import { sqlFunctionCaller } from "../src/store/sql-function-caller.ts";
import { groupRows, type TaskRow } from "./scan.ts";

export interface RepoScanMeasure {
  tasks: number;
  repositories: number;
  /** Repositories scanned one by one (each checked against the app-side count). */
  scanned: number;
  /** Median and slowest ms of one repository's scan, as the app calls it. */
  repoMs: number;
  repoMaxMs: number;
  /** Ms of today's whole-table scan (`find_capability_gaps`) on the same database, same run. */
  wholeMs: number;
  /** Ms to generate the rows (not part of any figure). */
  seedMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Grows the generated tasks of `db` (the 1M database of `measureScan`, its projects already
 * mapped to `repositories` repositories, five projects each) to `tasks` (default 5,000,000), then
 * scans `scanned` repositories one at a time through `tf_find_repo_capability_gaps` (what the app's
 * scan calls), each compared with the same repository's rows fetched and grouped in the app, and
 * times today's whole-table scan once on the same database.
 */
export async function measureRepoScan(params: {
  db: pg.Client;
  /** Tasks already there (they are kept: ids 1..from-1). */
  from: number;
  tasks?: number;
  repositories: number;
  scanned?: number;
}): Promise<RepoScanMeasure> {
  const { db, repositories } = params;
  const tasks = params.tasks ?? 5_000_000;
  const scanned = params.scanned ?? 15;
  const seeding = performance.now();
  await withoutIndexes(db, "pm_tasks", () =>
    generateBulkTasks({ db, tasks, projects: repositories * 5, repositories, from: params.from }),
  );
  const seedMs = performance.now() - seeding;
  const store = createStore({ backend: "postgres", call: sqlFunctionCaller(db) });
  const times: number[] = [];
  for (let i = 0; i < scanned; i++) {
    const repo = `bulk/repo-${(i * 67) % repositories}`;
    const started = performance.now();
    let projects = 0;
    const { gaps } = await findCapabilityGaps({
      query: async (p) => {
        const found = await store.findRepoCapabilityGaps({ ...p, repo });
        projects = found.projects;
        return found.rows;
      },
    });
    times.push(performance.now() - started);
    const { rows } = await db.query<TaskRow>(
      `select t.required_skills, p.priority from pm_tasks t join pm_projects p on p.id = t.project_id
       where lower(p.repository) = lower($1) and t.status = 'ready' and t.assigned_team is null`,
      [repo],
    );
    const counted = groupRows(rows, 3);
    if (projects !== 5 || gaps.length !== counted.size)
      throw new Error(`scan bench: ${repo} has ${projects} projects and ${gaps.length} gaps`);
    for (const gap of gaps)
      if (counted.get(gap.skill) !== gap.taskCount)
        throw new Error(
          `scan bench: ${repo} ${gap.skill} ${gap.taskCount} ≠ ${counted.get(gap.skill)}`,
        );
  }
  const whole = performance.now();
  await findCapabilityGaps({ query: sqlGapQuery(db) });
  const wholeMs = performance.now() - whole;
  // The first repository warms the cache; the figure is the median of the others.
  const warm = times.slice(1);
  return {
    tasks,
    repositories,
    scanned,
    repoMs: median(warm),
    repoMaxMs: Math.max(...warm),
    wholeMs,
    seedMs,
  };
}

/**
 * Bulk loading: the table's secondary indexes and foreign keys are dropped for `load` and built again after
 * it (a sorted build instead of millions of random inserts), then the table is analysed again.
 */
async function withoutIndexes(db: pg.Client, table: string, load: () => Promise<void>) {
  const { rows: constraints } = await db.query<{ name: string; def: string }>(
    "select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = $1::regclass and contype = 'f'",
    [table],
  );
  const { rows: indexes } = await db.query<{ name: string; def: string }>(
    "select indexname as name, indexdef as def from pg_indexes where tablename = $1 and indexname not in (select conname from pg_constraint where conrelid = $1::regclass)",
    [table],
  );
  for (const c of [...constraints].reverse())
    await db.query(`alter table ${table} drop constraint ${c.name}`);
  for (const i of indexes) await db.query(`drop index ${i.name}`);
  await load();
  await db.query("set maintenance_work_mem = '256MB'");
  for (const c of constraints)
    await db.query(`alter table ${table} add constraint ${c.name} ${c.def}`);
  for (const i of indexes) await db.query(i.def);
  await db.query(`vacuum analyze ${table}`);
}
