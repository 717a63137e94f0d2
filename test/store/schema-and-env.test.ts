import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { createStore } from "../../src/store/create-store.ts";
import { applyMigrations, listMigrations } from "../../src/store/migrations.ts";
import { openStoreFromEnv } from "../../src/store/open-store-from-env.ts";
import { openSupabaseStore } from "../../src/store/open-supabase-store.ts";
import { sqlFunctionCaller } from "../../src/store/sql-function-caller.ts";
import { StoreError } from "../../src/store/store-error.ts";

describe("migrations and the schema check", () => {
  it("applies every migration once and records it", async () => {
    const db = await PGlite.create();
    const files = await listMigrations();
    expect((await applyMigrations({ db })).applied).toEqual(
      files.map((m) => `${m.version}_${m.name}`),
    );
    expect((await applyMigrations({ db })).applied).toEqual([]);
    const store = createStore({ backend: "pglite", call: sqlFunctionCaller(db) });
    expect(await store.checkSchema()).toEqual({ ok: true, versions: files.map((m) => m.version) });
    await db.close();
  });

  it("names the migrations a database lacks and how to apply them", async () => {
    const db = await PGlite.create();
    await applyMigrations({ db });
    await db.query("delete from tf_schema_migrations where version = '20261123080200'");
    const store = createStore({ backend: "pglite", call: sqlFunctionCaller(db) });
    const status = await store.checkSchema();
    expect(status.ok).toBe(false);
    expect(!status.ok && status.message).toMatch(
      /lacks 1 Team Factory migration: 20261123080200_audit_and_teams\.sql\. Apply supabase\/migrations .*supabase db push/,
    );
    await db.close();
  });

  it("says the schema is missing on an empty database", async () => {
    const db = await PGlite.create();
    const status = await createStore({
      backend: "pglite",
      call: sqlFunctionCaller(db),
    }).checkSchema();
    expect(!status.ok && status.message).toMatch(
      /Team Factory schema is missing .*tf_schema_status/,
    );
    await db.close();
  });
});

describe("openStoreFromEnv", () => {
  it("uses the embedded store when nothing is set, creating and keeping its data directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tf-pglite-"));
    try {
      const dataDir = join(dir, "not", "yet", "there");
      const first = await openStoreFromEnv({ TEAM_FACTORY_DATA_DIR: dataDir });
      expect(first.backend).toBe("pglite");
      await first.enqueueJob({ deliveryId: "d-1", kind: "gap", payload: { n: 1 } });
      await first.close();
      const reopened = await openStoreFromEnv({ TEAM_FACTORY_DATA_DIR: dataDir });
      expect((await reopened.listUnfinishedJobs()).map((j) => j.deliveryId)).toEqual(["d-1"]);
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("asks for the missing Supabase variable", async () => {
    await expect(openStoreFromEnv({ SUPABASE_URL: "https://x.supabase.co" })).rejects.toThrow(
      /needs both SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY/,
    );
    await expect(openStoreFromEnv({ TEAM_FACTORY_STORE: "mysql" })).rejects.toThrow(
      /TEAM_FACTORY_STORE must be pglite, postgres or supabase \(got "mysql"\)/,
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
