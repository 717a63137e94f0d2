import pg from "pg";
import { createStore } from "./create-store.ts";
import { applyMigrations } from "./migrations.ts";
import { sqlFunctionCaller } from "./sql-function-caller.ts";
import type { Store } from "./store.ts";
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
  const pool = new pg.Pool({
    connectionString: params.url,
    max: params.maxConnections ?? 5,
    connectionTimeoutMillis: 5000,
  });
  // An idle connection dropped by the server must not crash the app; the next query reconnects.
  pool.on("error", () => {});
  if (params.migrate) {
    const client = await pool.connect().catch((error) => {
      throw toStoreError(error, "connecting to DATABASE_URL");
    });
    try {
      await applyMigrations({
        db: { exec: (sql) => client.query(sql), query: (t, p) => client.query(t, p) },
        lock: true,
      });
    } catch (error) {
      throw toStoreError(error, "applying migrations");
    } finally {
      client.release();
    }
  }
  return createStore({
    backend: "postgres",
    call: sqlFunctionCaller(pool),
    close: () => pool.end(),
    now: params.now,
  });
}
