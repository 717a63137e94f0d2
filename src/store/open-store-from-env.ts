import { openPgliteStore } from "./open-pglite-store.ts";
import { openPostgresStore } from "./open-postgres-store.ts";
import { openSupabaseStore } from "./open-supabase-store.ts";
import type { Store } from "./store.ts";
import { StoreError } from "./store-error.ts";

/** Where the embedded store keeps its data when TEAM_FACTORY_DATA_DIR is not set. */
export const DEFAULT_DATA_DIR = ".team-factory/pglite";

/**
 * Opens the store the environment asks for and checks its schema; throws a StoreError whose
 * message says what to set or apply when it cannot.
 * - `DATABASE_URL` → Postgres via `pg` (`TEAM_FACTORY_MIGRATE=1` applies the migrations at start);
 * - `SUPABASE_URL` + `SUPABASE_SERVICE_ROLE_KEY` → Supabase RPC;
 * - neither → embedded PGlite in `TEAM_FACTORY_DATA_DIR` (`memory://` for a throwaway store).
 * `TEAM_FACTORY_STORE=pglite|postgres|supabase` picks one when several are set.
 */
export async function openStoreFromEnv(
  env: Record<string, string | undefined>,
  options: { now?: () => Date } = {},
): Promise<Store> {
  const pick = env.TEAM_FACTORY_STORE?.trim();
  if (pick && !["pglite", "postgres", "supabase"].includes(pick)) {
    throw new StoreError({
      message: `TEAM_FACTORY_STORE must be pglite, postgres or supabase (got "${pick}").`,
    });
  }
  const backend =
    pick ||
    (env.DATABASE_URL
      ? "postgres"
      : env.SUPABASE_URL || env.SUPABASE_SERVICE_ROLE_KEY
        ? "supabase"
        : "pglite");
  let store: Store;
  if (backend === "postgres") {
    if (!env.DATABASE_URL)
      throw new StoreError({ message: "TEAM_FACTORY_STORE=postgres needs DATABASE_URL." });
    store = await openPostgresStore({
      url: env.DATABASE_URL,
      migrate: env.TEAM_FACTORY_MIGRATE === "1",
      now: options.now,
    });
  } else if (backend === "supabase") {
    if (!env.SUPABASE_URL || !env.SUPABASE_SERVICE_ROLE_KEY) {
      throw new StoreError({
        message:
          "The Supabase store needs both SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY (Project Settings → API); set the missing one, or unset both to use the embedded store.",
      });
    }
    store = openSupabaseStore({
      url: env.SUPABASE_URL,
      serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
      now: options.now,
    });
  } else {
    store = await openPgliteStore({
      dataDir: env.TEAM_FACTORY_DATA_DIR || DEFAULT_DATA_DIR,
      now: options.now,
    });
  }
  const schema = await store.checkSchema().catch(async (error) => {
    await store.close();
    throw error;
  });
  if (!schema.ok) {
    await store.close();
    throw new StoreError({ message: schema.message, code: "TF002" });
  }
  return store;
}
