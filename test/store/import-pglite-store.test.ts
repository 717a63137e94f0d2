import { execFile } from "node:child_process";
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoTasks } from "../../simulator/seed-tasks.ts";
import { createStore } from "../../src/store/create-store.ts";
import { applyMigrations } from "../../src/store/migrations.ts";
import { openEmbeddedStore } from "../../src/store/open-embedded-store.ts";
import { openStoreFromEnv } from "../../src/store/open-store-from-env.ts";
import { sqlFunctionCaller } from "../../src/store/sql-function-caller.ts";
import { scratchDir } from "../support/scratch-dir.ts";

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, "../../scripts/import-pglite-store.ts");

/** Every file under `dir` with its size and modification time: what "only read" must keep. */
async function snapshot(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return Promise.all(
    entries.sort().map(async (e) => {
      const s = await stat(join(dir, e));
      return `${e} ${s.size} ${s.mtimeMs}`;
    }),
  );
}

// A store of the previous release: PGlite in `.team-factory/pglite`, written by its own store code.
let root: string;
let old: string;
beforeAll(async () => {
  root = await scratchDir("tf-import-");
  old = join(root, "pglite");
  const db = await PGlite.create(old);
  await applyMigrations({ db });
  const store = createStore({ backend: "embedded", call: sqlFunctionCaller(db) });
  await store.enqueueJob({ deliveryId: "d-1", kind: "gap", payload: { issue: 7 } });
  await store.openGap({
    gapKey: "acme/agents:issue:7",
    repo: "acme/agents",
    installationId: 1,
    issueNumber: 7,
    trigger: "label",
    actor: "mia",
  });
  for (const i of [1, 2, 3]) {
    await store.audit({
      action: `step.${i}`,
      actor: "mia",
      gapKey: null,
      repo: null,
      details: { i },
    });
  }
  await seedDemoTasks({ db, seed: 3, projects: 2, tasks: 25 });
  await db.close();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("a PGlite store from the previous release", () => {
  it("is not opened as the new store: the app says how to keep its data", async () => {
    await expect(openStoreFromEnv({ TEAM_FACTORY_DATA_DIR: old })).rejects.toThrow(
      `holds a PGlite store from the previous release; the embedded store is now a PostgreSQL server that needs a directory of its own. To keep that data run \`mv ${old} ${old}.pglite && node scripts/import-pglite-store.ts ${old}.pglite\``,
    );
    await expect(
      openEmbeddedStore({ dataDir: join(root, "postgres"), isDefault: true }),
    ).rejects.toThrow(
      `${old} holds a PGlite store from the previous release, and the new store in ${join(root, "postgres")} is empty. To keep that data run \`node scripts/import-pglite-store.ts ${old}\``,
    );
  });

  it("is copied row for row by the import script, and left as it was", async () => {
    const before = await snapshot(old);
    const fresh = join(root, "postgres");
    const { stdout } = await run(process.execPath, [SCRIPT, old], {
      env: { ...process.env, TEAM_FACTORY_DATA_DIR: fresh },
    });
    expect(stdout).toMatch(/the audit trail verifies \(3 rows\)/);
    expect(await snapshot(old)).toEqual(before);

    const { store, server } = await openEmbeddedStore({ dataDir: fresh });
    const db = new pg.Client(server.connection);
    await db.connect();
    try {
      expect((await store.listUnfinishedJobs()).map((j) => j.deliveryId)).toEqual(["d-1"]);
      expect(await store.getGap({ gapKey: "acme/agents:issue:7" })).toMatchObject({
        requester: "mia",
      });
      const { rows } = await db.query("select count(*)::int as n from pm_tasks");
      expect(rows[0]).toEqual({ n: 25 });
      // New rows go on after the copied ones, and the chain goes on too.
      expect((await store.enqueueJob({ deliveryId: "d-2", kind: "gap", payload: {} })).id).toBe(2);
      await store.audit({ action: "step.4", actor: "mia", gapKey: null, repo: null, details: {} });
      expect(await store.verifyAuditChain()).toEqual({ ok: true, rows: 4 });
    } finally {
      await db.end();
      await store.close();
    }
  });

  it("is not imported twice into the same store", async () => {
    const again = run(process.execPath, [SCRIPT, old], {
      env: { ...process.env, TEAM_FACTORY_DATA_DIR: join(root, "postgres") },
    });
    await expect(again).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /already holds Team Factory rows; import into a new TEAM_FACTORY_DATA_DIR/,
      ),
    });
  });
});
