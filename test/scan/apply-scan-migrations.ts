import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

const DIR = join(import.meta.dirname, "../../supabase/migrations");

/** Applies every migration in file order (the store's and the scan's) to a fresh database. */
export async function applyScanMigrations(db: {
  exec?: (sql: string) => Promise<unknown>;
  query: (sql: string) => Promise<unknown>;
}): Promise<void> {
  const files = (await readdir(DIR)).filter((f) => f.endsWith(".sql")).sort();
  for (const file of files) {
    const sql = await readFile(join(DIR, file), "utf8");
    await (db.exec ? db.exec(sql) : db.query(sql));
  }
}
