import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { seedDemoTasks } from "../../simulator/seed-tasks.ts";
import { applyScanMigrations } from "./apply-scan-migrations.ts";

// A fresh Supabase project grants every new table and function to the public API keys.
const SUPABASE_ROLES = `
  create role anon nologin;
  create role authenticated nologin;
  create role service_role nologin bypassrls;
  grant usage on schema public to anon, authenticated, service_role;
  alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
  alter default privileges in schema public grant execute on functions to anon, authenticated, service_role;
`;

describe("the scan's tables and functions on a Supabase-like database", () => {
  let cluster: PostgresCluster;
  let db: pg.Client;
  const as = async (role: string, sql: string) => {
    await db.query("begin");
    try {
      await db.query(`set local role ${role}`);
      return (await db.query(sql)).rows;
    } finally {
      await db.query("rollback");
    }
  };
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    db = new pg.Client(cluster.url);
    await db.connect();
    await db.query(SUPABASE_ROLES);
    await applyScanMigrations(db);
    await seedDemoTasks({ db, seed: 3, projects: 4, tasks: 100, repository: "acme/agents" });
  });
  afterAll(async () => {
    await db?.end();
    await cluster?.stop();
  });

  it("keeps task titles from the anon and authenticated keys", async () => {
    for (const role of ["anon", "authenticated"]) {
      await expect(as(role, "select * from find_capability_gaps()")).rejects.toThrow(
        /permission denied for function find_capability_gaps/,
      );
      await expect(as(role, "select tf_find_capability_gaps()")).rejects.toThrow(
        /permission denied for function tf_find_capability_gaps/,
      );
      await expect(as(role, "select tf_find_repo_capability_gaps('acme/agents')")).rejects.toThrow(
        /permission denied for function tf_find_repo_capability_gaps/,
      );
      expect(await as(role, "select id from pm_tasks")).toEqual([]);
    }
  });

  it("lets the service role scan", async () => {
    const rows = await as("service_role", "select skill from find_capability_gaps()");
    expect(rows.length).toBeGreaterThan(0);
    const [one] = await as(
      "service_role",
      "select tf_find_repo_capability_gaps('acme/agents') as v",
    );
    expect(one).toMatchObject({ v: { projects: 4 } });
  });
});
