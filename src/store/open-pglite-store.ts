import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { createStore } from "./create-store.ts";
import { applyMigrations } from "./migrations.ts";
import { sqlFunctionCaller } from "./sql-function-caller.ts";
import type { Store } from "./store.ts";
import { toStoreError } from "./store-error.ts";

/**
 * The embedded store: PGlite (Postgres in WebAssembly, in this process) with the migrations
 * applied on open. `dataDir` keeps the data on disk; without it (or `memory://`) it lives in memory.
 */
export async function openPgliteStore(
  params: { dataDir?: string; now?: () => Date } = {},
): Promise<Store> {
  const onDisk = params.dataDir && params.dataDir !== "memory://" ? params.dataDir : undefined;
  let db: PGlite;
  try {
    if (onDisk) await mkdir(onDisk, { recursive: true });
    db = await PGlite.create(onDisk);
    await applyMigrations({ db });
  } catch (error) {
    throw toStoreError(
      error,
      `opening the embedded store${params.dataDir ? ` in ${params.dataDir}` : ""}`,
    );
  }
  return createStore({
    backend: "pglite",
    call: sqlFunctionCaller(db),
    close: () => db.close(),
    now: params.now,
  });
}
