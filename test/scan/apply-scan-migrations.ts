import { applyMigrations } from "../../src/store/migrations.ts";
import type { SqlQueryable } from "../../src/store/sql-function-caller.ts";

/** Applies every migration (the store's and the scan's) with the store's runner, on a `pg` client. */
export async function applyScanMigrations(
  db: SqlQueryable & { exec?: (sql: string) => Promise<unknown> },
): Promise<void> {
  const exec = db.exec ? db.exec.bind(db) : (sql: string) => db.query(sql);
  await applyMigrations({ db: { exec, query: db.query.bind(db) } });
}
