import type { SqlClient } from "../../src/scan/sql-client.ts";
import { applyMigrations } from "../../src/store/migrations.ts";

/** Applies every migration (the store's and the scan's) with the store's runner; PGlite or `pg`. */
export async function applyScanMigrations(
  db: SqlClient & { exec?: (sql: string) => Promise<unknown> },
): Promise<void> {
  const exec = db.exec ? db.exec.bind(db) : (sql: string) => db.query(sql);
  await applyMigrations({ db: { exec, query: db.query.bind(db) } });
}
