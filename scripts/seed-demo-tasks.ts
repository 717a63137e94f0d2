/**
 * Fills pm_projects / pm_tasks with demo rows and prints the gaps a scan finds in them.
 *
 *   node scripts/seed-demo-tasks.ts [--tasks 2000] [--projects 12] [--seed 7] [--repo owner/name] [--bulk]
 *
 * The database is the store's: `DATABASE_URL` when set, else the embedded PGlite in
 * `TEAM_FACTORY_DATA_DIR` (default .team-factory/pglite; `memory://` for a throwaway one), with
 * the migrations applied first. `--bulk` generates the tasks inside the database
 * (generate_series) — use it for 1,000,000. `--repo` is the repository the projects belong to
 * (`pm_projects.repository`): a repository's scan reads only its own projects' tasks.
 */
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { findCapabilityGaps, sqlGapQuery } from "../src/scan/find-capability-gaps.ts";
import { generateBulkTasks, seedDemoTasks } from "../src/scan/seed-tasks.ts";
import { applyMigrations } from "../src/store/migrations.ts";
import { DEFAULT_DATA_DIR } from "../src/store/open-store-from-env.ts";

const { values } = parseArgs({
  options: {
    tasks: { type: "string", default: "2000" },
    projects: { type: "string", default: "12" },
    seed: { type: "string", default: "7" },
    repo: { type: "string" },
    bulk: { type: "boolean", default: false },
  },
});
const [tasks, projects, seed] = [values.tasks, values.projects, values.seed].map(Number);
if (![tasks, projects, seed].every((n) => Number.isInteger(n) && (n as number) >= 1)) {
  console.error("--tasks, --projects and --seed take whole numbers of at least 1");
  process.exit(2);
}

const url = process.env.DATABASE_URL;
const dataDir = process.env.TEAM_FACTORY_DATA_DIR || DEFAULT_DATA_DIR;
const db = url
  ? new pg.Client({ connectionString: url })
  : await PGlite.create(dataDir === "memory://" ? undefined : dataDir);
if (db instanceof pg.Client) {
  await db.connect();
  await applyMigrations({
    db: { exec: (sql) => db.query(sql), query: (t, p) => db.query(t, p) },
    lock: true,
  });
} else await applyMigrations({ db });

const started = performance.now();
if (values.bulk) await generateBulkTasks({ db, tasks: tasks as number, projects });
else
  await seedDemoTasks({
    db,
    seed: seed as number,
    projects: projects as number,
    tasks: tasks as number,
    repository: values.repo,
  });
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `seeded ${tasks} tasks in ${projects} projects (${seconds} s) into ${url ? "DATABASE_URL" : `PGlite (${dataDir})`}`,
);

const { gaps } = await findCapabilityGaps({ query: sqlGapQuery(db) });
for (const gap of gaps) {
  console.log(
    `gap: ${gap.skill.padEnd(20)} ${String(gap.taskCount).padStart(7)} ready tasks, ${gap.projectCount} projects, urgency ${gap.urgency}`,
  );
}
if (db instanceof pg.Client) await db.end();
else await db.close();
