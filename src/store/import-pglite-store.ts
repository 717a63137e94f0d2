import { cp, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openEmbeddedStore } from "./open-embedded-store.ts";
import { StoreError } from "./store-error.ts";

/** What `npm ci` brings for the import (a dev dependency): the previous release's store engine. */
const PGLITE = "@electric-sql/pglite";
const BATCH = 2000;

interface OldDatabase {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Copies every row of a PGlite store from the previous release into the embedded store in
 * `dataDir` (created and migrated first; it must hold no Team Factory rows yet). The old
 * directory is only read: PGlite opens a copy of it. Rows keep their ids, sequences go on where
 * they were, triggers stay off while copying (the audit trail is append-only) and the audit
 * chain is verified at the end.
 */
export async function importPgliteStore(params: {
  from: string;
  dataDir: string;
}): Promise<{ tables: { name: string; rows: number }[]; auditRows: number }> {
  if (!(await stat(join(params.from, "PG_VERSION")).catch(() => null))) {
    throw new StoreError({
      message: `${params.from} is not a PGlite store (no PG_VERSION in it).`,
    });
  }
  const { PGlite } = await import(PGLITE).catch(() => {
    throw new StoreError({
      message: `Reading a PGlite store needs ${PGLITE}: run \`npm install --no-save ${PGLITE}@0.5\` and try again.`,
    });
  });
  const copy = await mkdtemp(join(tmpdir(), "team-factory-pglite-"));
  const { store, server } = await openEmbeddedStore({ dataDir: params.dataDir });
  const target = new pg.Client(server.connection);
  let old: OldDatabase | null = null;
  try {
    await target.connect();
    const { rows: filled } = await target.query<{ n: number }>(
      "select (select count(*) from tf_audit_log) + (select count(*) from tf_gaps) + (select count(*) from tf_jobs) as n",
    );
    if (Number(filled[0]?.n) > 0) {
      throw new StoreError({
        message: `The store in ${server.dataDir} already holds Team Factory rows; import into a new TEAM_FACTORY_DATA_DIR.`,
      });
    }
    await cp(params.from, copy, { recursive: true });
    old = (await PGlite.create(copy)) as OldDatabase;
    const tables = await copyTables(old, target);
    await copySequences(old, target);
    const chain = await store.verifyAuditChain();
    if (!chain.ok) {
      throw new StoreError({
        message: `The audit trail did not verify after the import (row ${chain.brokenId}: ${chain.reason}).`,
      });
    }
    return { tables, auditRows: chain.rows };
  } finally {
    await old?.close();
    await target.end().catch(() => {});
    await store.close();
    await rm(copy, { recursive: true, force: true });
  }
}

/** Tables of the old store that the new one has too (the schema's own record excepted). */
async function copyTables(old: OldDatabase, target: pg.Client) {
  const list = `select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'tf_schema_migrations'
    order by table_name`;
  const theirs = new Set((await target.query<{ name: string }>(list)).rows.map((r) => r.name));
  const names = (await old.query<{ name: string }>(list)).rows
    .map((r) => r.name)
    .filter((name) => theirs.has(name));
  const copied: { name: string; rows: number }[] = [];
  await target.query("begin; set local session_replication_role = replica");
  try {
    for (const name of names) {
      const table = pg.escapeIdentifier(name);
      let rows = 0;
      await old.exec(
        `begin; declare rows no scroll cursor for select row_to_json(t)::text as j from ${table} t`,
      );
      for (;;) {
        const batch = (await old.query<{ j: string }>(`fetch ${BATCH} from rows`)).rows;
        if (batch.length === 0) break;
        await target.query(
          `insert into ${table} overriding system value select * from json_populate_recordset(null::${table}, $1::json)`,
          [`[${batch.map((r) => r.j).join(",")}]`],
        );
        rows += batch.length;
      }
      await old.exec("commit");
      copied.push({ name, rows });
    }
    await target.query("commit");
  } catch (error) {
    await target.query("rollback").catch(() => {});
    throw error;
  }
  return copied;
}

async function copySequences(old: OldDatabase, target: pg.Client) {
  const { rows } = await old.query<{ name: string; value: string | null }>(
    "select sequencename as name, last_value::text as value from pg_sequences where schemaname = 'public'",
  );
  for (const { name, value } of rows) {
    if (value === null) continue;
    const sql =
      "select setval(to_regclass($1), $2::bigint, true) where to_regclass($1) is not null";
    await target.query(sql, [pg.escapeIdentifier(name), value]);
  }
}
