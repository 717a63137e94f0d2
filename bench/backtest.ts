import type pg from "pg";
import { DEMO_SKILLS } from "../simulator/seed-tasks.ts";
import { runBacktest } from "../src/backtest/run-backtest.ts";
import { createStore } from "../src/store/create-store.ts";
import type { BacktestHistory, SignalStore } from "../src/store/signal-store.ts";
import { sqlFunctionCaller } from "../src/store/sql-function-caller.ts";
import { applyScanMigrations } from "../test/scan/apply-scan-migrations.ts";

export interface BacktestMeasure {
  repositories: number;
  tasks: number;
  signals: number;
  runs: number;
  /** Median ms of `runBacktest` over 90 days and every repository: the store's load and the replay. */
  medianMs: number;
  /** Median ms of its load alone: the database's grouping and moving its answer (`tf_backtest_history`). */
  loadMs: number;
  /** Task, signal and failure events in the loaded history. */
  events: number;
  raised: number;
  filled: number;
  dismissed: number;
  open: number;
  /** Ms to generate the history (not part of any figure). */
  seedMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
/** Skills the seeded history asks for: the demo's and ten rarer ones that signals point at. */
const SKILLS = [...DEMO_SKILLS, ...Array.from({ length: 10 }, (_, i) => `rare skill ${i}`)];

/**
 * A deterministic history inside the database (generate_series): `repositories` repositories of
 * five projects, `tasks` tasks created over the last 120 days (ready, in progress, done, blocked
 * with and without a reason, pending), `signals` signals over the last 100 days, eight teams
 * registered ten days apart, and three gaps per repository the app recorded (a third rejected).
 */
export async function seedHistory(params: {
  db: pg.Client;
  repositories: number;
  tasks: number;
  signals: number;
}): Promise<void> {
  const { db, repositories } = params;
  await db.query(
    `insert into pm_projects (id, name, priority, repository)
     select md5('bt-project' || i)::uuid, 'Project ' || i, 'medium', 'bulk/repo-' || (i % $1::int)
     from generate_series(1, $1::int * 5) i on conflict (id) do nothing`,
    [repositories],
  );
  await db.query(
    `insert into pm_tasks (id, project_id, title, status, assigned_team, required_skills, blocker_description, created_at, updated_at)
     select ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid,
            md5('bt-project' || (1 + h.a % ($2::int * 5)))::uuid,
            'Task ' || i, st.status,
            case when st.status in ('in_progress', 'review', 'completed') then md5('team' || (h.c % 7))::uuid end,
            ($3::text[])[1 + h.d % $4::int : 1 + h.d % $4::int + h.a % 2],
            case when st.status = 'blocked' and h.c % 2 = 0 then 'no team can do it' end,
            c.created, least(c.created + make_interval(hours => h.b % 240), now())
     from generate_series(1, $1::int) i
     cross join lateral (
       select hashint4(i) & 65535 as a, (hashint4(i) >> 16) & 32767 as b,
              hashint4(-i) & 65535 as c, (hashint4(-i) >> 16) & 32767 as d
     ) h
     cross join lateral (
       select (array['pending','ready','ready','ready','in_progress','review','completed','completed','blocked','cancelled'])[1 + h.b % 10] as status
     ) st
     cross join lateral (select now() - make_interval(mins => (h.a * 31 + h.d) % (120 * 1440)) as created) c`,
    [params.tasks, repositories, SKILLS, SKILLS.length],
  );
  await db.query(
    `insert into gap_signals (repository, id, kind, skill, source, detail, occurred_at)
     select 'bulk/repo-' || (h.a % $2::int), 's' || i,
            (array['unhandled-request','task-failed'])[1 + h.b % 2],
            ($3::text[])[1 + h.c % $4::int], 'router', 'request ' || i,
            now() - make_interval(mins => h.d % (100 * 1440))
     from generate_series(1, $1::int) i
     cross join lateral (
       select hashint4(i * 7) & 65535 as a, (hashint4(i * 7) >> 16) & 32767 as b,
              hashint4(-i * 7) & 65535 as c, (hashint4(-i * 7) >> 16) & 32767 as d
     ) h`,
    [params.signals, repositories, SKILLS, SKILLS.length],
  );
  for (let k = 0; k < 8; k++) {
    const { rows } = await db.query<{ id: string }>(
      "insert into teams (name, created_at, updated_at) values ($1, now() - make_interval(days => $2::int), now()) returning id",
      [`bench-team-${k}`, 10 + k * 10],
    );
    await db.query("insert into team_members (team_id, role, skills) values ($1, 'lead', $2)", [
      rows[0]?.id,
      [SKILLS[k * 2]],
    ]);
  }
  await db.query(
    `insert into tf_gaps (gap_key, repo, installation_id, trigger, state, created_at, updated_at)
     select 'bulk/repo-' || r || ':skill:' || replace(($2::text[])[1 + (r * 3 + k) % $3::int], ' ', '-'),
            'bulk/repo-' || r, 1, 'scan', (array['rejected','pr-open','merged'])[1 + k],
            now() - make_interval(days => (r + k) % 60), now()
     from generate_series(0, $1::int - 1) r cross join generate_series(0, 2) k
     on conflict (gap_key) do nothing`,
    [repositories, SKILLS, SKILLS.length],
  );
  await db.query("vacuum analyze pm_projects, pm_tasks, gap_signals, teams, team_members, tf_gaps");
}

/**
 * `team-factory backtest --since 90d` over every repository of a seeded history: `runs` timed
 * runs after one warm-up; the history loaded is checked against the rows (every repository's and
 * skill's ready, unassigned tasks on the last day are the tasks ready and unassigned now).
 */
export async function measureBacktest(params: {
  db: pg.Client;
  repositories?: number;
  tasks?: number;
  signals?: number;
  runs?: number;
}): Promise<BacktestMeasure> {
  const { db } = params;
  const repositories = params.repositories ?? 1000;
  const tasks = params.tasks ?? 1_000_000;
  const signals = params.signals ?? 200_000;
  const runs = params.runs ?? 3;
  await applyScanMigrations(db);
  const seeding = performance.now();
  await seedHistory({ db, repositories, tasks, signals });
  const seedMs = performance.now() - seeding;
  const store = createStore({ backend: "postgres", call: sqlFunctionCaller(db) });
  // The store as runBacktest sees it, timing its one load and keeping the history it loaded.
  const loads: number[] = [];
  let history: BacktestHistory | null = null;
  const timedStore = {
    signals: {
      ...store.signals,
      async backtestHistory(p: Parameters<SignalStore["backtestHistory"]>[0]) {
        const started = performance.now();
        history = await store.signals.backtestHistory(p);
        loads.push(performance.now() - started);
        return history;
      },
    },
  };
  let report = await runBacktest(timedStore, { sinceDays: 90 });
  loads.length = 0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    report = await runBacktest(timedStore, { sinceDays: 90 });
    times.push(performance.now() - started);
  }
  if (!history) throw new Error("backtest bench: no history was loaded");
  checkOpenTasks(history, await readyNow(db));
  return {
    repositories,
    tasks,
    signals,
    runs,
    medianMs: median(times),
    loadMs: median(loads),
    events: countEvents(history as BacktestHistory),
    raised: report.totals.raised,
    filled: report.totals.filled,
    dismissed: report.totals.dismissed,
    open: report.totals.open,
    seedMs,
  };
}

