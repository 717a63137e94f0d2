import { resolve } from "node:path";
import type { EmbeddedPostgres } from "./embedded-postgres.ts";
import { listMigrations } from "./migrations.ts";
import { openEmbeddedStore, THROWAWAY } from "./open-embedded-store.ts";
import { openPoolStore } from "./open-postgres-store.ts";
import type { Store, StoreBackend } from "./store.ts";
import { StoreError } from "./store-error.ts";

/** Where the embedded store keeps its data when TEAM_FACTORY_DATA_DIR is not set. */
export const DEFAULT_DATA_DIR = ".team-factory/postgres";

/** What start-up says about the store, in one line (`line`) for the log. */
export interface StoreStartReport {
  kind: StoreBackend;
  where: string;
  /** Migrations this start applied, or null when the app does not apply them (it checks them). */
  applied: string[] | null;
  /** Migration files this release ships. */
  shipped: number;
  ms: number;
  line: string;
}

/**
 * Opens the store the environment asks for and checks its schema; throws a StoreError whose
 * message says what to set or apply when it cannot.
 * - `DATABASE_URL` → Postgres via `pg` (`TEAM_FACTORY_MIGRATE=1` applies the migrations at start);
 * - `SUPABASE_URL` + `SUPABASE_SERVICE_ROLE_KEY` → Supabase RPC;
 * - neither → the embedded PostgreSQL server in `TEAM_FACTORY_DATA_DIR` (`memory://` for a
 *   throwaway one), stopped on SIGTERM/SIGINT once no other app process uses it.
 * `TEAM_FACTORY_STORE=embedded|postgres|supabase` picks one when several are set.
 */
export async function openStoreFromEnv(
  env: Record<string, string | undefined>,
  options: { now?: () => Date } = {},
): Promise<Store> {
  return (await openStoreWithReport(env, options)).store;
}

/** `openStoreFromEnv` plus the start-up report (store, where, migrations, time taken). */
export async function openStoreWithReport(
  env: Record<string, string | undefined>,
  options: { now?: () => Date; stopOnSignals?: boolean } = {},
): Promise<{ store: Store; report: StoreStartReport }> {
  const started = performance.now();
  const kind = pickBackend(env);
  const opened = await openBackend(kind, env, options);
  const { store } = opened;
  const schema = await store.checkSchema().catch(async (error) => {
    await store.close();
    throw unreachable(kind, opened.where, error);
  });
  if (!schema.ok) {
    await store.close();
    // With DATABASE_URL the app can apply the migrations itself.
    const hint =
      kind === "postgres"
        ? " Or set TEAM_FACTORY_MIGRATE=1 and start again: the app applies them itself."
        : "";
    throw new StoreError({ message: `${schema.message}${hint}`, code: "TF002" });
  }
  const report = await startReport({
    kind,
    where: opened.where,
    applied: opened.applied,
    present: schema.versions.length,
    startedAt: started,
  });
  return { store, report };
}

/** The start-up report of an opened store; `startedAt` is `performance.now()` before opening. */
export async function startReport(params: {
  kind: StoreBackend;
  where: string;
  applied: string[] | null;
  /** Migrations the schema check found. */
  present: number;
  startedAt: number;
}): Promise<StoreStartReport> {
  const shipped = (await listMigrations()).length;
  const ms = Math.round(performance.now() - params.startedAt);
  const migrations = params.applied
    ? `${params.applied.length} of ${shipped} migrations applied now`
    : `migrations applied by the operator, all ${params.present} present`;
  return {
    kind: params.kind,
    where: params.where,
    applied: params.applied,
    shipped,
    ms,
    line: `store: ${params.where}; ${migrations}; ready in ${ms} ms`,
  };
}

/** Where the embedded store is: version, directory, how this process came to it, and the socket. */
export function embeddedWhere(server: EmbeddedPostgres, dataDir: string): string {
  const place = dataDir === THROWAWAY ? `${server.dataDir} (throwaway)` : resolve(dataDir);
  return `embedded PostgreSQL ${server.version} in ${place}, ${server.how}, ${server.where}`;
}

function pickBackend(env: Record<string, string | undefined>): StoreBackend {
  const pick = env.TEAM_FACTORY_STORE?.trim();
  if (pick === "pglite") {
    throw new StoreError({
      message:
        "TEAM_FACTORY_STORE=pglite is gone: the embedded store is now a PostgreSQL server (TEAM_FACTORY_STORE=embedded, or leave it unset). An old PGlite directory can be copied over with `node scripts/import-pglite-store.ts <dir>`.",
    });
  }
  if (pick && !["embedded", "postgres", "supabase"].includes(pick)) {
    throw new StoreError({
      message: `TEAM_FACTORY_STORE must be embedded, postgres or supabase (got "${pick}").`,
    });
  }
  if (pick) return pick as StoreBackend;
  if (env.DATABASE_URL) return "postgres";
  return env.SUPABASE_URL || env.SUPABASE_SERVICE_ROLE_KEY ? "supabase" : "embedded";
}

/** supabase-js is imported only when chosen (the app starts faster without it). */
async function openBackend(
  kind: StoreBackend,
  env: Record<string, string | undefined>,
  options: { now?: () => Date; stopOnSignals?: boolean },
): Promise<{ store: Store; where: string; applied: string[] | null }> {
  if (kind === "postgres") {
    if (!env.DATABASE_URL)
      throw new StoreError({ message: "TEAM_FACTORY_STORE=postgres needs DATABASE_URL." });
    const migrate = env.TEAM_FACTORY_MIGRATE === "1";
    const opened = await openPoolStore({
      backend: "postgres",
      config: { connectionString: env.DATABASE_URL },
      what: "DATABASE_URL",
      migrate,
      now: options.now,
    });
    return { ...opened, where: `PostgreSQL at ${describeUrl(env.DATABASE_URL)} (DATABASE_URL)` };
  }
  if (kind === "supabase") {
    if (!env.SUPABASE_URL || !env.SUPABASE_SERVICE_ROLE_KEY) {
      throw new StoreError({
        message:
          "The Supabase store needs both SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY (Project Settings → API); set the missing one, or unset both to use the embedded store.",
      });
    }
    const { openSupabaseStore } = await import("./open-supabase-store.ts");
    const store = openSupabaseStore({
      url: env.SUPABASE_URL,
      serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
      now: options.now,
    });
    return { store, where: `Supabase RPC at ${describeUrl(env.SUPABASE_URL)}`, applied: null };
  }
  const dataDir = env.TEAM_FACTORY_DATA_DIR || DEFAULT_DATA_DIR;
  const { store, server, applied } = await openEmbeddedStore({
    dataDir,
    isDefault: !env.TEAM_FACTORY_DATA_DIR,
    stopOnSignals: options.stopOnSignals ?? true,
    now: options.now,
  });
  return { store, applied, where: embeddedWhere(server, dataDir) };
}

/** Host, port and database of a URL, without credentials. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol.startsWith("http") ? `${u.protocol}//` : ""}${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return "(an unparsable URL)";
  }
}

/** A store that does not answer, said with the setting that chose it and what to do. */
function unreachable(kind: StoreBackend, where: string, error: unknown): unknown {
  if (!(error instanceof StoreError) || !error.unreachable || kind === "embedded") return error;
  const setting =
    kind === "postgres"
      ? "check DATABASE_URL (host, port, user, password, database), or unset it to use the embedded store"
      : "check SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY, or unset them to use the embedded store";
  const cause = error.message.replace(/^[a-z_]+: /, "");
  return new StoreError({
    message: `${where} does not answer (${cause}): ${setting}.`,
    unreachable: true,
  });
}
