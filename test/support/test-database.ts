import pg from "pg";
import { openEmbeddedStore } from "../../src/store/open-embedded-store.ts";
import type { Store } from "../../src/store/store.ts";

/** The app's default store on a throwaway data directory, and raw SQL on the same database. */
export interface TestDatabase {
  store: Store;
  /** A `pg` pool on the store's database, for seeding and checking rows. */
  db: pg.Pool;
  /** How to connect to the server (as its superuser `postgres`). */
  connection: pg.ClientConfig;
  close(): Promise<void>;
}

/**
 * A throwaway embedded PostgreSQL (`memory://`: its own server in a temporary directory, the
 * migrations applied), removed on close. About a second to start: open one per test file.
 */
export async function openTestDatabase(params: { now?: () => Date } = {}): Promise<TestDatabase> {
  const { store, server } = await openEmbeddedStore({ dataDir: "memory://", now: params.now });
  const db = new pg.Pool({ ...server.connection, max: 3 });
  db.on("error", () => {});
  return {
    store,
    db,
    connection: server.connection,
    async close() {
      await db.end();
      await store.close();
    },
  };
}
