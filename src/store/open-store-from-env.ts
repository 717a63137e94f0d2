import { resolve } from "node:path";
import { DEFAULT_DATA_DIR, type Env, readStoreEnv } from "../env/env-schema.ts";
import type { EmbeddedPostgres } from "./embedded-postgres.ts";
import { listMigrations } from "./migrations.ts";
import { openEmbeddedStore, THROWAWAY } from "./open-embedded-store.ts";
import { openPoolStore } from "./open-postgres-store.ts";
import type { Store, StoreBackend } from "./store.ts";
import { StoreError } from "./store-error.ts";

export { DEFAULT_DATA_DIR } from "../env/env-schema.ts";

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
  const settings = readStoreEnv(env);
  const { kind, problem } = settings;
  if (problem) throw new StoreError({ message: problem });
  const opened = await openBackend(kind, settings, options);
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

/** supabase-js is imported only when chosen (the app starts faster without it); `storeChoice` checked the settings. */
async function openBackend(
  kind: StoreBackend,
  env: Pick<
    Env,
    | "DATABASE_URL"
    | "SUPABASE_URL"
    | "SUPABASE_SERVICE_ROLE_KEY"
    | "TEAM_FACTORY_MIGRATE"
    | "TEAM_FACTORY_DATA_DIR"
  >,
  options: { now?: () => Date; stopOnSignals?: boolean },
): Promise<{ store: Store; where: string; applied: string[] | null }> {
  if (kind === "postgres") {
    const url = env.DATABASE_URL as string;
    const opened = await openPoolStore({
      backend: "postgres",
      config: { connectionString: url },
      what: "DATABASE_URL",
      migrate: env.TEAM_FACTORY_MIGRATE,
      now: options.now,
    });
    return { ...opened, where: `PostgreSQL at ${describeUrl(url)} (DATABASE_URL)` };
  }
  if (kind === "supabase") {
    const url = env.SUPABASE_URL as string;
    const { openSupabaseStore } = await import("./open-supabase-store.ts");
    const store = openSupabaseStore({
      url,
      serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY as string,
      now: options.now,
    });
    return { store, where: `Supabase RPC at ${describeUrl(url)}`, applied: null };
  }
  const dataDir = env.TEAM_FACTORY_DATA_DIR;
  const { store, server, applied } = await openEmbeddedStore({
    dataDir,
    isDefault: dataDir === DEFAULT_DATA_DIR,
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
