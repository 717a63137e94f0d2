import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { applyMigrations } from "../../src/store/migrations.ts";

// Supabase's roles and default privileges, as a fresh project has them: anon and authenticated
// get every new table and function; service_role bypasses row-level security.
const SUPABASE_ROLES = `
  create role anon nologin;
  create role authenticated nologin;
  create role service_role nologin bypassrls;
  grant usage on schema public to anon, authenticated, service_role;
  alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
  alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
  alter default privileges in schema public grant execute on functions to anon, authenticated, service_role;
`;

let cluster: PostgresCluster;
let db: pg.Client;
beforeAll(async () => {
  cluster = await startPostgresCluster();
  db = new pg.Client(cluster.url);
  await db.connect();
  await db.query(SUPABASE_ROLES);
  await applyMigrations({ db: { exec: (sql) => db.query(sql), query: (t, p) => db.query(t, p) } });
  await db.query(
    "insert into tf_gaps (gap_key, repo, installation_id, trigger, created_at, updated_at) values ('g', 'o/r', 1, 'label', now(), now())",
  );
});
afterAll(async () => {
  await db?.end();
  await cluster?.stop();
});

async function as<T>(role: string, sql: string): Promise<T[]> {
  await db.query("begin");
  try {
    await db.query(`set local role ${role}`);
    return (await db.query(sql)).rows as T[];
  } finally {
    await db.query("rollback");
  }
}

describe("the migrations on a database with Supabase's roles", () => {
  it("keeps the store functions from the public anon key", async () => {
    for (const role of ["anon", "authenticated"]) {
      await expect(as(role, "select tf_schema_status()")).rejects.toThrow(
        /permission denied for function tf_schema_status/,
      );
      await expect(as(role, "select tf_reserve_daily_slot('s', 'g', 5)")).rejects.toThrow(
        /permission denied/,
      );
    }
  });

  it("shows the anon key no rows of the tf_ tables (row-level security, no policies)", async () => {
    expect(await as("anon", "select * from tf_gaps")).toEqual([]);
  });

  it("lets the service role call the functions and read the tables", async () => {
    const [row] = await as<{ v: { reserved: boolean } }>(
      "service_role",
      "select tf_reserve_daily_slot('s', 'g', 5) as v",
    );
    expect(row.v.reserved).toBe(true);
    expect(await as("service_role", "select gap_key from tf_gaps")).toEqual([{ gap_key: "g" }]);
  });
});
