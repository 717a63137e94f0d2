/**
 * Fills pm_projects / pm_tasks with demo rows and prints the gaps a scan finds in them.
 *
 *   node scripts/seed-demo-tasks.ts [--tasks 2000] [--projects 12] [--seed 7] [--repo owner/name] [--bulk]
 *
 * The database is the store's: `DATABASE_URL` when set, else the embedded PostgreSQL in
 * `TEAM_FACTORY_DATA_DIR` (default .team-factory/postgres; joined if the app runs on it;
 * `memory://` for a throwaway one), with the migrations applied first. `--bulk` generates the tasks inside the database
 * (generate_series) — use it for 1,000,000.
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { generateBulkTasks, seedDemoTasks } from "../simulator/seed-tasks.ts";
import { findCapabilityGaps, sqlGapQuery } from "../src/scan/find-capability-gaps.ts";
import { applyMigrations } from "../src/store/migrations.ts";
import { openEmbeddedStore } from "../src/store/open-embedded-store.ts";
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
const embedded = url
  ? null
  : await openEmbeddedStore({ dataDir, isDefault: !process.env.TEAM_FACTORY_DATA_DIR });
const db = new pg.Client(embedded ? embedded.server.connection : { connectionString: url });
await db.connect();
if (!embedded) {
  await applyMigrations({
    db: { exec: (sql) => db.query(sql), query: (t, p) => db.query(t, p) },
    lock: true,
  });
}

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
  `seeded ${tasks} tasks in ${projects} projects (${seconds} s) into ${embedded ? `the embedded PostgreSQL (${embedded.server.dataDir})` : "DATABASE_URL"}`,
);

const { gaps } = await findCapabilityGaps({ query: sqlGapQuery(db) });
for (const gap of gaps) {
  console.log(
    `gap: ${gap.skill.padEnd(20)} ${String(gap.taskCount).padStart(7)} ready tasks, ${gap.projectCount} projects, urgency ${gap.urgency}`,
  );
}
await db.end();
await embedded?.store.close();
