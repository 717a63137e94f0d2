import pg from "pg";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { type PostgrestStandIn, startPostgrestStandIn } from "../../simulator/postgrest.ts";
import { applyMigrations } from "../../src/store/migrations.ts";
import { openEmbeddedStore } from "../../src/store/open-embedded-store.ts";
import { openPostgresStore } from "../../src/store/open-postgres-store.ts";
import { openSupabaseStore } from "../../src/store/open-supabase-store.ts";
import type { Store } from "../../src/store/store.ts";

/** A clock the tests move by hand. */
export function testClock(start = "2026-11-23T12:00:00.000Z") {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance(seconds: number) {
      t += seconds * 1000;
    },
  };
}

/** A fresh, migrated database on the shared test cluster; returns its URL. */
export async function createDatabase(cluster: PostgresCluster, name: string): Promise<string> {
  const admin = new pg.Client(cluster.url);
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = cluster.url.replace(/\/postgres$/, `/${name}`);
  const client = new pg.Client(url);
  await client.connect();
  await applyMigrations({
    db: { exec: (sql) => client.query(sql), query: (t, p) => client.query(t, p) },
  });
  await client.end();
  return url;
}

export interface BackendHarness {
  store: Store;
  /** A superuser connection to the same database. */
  superuser: pg.Client;
  close(): Promise<void>;
}

export type BackendName = "embedded" | "postgres" | "supabase";
export const BACKENDS: BackendName[] = ["embedded", "postgres", "supabase"];

let counter = 0;

/**
 * Opens one backend on a fresh database: the app's default store (its own embedded PostgreSQL
 * in a throwaway directory); `pg` on the test cluster (Debian's PostgreSQL); supabase-js over
 * HTTP against the PostgREST stand-in on the test cluster.
 */
export async function openBackend(params: {
  name: BackendName;
  cluster: PostgresCluster;
  now: () => Date;
}): Promise<BackendHarness> {
  if (params.name === "embedded") {
    const { store, server } = await openEmbeddedStore({ dataDir: "memory://", now: params.now });
    const superuser = new pg.Client(server.connection);
    await superuser.connect();
    return {
      store,
      superuser,
      async close() {
        await superuser.end();
        await store.close();
      },
    };
  }
  counter += 1;
  const url = await createDatabase(params.cluster, `tf_${process.pid}_${counter}`);
  const superuser = new pg.Client(url);
  await superuser.connect();
  let rest: PostgrestStandIn | null = null;
  let store: Store;
  if (params.name === "postgres") {
    store = await openPostgresStore({ url, now: params.now });
  } else {
    rest = await startPostgrestStandIn({
      databaseUrl: url,
      serviceRoleKey: "service-role-test-key",
    });
    store = openSupabaseStore({
      url: rest.url,
      serviceRoleKey: "service-role-test-key",
      now: params.now,
    });
  }
  return {
    store,
    superuser,
    async close() {
      await store.close();
      await rest?.stop();
      await superuser.end();
    },
  };
}

export { startPostgresCluster };