/** Ready, unassigned tasks per `repo\nskill` now, counted in the app from the rows. */
async function readyNow(db: pg.Client): Promise<Map<string, number>> {
  const { rows } = await db.query<{ repo: string; skills: string[] }>(
    `select lower(p.repository) as repo, t.required_skills as skills
     from pm_tasks t join pm_projects p on p.id = t.project_id
     where t.status = 'ready' and t.assigned_team is null and p.repository is not null`,
  );
  const counts = new Map<string, number>();
  for (const row of rows)
    for (const skill of new Set(row.skills.map((s) => s.trim().toLowerCase()))) {
      const key = `${row.repo}\n${skill}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  return counts;
}

/** Each repository's and skill's open tasks on the history's last day are the tasks ready now. */
function checkOpenTasks(history: BacktestHistory, expected: Map<string, number>): void {
  const open = new Map(
    history.tasks.map((t) => [`${t.repo}\n${t.skill}`, t.opened.length - t.closed.length]),
  );
  for (const [key, n] of expected)
    if ((open.get(key) ?? 0) !== n)
      throw new Error(
        `backtest bench: ${key.replace("\n", " ")} ends with ${open.get(key)} open tasks, ${n} are ready now`,
      );
}

function countEvents(history: BacktestHistory): number {
  const sum = (lists: number[][]) => lists.reduce((n, l) => n + l.length, 0);
  return (
    sum(history.tasks.map((t) => t.opened)) +
    sum(history.tasks.map((t) => t.closed)) +
    sum(history.signals.map((s) => s.days)) +
    sum(history.failures.map((f) => f.days))
  );
}
