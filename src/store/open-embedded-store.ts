import { rmSync } from "node:fs";
import { lstat, mkdtemp, rm, statfs } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerAccount, serverAccount } from "./embedded-data-dir.ts";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.ts";
import { once } from "./once.ts";
import { openPoolStore } from "./open-postgres-store.ts";
import { findPostgresBinaries } from "./postgres-binaries.ts";
import { makeExclusive, openDirectory } from "./safe-directory.ts";
import type { SqlQueryable } from "./sql-function-caller.ts";
import type { Store } from "./store.ts";
import { toStoreError } from "./store-error.ts";
import { sweepAbandonedThrowaways, THROWAWAY_PREFIX } from "./throwaway-janitor.ts";

/** `TEAM_FACTORY_DATA_DIR=memory://`: a throwaway server in a temporary directory, removed on close. */
export const THROWAWAY = "memory://";

/** The shared place for throwaway stores: /dev/shm (memory) when it has room, else the temp directory. */
export async function throwawayBase(): Promise<string> {
  const shm = await statfs("/dev/shm").catch(() => null);
  return shm && shm.bavail * shm.bsize > 2 ** 30 ? "/dev/shm" : tmpdir();
}

/**
 * Where throwaway stores (and their template cluster) go: a private directory under the shared
 * place, mode 0700 and owned by the server's user (`postgres` under root), so nobody else can
 * plant anything where they are made. Once per process.
 */
export const throwawayRoot = once(async () =>
  privateDirIn({ base: await throwawayBase(), account: await serverAccount() }),
);

/**
 * `team-factory-<uid>` in `base`, made exclusively or found as it must be (a real directory of
 * the account's, mode 0700); when another user got there first, a new `mkdtemp` directory of
 * this process's own instead (removed at exit).
 */
export async function privateDirIn(params: {
  base: string;
  account: ServerAccount;
}): Promise<string> {
  const { base, account } = params;
  const own = async (dir: string) => {
    const handle = await openDirectory(dir, "The throwaway stores' directory");
    try {
      if (account.dropsRoot) await handle.chown(account.uid, account.gid);
      await handle.chmod(0o700);
    } finally {
      await handle.close();
    }
    return dir;
  };
  const shared = join(base, `team-factory-${account.uid}`);
  if (await makeExclusive(shared, 0o700)) return own(shared);
  const s = await lstat(shared);
  if (s.isDirectory() && s.uid === account.uid && (s.mode & 0o077) === 0) return shared;
  const mine = await mkdtemp(join(base, `team-factory-${account.uid}-`));
  process.once("exit", () => rmSync(mine, { recursive: true, force: true, maxRetries: 3 }));
  return own(mine);
}

/** Where throwaway stores copy their cluster from: one per PostgreSQL version, in the private root. */
async function templateDir(): Promise<string> {
  const { version } = await findPostgresBinaries();
  return join(await throwawayRoot(), `template-${version}`);
}

/** A new throwaway store's directory, after clearing away those that killed processes left. */
async function newThrowawayDir(): Promise<string> {
  const root = await throwawayRoot();
  sweepAbandonedThrowaways(root);
  return mkdtemp(join(root, THROWAWAY_PREFIX));
}

/**
 * The embedded store: a PostgreSQL server from npm on `dataDir` (started, or joined when another
 * app process runs it), the migrations applied under an advisory lock, and a `pg` pool over its
 * Unix socket. Closing leaves the server; the last app process to leave stops it. With
 * `stopOnSignals` a SIGTERM or SIGINT closes the store, waits for the server to stop and then
 * lets the signal end the process (unless someone else listens for it).
 */
export async function openEmbeddedStore(params: {
  dataDir: string;
  now?: () => Date;
  stopOnSignals?: boolean;
  /** The default directory: also look for the previous release's PGlite store beside it. */
  isDefault?: boolean;
  maxConnections?: number;
}): Promise<{ store: Store; server: EmbeddedPostgres; applied: string[] }> {
  const throwaway = params.dataDir === THROWAWAY;
  const dataDir = throwaway ? await newThrowawayDir() : params.dataDir;
  const removeThrowaway = () =>
    throwaway ? rm(dataDir, { recursive: true, force: true }) : Promise.resolve();
  let server: EmbeddedPostgres;
  try {
    server = await startEmbeddedPostgres({
      dataDir,
      durable: !throwaway,
      isDefault: params.isDefault,
      template: throwaway ? await templateDir() : undefined,
    });
  } catch (error) {
    await removeThrowaway();
    throw toStoreError(error, `starting the embedded store in ${dataDir}`);
  }
  // Leaving without close (process.exit, an uncaught error): signal the server if last.
  const onExit = () => {
    server.leaveNow();
    if (throwaway) rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    unlisten();
    const { exited } = server.leaveNow();
    void (async () => {
      await opened?.store.close().catch(() => {});
      await exited().catch(() => {});
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    })();
  };
  const unlisten = () => {
    process.off("exit", onExit);
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  };
  process.once("exit", onExit);
  if (params.stopOnSignals) {
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  }
  let opened: Awaited<ReturnType<typeof openPoolStore>> | undefined;
  try {
    opened = await openPoolStore({
      backend: "embedded",
      config: server.connection,
      what: `the embedded PostgreSQL (${server.where})`,
      migrate: true,
      maxConnections: params.maxConnections,
      now: params.now,
      guard: (db) => restartWhenGone(db, server),
      afterClose: async () => {
        unlisten();
        await server.leave();
        await removeThrowaway();
      },
    });
  } catch (error) {
    unlisten();
    await server.leave();
    await removeThrowaway();
    throw error;
  }
  return { store: opened.store, server, applied: opened.applied ?? [] };
}

// Postgres codes: 57P01 admin shutdown (the server was stopped), 57P03 cannot connect now.
const GONE = new Set(["ENOENT", "ECONNREFUSED", "57P01", "57P03"]);
const NEVER_SENT = new Set(["ENOENT", "ECONNREFUSED", "57P03"]);

/**
 * When the server is gone (stopped by another process that thought it was the last, or
 * crashed), start it again; a query that never reached it is sent once more, any other fails
 * as unreachable (the pipeline fails closed) and the next one finds the server back.
 */
function restartWhenGone(db: SqlQueryable, server: EmbeddedPostgres): SqlQueryable {
  return {
    async query(text, values) {
      try {
        return await db.query(text, values);
      } catch (error) {
        const e = error as { code?: string; message?: string };
        const code = e.code ?? "";
        if (!GONE.has(code) && !/Connection terminated/.test(e.message ?? "")) throw error;
        await server.ensureRunning().catch(() => {});
        if (!NEVER_SENT.has(code)) throw error;
        return db.query(text, values);
      }
    },
  } as SqlQueryable;
}
