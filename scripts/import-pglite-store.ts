/**
 * Copies a PGlite store of the previous release into the embedded PostgreSQL store:
 *
 *   node scripts/import-pglite-store.ts <old PGlite directory>
 *
 * The new store is the one the app would open: `TEAM_FACTORY_DATA_DIR`, default
 * .team-factory/postgres (created if needed; it must hold no Team Factory rows yet). The old
 * directory is only read. Exit 0 when copied, 1 when not (the reason is printed), 2 on bad arguments.
 */
import { importPgliteStore } from "../src/store/import-pglite-store.ts";
import { DEFAULT_DATA_DIR } from "../src/store/open-store-from-env.ts";

const from = process.argv[2];
if (!from || process.argv.length > 3) {
  console.error("usage: node scripts/import-pglite-store.ts <old PGlite directory>");
  process.exit(2);
}
const dataDir = process.env.TEAM_FACTORY_DATA_DIR || DEFAULT_DATA_DIR;
try {
  const { tables, auditRows } = await importPgliteStore({ from, dataDir });
  for (const t of tables) if (t.rows) console.log(`${t.name.padEnd(24)} ${t.rows} rows`);
  console.log(
    `Copied ${from} into the embedded store in ${dataDir}; the audit trail verifies (${auditRows} rows). ${from} is unchanged: delete it when you no longer want it.`,
  );
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
