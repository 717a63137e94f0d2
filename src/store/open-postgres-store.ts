import pg from "pg";
import { createStore } from "./create-store.ts";
import { applyMigrations } from "./migrations.ts";
import { type SqlQueryable, sqlFunctionCaller } from "./sql-function-caller.ts";
import type { Store, StoreBackend } from "./store.ts";
import { toStoreError } from "./store-error.ts";

/**
 * A Postgres server through `pg` (`DATABASE_URL`: Supabase's direct or pooler connection, or any
 * Postgres). `migrate` applies missing migrations first, under an advisory lock so replicas that
 * start together do not race.
 */
export async function openPostgresStore(params: {
  url: string;
  migrate?: boolean;
  maxConnections?: number;
  now?: () => Date;
}): Promise<Store> {
  const { store } = await openPoolStore({
    ...params,
    backend: "postgres",
    config: { connectionString: params.url },
    what: "DATABASE_URL",
  });
  return store;
}

/**
 * A `pg` pool as a Store. `applied` names the migrations this call applied (null without
 * `migrate`). `guard` wraps the pool's queries (the embedded store restarts a vanished server).
 */
export async function openPoolStore(params: {
  backend: StoreBackend;
  config: pg.PoolConfig;
  what: string;
  migrate?: boolean;
  maxConnections?: number;
  now?: () => Date;
  guard?: (db: SqlQueryable) => SqlQueryable;
  afterClose?: () => Promise<void>;
}): Promise<{ store: Store; applied: string[] | null }> {
  const pool = new pg.Pool({
    ...params.config,
    max: params.maxConnections ?? 5,
    connectionTimeoutMillis: 5000,
    application_name: "team-factory",
  });
  // An idle connection dropped by the server must not crash the app; the next query reconnects.
  pool.on("error", () => {});
  let applied: string[] | null = null;
  if (params.migrate) {
    const client = await pool.connect().catch(async (error) => {
      await pool.end();
      throw toStoreError(error, `connecting to ${params.what}`);
    });
    try {
      ({ applied } = await applyMigrations({
        db: { exec: (sql) => client.query(sql), query: (t, p) => client.query(t, p) },
        lock: true,
      }));
    } catch (error) {
      client.release();
      await pool.end();
      throw toStoreError(error, "applying migrations");
    }
    client.release();
  }
  const store = createStore({
    backend: params.backend,
    call: sqlFunctionCaller(params.guard ? params.guard(pool) : pool),
    close: async () => {
      await pool.end().catch(() => {});
      await params.afterClose?.();
    },
    now: params.now,
  });
  return { store, applied };
}
