import type { SqlQueryable } from "../src/store/sql-function-caller.ts";

/** Skills the demo tasks ask for; the first ones are deliberately rare in the registry. */
export const DEMO_SKILLS = [
  "data visualization",
  "dashboard design",
  "kubernetes",
  "sql",
  "copywriting",
  "seo",
  "python",
  "security review",
  "financial modeling",
  "customer support",
] as const;

const PRIORITIES = ["critical", "high", "medium", "low"] as const;
const STATUSES = ["pending", "ready", "ready", "ready", "in_progress", "blocked", "completed"];
const PROJECT_WORDS = [
  "Apollo",
  "Beacon",
  "Comet",
  "Delta",
  "Ember",
  "Falcon",
  "Glacier",
  "Harbor",
];

export interface DemoProject {
  id: string;
  name: string;
  priority: (typeof PRIORITIES)[number];
}
export interface DemoTask {
  id: string;
  projectId: string;
  title: string;
  status: string;
  assignedTeam: string | null;
  requiredSkills: string[];
}

/** mulberry32: a small seeded PRNG, so the same seed always yields the same rows. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Deterministic demo projects and tasks; skill spelling varies in case and spacing on purpose. */
export function generateDemoTasks(params: { seed: number; projects: number; tasks: number }): {
  projects: DemoProject[];
  tasks: DemoTask[];
} {
  const random = seededRandom(params.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const projects = Array.from({ length: params.projects }, (_, i) => ({
    id: uuidFrom(random),
    name: `${PROJECT_WORDS[i % PROJECT_WORDS.length]} ${Math.floor(i / PROJECT_WORDS.length) + 1}`,
    priority: pick(PRIORITIES),
  }));
  const tasks = Array.from({ length: params.tasks }, (_, i) => {
    const skills = new Set<string>();
    const wanted = 1 + Math.floor(random() * 3);
    // Skewed on purpose: half the tasks need data visualization, so the demo has one clear gap.
    if (random() < 0.5) skills.add(DEMO_SKILLS[0]);
    while (skills.size < wanted) skills.add(pick(DEMO_SKILLS));
    const requiredSkills = [...skills].map((s) => {
      const r = random();
      return r < 0.15 ? ` ${s.toUpperCase()} ` : r < 0.25 ? s.replaceAll(" ", "  ") : s;
    });
    return {
      id: uuidFrom(random),
      projectId: pick(projects).id,
      title: `Task ${i + 1}: ${[...skills][0]}`,
      status: pick(STATUSES),
      assignedTeam: random() < 0.25 ? uuidFrom(random) : null,
      requiredSkills,
    };
  });
  return { projects, tasks };
}

/**
 * Inserts generated demo rows in batches (one statement per 5,000 tasks); a rerun adds nothing.
 * `repository` (`owner/name`) is the repository the projects belong to: only its scan sees them.
 */
export async function seedDemoTasks(params: {
  db: SqlQueryable;
  seed: number;
  projects: number;
  tasks: number;
  repository?: string;
}): Promise<{ projects: DemoProject[]; tasks: DemoTask[] }> {
  const data = generateDemoTasks(params);
  const { db } = params;
  await db.query(
    `insert into pm_projects (id, name, priority, status, repository)
     select u.*, 'active', $4::text from unnest($1::uuid[], $2::text[], $3::text[]) u
     on conflict (id) do nothing`,
    [
      data.projects.map((p) => p.id),
      data.projects.map((p) => p.name),
      data.projects.map((p) => p.priority),
      params.repository ?? null,
    ],
  );
  for (let start = 0; start < data.tasks.length; start += 5000) {
    const batch = data.tasks.slice(start, start + 5000);
    await db.query(
      `insert into pm_tasks (id, project_id, title, status, assigned_team, required_skills)
       select u.id, u.project_id, u.title, u.status, u.assigned_team, string_to_array(u.skills, '|')
       from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[])
         as u(id, project_id, title, status, assigned_team, skills)
       on conflict (id) do nothing`,
      [
        batch.map((t) => t.id),
        batch.map((t) => t.projectId),
        batch.map((t) => t.title),
        batch.map((t) => t.status),
        batch.map((t) => t.assignedTeam),
        batch.map((t) => t.requiredSkills.join("|")),
      ],
    );
  }
  return data;
}

/**
 * Fills the tables with `tasks` rows inside the database (generate_series): 1,000,000 rows in
 * seconds instead of minutes. Deterministic; about a third of the tasks are ready and unassigned.
 * With `repositories`, project i belongs to `bulk/repo-<i mod repositories>`. Task ids ascend with
 * the row number, so the primary key grows at its end (a fast load); `from` continues an earlier
 * load (rows `from`..`tasks`).
 */
export async function generateBulkTasks(params: {
  db: SqlQueryable;
  tasks: number;
  projects?: number;
  repositories?: number;
  from?: number;
}): Promise<void> {
  const projects = params.projects ?? 200;
  const skills = DEMO_SKILLS.map((s) => s.replaceAll("'", ""));
  await params.db.query(
    `insert into pm_projects (id, name, priority, repository)
     select md5('project' || i)::uuid, 'Bulk project ' || i,
            (array['critical','high','medium','low'])[1 + (i * 7) % 4],
            case when $2::int > 0 then 'bulk/repo-' || (i % $2::int) end
     from generate_series(1, $1::int) i
     on conflict (id) do nothing`,
    [projects, params.repositories ?? 0],
  );
  await params.db.query(
    `insert into pm_tasks (id, project_id, title, status, assigned_team, required_skills)
     select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
            md5('project' || (1 + h.a % $2::int))::uuid,
            'Bulk task ' || i,
            (array['pending','ready','ready','in_progress','completed','blocked'])[1 + h.b % 6],
            case when h.c % 5 = 0 then md5('team' || (h.c % 7))::uuid end,
            ($3::text[])[1 + h.d % $4::int : 1 + h.d % $4::int + h.a % 3]
     from generate_series($5::int, $1::int) i
     cross join lateral (
       select hashint4(i) & 65535 as a, (hashint4(i) >> 16) & 32767 as b,
              hashint4(-i) & 65535 as c, (hashint4(-i) >> 16) & 32767 as d
     ) h
     on conflict (id) do nothing`,
    [params.tasks, projects, skills, skills.length, params.from ?? 1],
  );
  // Outside a transaction, so the visibility map is set and the partial index answers alone.
  await params.db.query("vacuum analyze pm_projects");
  await params.db.query("vacuum analyze pm_tasks");
}
