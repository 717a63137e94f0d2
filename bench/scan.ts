import pg from "pg";
import { startPostgresCluster } from "../simulator/postgres-cluster.ts";
import { generateBulkTasks } from "../simulator/seed-tasks.ts";
import { findCapabilityGaps, sqlGapQuery } from "../src/scan/find-capability-gaps.ts";
import { normalizeSkill } from "../src/spec/request-values.ts";
import { openEmbeddedStore } from "../src/store/open-embedded-store.ts";
import type { SqlQueryable } from "../src/store/sql-function-caller.ts";
import { applyScanMigrations } from "../test/scan/apply-scan-migrations.ts";

export interface ScanMeasure {
  backend: "postgres" | "embedded";
  tasks: number;
  runs: number;
  /** Median ms of `find_capability_gaps` (the work stays in the database). */
  sqlMs: number;
  /** Median ms of the seed's way: fetch every ready, unassigned task to the app and group there. */
  fetchAllMs: number;
  /** Ms of the seed's way through PostgREST: 1,000-row JSON pages (offset paging); one run. */
  pagedMs: number;
  /** fetchAllMs ÷ sqlMs (the seed's way at its best). */
  ratio: number;
  /** pagedMs ÷ sqlMs (the seed's way as it runs on Supabase, made complete). */
  pagedRatio: number;
  gaps: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export type TaskRow = { required_skills: string[]; priority: string | null };
const READY_UNASSIGNED = `select t.id, t.title, t.required_skills, p.priority
  from pm_tasks t left join pm_projects p on p.id = t.project_id
  where t.status = 'ready' and t.assigned_team is null`;

export function groupRows(rows: TaskRow[], minTasks: number): Map<string, number> {
  const bySkill = new Map<string, { count: number; critical: boolean }>();
  for (const row of rows) {
    for (const skill of new Set(row.required_skills.map(normalizeSkill))) {
      if (!skill) continue;
      const entry = bySkill.get(skill) ?? { count: 0, critical: false };
      entry.count++;
      entry.critical ||= row.priority === "critical";
      bySkill.set(skill, entry);
    }
  }
  return new Map([...bySkill].filter(([, e]) => e.count >= minTasks).map(([s, e]) => [s, e.count]));
}

/** The seed's `detect_capability_gaps` at its best: every row in one query, grouped in the app. */
export async function groupInApp(db: SqlQueryable, minTasks: number): Promise<Map<string, number>> {
  return groupRows((await db.query<TaskRow>(READY_UNASSIGNED)).rows, minTasks);
}

/**
 * The seed's way as it runs through PostgREST: JSON pages of 1,000 rows (Supabase's max-rows)
 * fetched with `.range()` (offset paging) until a short page, then grouped in the app.
 */
export async function groupInAppPaged(
  db: SqlQueryable,
  minTasks: number,
): Promise<Map<string, number>> {
  const rows: TaskRow[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await db.query<{ json: string }>(
      `select coalesce(json_agg(r), '[]')::text as json
       from (${READY_UNASSIGNED} order by t.id limit 1000 offset $1) r`,
      [offset],
    );
    const batch = JSON.parse(page.rows[0]?.json ?? "[]") as TaskRow[];
    rows.push(...batch);
    if (batch.length < 1000) return groupRows(rows, minTasks);
  }
}

/** Both ways on the same database with the same rows; throws if they disagree on any count. */
export async function compareScans(params: {
  db: SqlQueryable;
  runs: number;
  /** Also time the PostgREST-paged way once (default true; minutes on PostgreSQL at 1,000,000). */
  paged?: boolean;
}): Promise<{ sqlMs: number; fetchAllMs: number; pagedMs: number; gaps: number }> {
  const sql: number[] = [];
  const fetchAll: number[] = [];
  const paged: number[] = [];
  let gaps = 0;
  for (let run = 0; run < params.runs; run++) {
    const a = await timed(() => findCapabilityGaps({ query: sqlGapQuery(params.db) }));
    const b = await timed(() => groupInApp(params.db, 3));
    // The paged way takes tens of seconds at 1,000,000 tasks: measured once, checked every time.
    const c =
      run === 0 && params.paged !== false
        ? await timed(() => groupInAppPaged(params.db, 3))
        : { ms: NaN, value: b.value };
    sql.push(a.ms);
    fetchAll.push(b.ms);
    if (run === 0) paged.push(c.ms);
    gaps = a.value.gaps.length;
    for (const gap of a.value.gaps) {
      const counts = [b.value.get(gap.skill), c.value.get(gap.skill)];
      if (counts.some((n) => n !== gap.taskCount)) {
        throw new Error(
          `scan bench: ${gap.skill} counted ${gap.taskCount} in SQL, ${counts} in the app`,
        );
      }
    }
  }
  return { sqlMs: median(sql), fetchAllMs: median(fetchAll), pagedMs: median(paged), gaps };
}

/**
 * Gap scan over `tasks` generated tasks (default 1,000,000): the SQL function vs fetch-all, medians
 * of `runs`, same database and run. Without `db`, `postgres` starts a throwaway PostgreSQL server
 * (simulator/postgres-cluster.ts, Debian's) and `embedded` a throwaway embedded store (the app's
 * default server, from npm); both are gone afterwards.
 */
export async function measureScan(params: {
  backend: "postgres" | "embedded";
  tasks?: number;
  runs?: number;
  db?: SqlQueryable & { exec?: (sql: string) => Promise<unknown> };
  /** See `compareScans`; pagedMs is NaN when false. */
  paged?: boolean;
  /** Projects of the generated tasks (default 200) and the repositories they belong to (none). */
  projects?: number;
  repositories?: number;
}): Promise<ScanMeasure> {
  const tasks = params.tasks ?? 1_000_000;
  const runs = params.runs ?? 3;
  const cluster = !params.db && params.backend === "postgres" ? await startPostgresCluster() : null;
  const embedded =
    !params.db && params.backend === "embedded"
      ? await openEmbeddedStore({ dataDir: "memory://" })
      : null;
  const client = cluster
    ? new pg.Client({ connectionString: cluster.url })
    : embedded
      ? new pg.Client(embedded.server.connection)
      : null;
  await client?.connect();
  const db: SqlQueryable & { exec?: (sql: string) => Promise<unknown> } =
    params.db ?? (client as pg.Client);
  try {
    await applyScanMigrations(db);
    await db.query("truncate pm_tasks, pm_projects cascade");
    await generateBulkTasks({
      db,
      tasks,
      projects: params.projects,
      repositories: params.repositories,
    });
    const { sqlMs, fetchAllMs, pagedMs, gaps } = await compareScans({
      db,
      runs,
      paged: params.paged,
    });
    const ratio = fetchAllMs / sqlMs;
    const pagedRatio = pagedMs / sqlMs;
    return {
      backend: params.backend,
      tasks,
      runs,
      sqlMs,
      fetchAllMs,
      pagedMs,
      ratio,
      pagedRatio,
      gaps,
    };
  } finally {
    await client?.end();
    await cluster?.stop();
    await embedded?.store.close();
  }
}
