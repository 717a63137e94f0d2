import { rm } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore } from "../../src/store/create-store.ts";
import { applyMigrations, listMigrations } from "../../src/store/migrations.ts";
import { openStoreFromEnv, openStoreWithReport } from "../../src/store/open-store-from-env.ts";
import { openSupabaseStore } from "../../src/store/open-supabase-store.ts";
import { sqlFunctionCaller } from "../../src/store/sql-function-caller.ts";
import { StoreError } from "../../src/store/store-error.ts";
import { scratchDir } from "../support/scratch-dir.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

let server: TestDatabase;
let databases = 0;
beforeAll(async () => {
  server = await openTestDatabase();
});
afterAll(async () => {
  await server?.close();
});

/** A new, empty database on the file's embedded server, and a store over it. */
async function emptyDatabase() {
  databases += 1;
  const name = `tf_empty_${databases}`;
  await server.db.query(`create database ${name}`);
  const db = new pg.Client({ ...server.connection, database: name });
  await db.connect();
  const store = createStore({ backend: "embedded", call: sqlFunctionCaller(db) });
  const runner = {
    exec: (sql: string) => db.query(sql),
    query: (t: string, p?: unknown[]) => db.query(t, p),
  };
  return { db, store, runner };
}

describe("migrations and the schema check", () => {
  it("applies every migration once and records it", async () => {
    const { db, store, runner } = await emptyDatabase();
    const files = await listMigrations();
    expect((await applyMigrations({ db: runner })).applied).toEqual(
      files.map((m) => `${m.version}_${m.name}`),
    );
    expect((await applyMigrations({ db: runner })).applied).toEqual([]);
    expect(await store.checkSchema()).toEqual({ ok: true, versions: files.map((m) => m.version) });
    await db.end();
  });

  it("names the migrations a database lacks and how to apply them", async () => {
    const { db, store, runner } = await emptyDatabase();
    await applyMigrations({ db: runner });
    await db.query("delete from tf_schema_migrations where version = '20261123080200'");
    const status = await store.checkSchema();
    expect(status.ok).toBe(false);
    expect(!status.ok && status.message).toMatch(
      /lacks 1 Team Factory migration: 20261123080200_audit_and_teams\.sql\. Apply supabase\/migrations .*supabase db push/,
    );
    await db.end();
  });

  it("says the schema is missing on an empty database", async () => {
    const { db, store } = await emptyDatabase();
    const status = await store.checkSchema();
    expect(!status.ok && status.message).toMatch(
      /Team Factory schema is missing .*tf_schema_status/,
    );
    await db.end();
  });
});

describe("openStoreFromEnv", () => {
  it("uses the embedded store when nothing is set, creating and keeping its data directory", async () => {
    const dir = await scratchDir("tf-embedded-");
    try {
      const dataDir = join(dir, "not", "yet", "there");
      const shipped = (await listMigrations()).length;
      const first = await openStoreWithReport({ TEAM_FACTORY_DATA_DIR: dataDir });
      expect(first.store.backend).toBe("embedded");
      expect(first.report.line).toMatch(
        new RegExp(
          `^store: embedded PostgreSQL 18\\.\\d+ in ${dataDir}, initialised, unix socket ${dataDir}/\\.s\\.PGSQL\\.5432; ${shipped} of ${shipped} migrations applied now; ready in \\d+ ms$`,
        ),
      );
      await first.store.enqueueJob({ deliveryId: "d-1", kind: "gap", payload: { n: 1 } });
      await first.store.close();
      const reopened = await openStoreWithReport({ TEAM_FACTORY_DATA_DIR: dataDir });
      expect(reopened.report.line).toMatch(`, started, `);
      expect(reopened.report.line).toMatch(`; 0 of ${shipped} migrations applied now;`);
      expect((await reopened.store.listUnfinishedJobs()).map((j) => j.deliveryId)).toEqual(["d-1"]);
      await reopened.store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("asks for the missing Supabase variable and refuses an unknown or retired store", async () => {
    await expect(openStoreFromEnv({ SUPABASE_URL: "https://x.supabase.co" })).rejects.toThrow(
      /needs both SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY/,
    );
    await expect(openStoreFromEnv({ TEAM_FACTORY_STORE: "mysql" })).rejects.toThrow(
      /TEAM_FACTORY_STORE must be embedded, postgres or supabase \(got "mysql"\)/,
    );
    await expect(openStoreFromEnv({ TEAM_FACTORY_STORE: "pglite" })).rejects.toThrow(
      /TEAM_FACTORY_STORE must be .* \(got "pglite"\): the PGlite store is gone: .*TEAM_FACTORY_STORE=embedded.*import-pglite-store/,
    );
  });

  it("fails closed with an unreachable StoreError when Postgres cannot be reached", async () => {
    const error = await openStoreFromEnv({
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/postgres",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      unreachable: true,
      message: expect.stringMatching(/could not be reached/),
    });
  });

  it("fails closed with an unreachable StoreError when Supabase cannot be reached", async () => {
    const store = openSupabaseStore({ url: "http://127.0.0.1:1", serviceRoleKey: "k" });
    await expect(
      store.reserveDailySlot({ scope: "s", gapKey: "g", limit: 5 }),
    ).rejects.toMatchObject({
      unreachable: true,
    });
  });
});
