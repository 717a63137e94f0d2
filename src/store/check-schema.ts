import { listMigrations } from "./migrations.ts";
import type { CallFunction } from "./sql-function-caller.ts";
import type { SchemaStatus } from "./store.ts";

/**
 * Compares the migrations recorded in the database (tf_schema_status) with the files this app
 * ships. Missing ones → a message naming them and how to apply them; the app stops on it.
 */
export async function checkSchema(params: {
  call: CallFunction;
  dir?: string;
}): Promise<SchemaStatus> {
  const expected = (await listMigrations({ dir: params.dir })).filter((m) => m.recordsItself);
  const how =
    "Apply supabase/migrations to the database (`supabase db push`, or paste each file into the Supabase SQL editor in order), then restart.";
  let versions: string[];
  try {
    const status = (await params.call("tf_schema_status", {})) as { versions?: unknown } | null;
    versions = Array.isArray(status?.versions) ? status.versions.map(String) : [];
  } catch (error) {
    const e = error as { unreachable?: boolean; message?: string };
    if (e.unreachable) throw error;
    return {
      ok: false,
      message: `The Team Factory schema is missing (tf_schema_status could not be called: ${e.message}). ${how}`,
    };
  }
  const missing = expected.filter((m) => !versions.includes(m.version));
  if (missing.length === 0) return { ok: true, versions };
  return {
    ok: false,
    message: `The database lacks ${missing.length} Team Factory migration${missing.length === 1 ? "" : "s"}: ${missing.map((m) => `${m.version}_${m.name}.sql`).join(", ")}. ${how}`,
  };
}
