import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** Where the migrations live (the Supabase CLI layout). */
export const MIGRATIONS_DIR = join(import.meta.dirname, "../../supabase/migrations");

export interface Migration {
  version: string;
  name: string;
  sql: string;
  /** The file records itself in tf_schema_migrations, so `supabase db push` leaves a trace the app can check. */
  recordsItself: boolean;
}

/** Runs a script of several statements (`exec`: `pg`'s simple query protocol) and queries. */
export interface SqlScriptRunner {
  exec(sql: string): Promise<unknown>;
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Every `<timestamp>_<name>.sql` file, in order. */
export async function listMigrations(params: { dir?: string } = {}): Promise<Migration[]> {
  const dir = params.dir ?? MIGRATIONS_DIR;
  const files = (await readdir(dir)).filter((f) => /^\d{14}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(join(dir, file), "utf8");
      const [version, ...rest] = file.replace(/\.sql$/, "").split("_");
      return {
        version,
        name: rest.join("_"),
        sql,
        recordsItself: sql.includes(
          `insert into tf_schema_migrations (version, name) values ('${version}'`,
        ),
      };
    }),
  );
}

/**
 * Applies the migrations not yet recorded, in order, each file and its record in one implicit
 * transaction. On a shared Postgres a session advisory lock keeps two starting replicas apart;
 * `db` must then be one connection (a `pg` Client, not a Pool).
 */
export async function applyMigrations(params: {
  db: SqlScriptRunner;
  migrations?: Migration[];
  lock?: boolean;
}): Promise<{ applied: string[] }> {
  const { db } = params;
  const migrations = params.migrations ?? (await listMigrations());
  if (params.lock) await db.query("select pg_advisory_lock(7361626, 0)");
  try {
    await db.exec(
      "create table if not exists tf_schema_migrations (version text primary key, name text not null, applied_at timestamptz not null default now())",
    );
    const { rows } = await db.query("select version from tf_schema_migrations");
    const done = new Set(rows.map((r) => (r as { version: string }).version));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      const record = `insert into tf_schema_migrations (version, name) values ('${m.version}', '${m.name}') on conflict (version) do nothing;`;
      await db.exec(`${m.sql}\n;\n${record}`);
      applied.push(`${m.version}_${m.name}`);
    }
    return { applied };
  } finally {
    if (params.lock) await db.query("select pg_advisory_unlock(7361626, 0)");
  }
}
