import { randomBytes } from "node:crypto";
import { readFileSync, statSync, unlinkSync } from "node:fs";
import { open, readFile, rename, rm, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  type DataDirLayout,
  isAlive,
  layoutOf,
  otherClients,
  prepareDataDir,
  registerClient,
  type ServerAccount,
  serverAccount,
} from "./embedded-data-dir.ts";
import { copyTemplateCluster, initialiseCluster } from "./embedded-initdb.ts";
import {
  answers,
  isPostgres,
  isPostmasterOf,
  readPostmaster,
  waitFor,
} from "./embedded-postmaster.ts";
import { spawnPostmaster } from "./embedded-spawn.ts";
import { findPostgresBinaries, type PostgresBinaries } from "./postgres-binaries.ts";
import { StoreError } from "./store-error.ts";

/** How this process came to use the server. */
export type Attachment = "initialised" | "started" | "joined" | "reused";

/** A PostgreSQL server from npm, run from the store's data directory and shared by every app process using it. */
export interface EmbeddedPostgres {
  dataDir: string;
  version: string;
  /** `initialised` a new cluster, `started` an existing one, `joined` another app process's server, `reused` one left running by a process that is gone. */
  how: Attachment;
  /** The Unix socket, or 127.0.0.1:port when the data directory's path is too long for one. */
  where: string;
  connection: { host: string; port: number; user: string; password: string; database: string };
  /** Starts the server again when it is gone (stopped by someone, crashed); safe to call often. */
  ensureRunning(): Promise<void>;
  /** Stops the server when no other app process uses it (fast shutdown) and waits until it has. */
  leave(): Promise<"stopped" | "left running">;
  /** The synchronous part of `leave` for exit and signal handlers: signals the server if last. */
  leaveNow(): { stopping: boolean; exited(): Promise<void> };
}

export interface EmbeddedOptions {
  dataDir: string;
  /** fsync and full page writes; off only for throwaway stores (tests, `memory://`). */
  durable?: boolean;
  maxConnections?: number;
  /** Look for the previous release's PGlite directory beside a new default directory. */
  isDefault?: boolean;
  /**
   * A directory whose cluster (made once, by the first process that needs it) is copied instead
   * of running initdb: for throwaway stores, which then share its password.
   */
  template?: string;
}

/** Uses of each data directory in this process (the presence file is per process). */
const uses = new Map<string, number>();

/**
 * Starts the server on `dataDir` (creating the cluster on first use), or joins the one already
 * running there, whichever app process started it. Each process registers in `clients/`; the
 * last one to leave stops the server, so replicas on one host share it with no setup.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const layout = layoutOf(resolve(options.dataDir));
  const [binaries, account] = await Promise.all([findPostgresBinaries(), serverAccount()]);
  await prepareDataDir({ layout, account, isDefault: options.isDefault ?? false });
  const presence = registerClient(layout);
  uses.set(layout.dir, (uses.get(layout.dir) ?? 0) + 1);
  let attached: Awaited<ReturnType<typeof attach>>;
  try {
    attached = await attach({ layout, account, binaries, options });
  } catch (error) {
    leaveSync(layout, presence);
    throw error;
  }
  const password = await readPassword(layout);
  let running: Promise<void> | null = null;
  let left = false;
  const leaveNow = () => {
    if (left) return { stopping: false, exited: async () => {} };
    left = true;
    return leaveSync(layout, presence);
  };
  return {
    dataDir: layout.dir,
    version: binaries.version,
    how: attached.how,
    where: attached.socket
      ? `unix socket ${join(attached.socket, `.s.PGSQL.${attached.port}`)}`
      : `127.0.0.1:${attached.port}`,
    connection: {
      host: attached.socket ?? "127.0.0.1",
      port: attached.port,
      user: "postgres",
      password,
      database: "postgres",
    },
    ensureRunning() {
      running ??= attach({ layout, account, binaries, options })
        .then(() => {})
        .finally(() => {
          running = null;
        });
      return running;
    },
    async leave() {
      const { stopping, exited } = leaveNow();
      await exited();
      return stopping ? "stopped" : "left running";
    },
    leaveNow,
  };
}

/** Removes this process's use; when no app process is left, sends the server a fast shutdown. */
function leaveSync(layout: DataDirLayout, presence: string) {
  const left = (uses.get(layout.dir) ?? 1) - 1;
  uses.set(layout.dir, left);
  if (left > 0) return { stopping: false, exited: async () => {} };
  uses.delete(layout.dir);
  try {
    unlinkSync(presence);
  } catch {}
  const server = readPostmaster(layout);
  // Its command line must name this cluster: a stale pid may belong to another program now.
  if (
    !server ||
    !isPostmasterOf(server.pid, layout.pgdata) ||
    otherClients(layout, process.pid).length > 0
  ) {
    return { stopping: false, exited: async () => {} };
  }
  process.kill(server.pid, "SIGINT");
  return {
    stopping: true,
    exited: () =>
      waitFor(() => !isAlive(server.pid) || readPostmaster(layout)?.pid !== server.pid, 60_000),
  };
}

async function attach(params: {
  layout: DataDirLayout;
  account: ServerAccount;
  binaries: PostgresBinaries;
  options: EmbeddedOptions;
}): Promise<{ how: Attachment; port: number; socket: string | null }> {
  const { layout } = params;
  let initialised = false;
  for (let attempt = 0; attempt < 5; attempt++) {
    const server = readPostmaster(layout);
    if (server && (await answers(server))) {
      const others = otherClients(layout, process.pid).length > 0;
      return { how: others ? "joined" : "reused", port: server.port, socket: server.socket };
    }
    if (server && isPostgres(server.pid)) {
      // Starting up, recovering or shutting down: wait until it answers or is gone.
      await waitFor(async () => {
        const now = readPostmaster(layout);
        return !now || !isAlive(now.pid) || (await answers(now));
      }, 300_000);
      continue;
    }
    // A pid file whose process is gone or is no postgres (a pid reused after a reboot).
    if (server) await unlink(join(layout.pgdata, "postmaster.pid")).catch(() => {});
    if (!statSafe(join(layout.pgdata, "PG_VERSION"))) {
      const { template } = params.options;
      initialised = template
        ? await copyTemplateCluster({ ...params, template: layoutOf(template), writePassword })
        : await initialiseCluster({
            ...params,
            writePassword: () => writePassword(layout, params.account),
          });
    }
    checkMajorVersion(layout, params.binaries);
    const started = await spawnPostmaster({
      ...params,
      durable: params.options.durable ?? true,
      maxConnections: params.options.maxConnections ?? 40,
    });
    if (started === "taken") continue;
    return { how: initialised ? "initialised" : "started", ...started };
  }
  throw new StoreError({
    message: `The embedded PostgreSQL in ${layout.dir} neither started nor answered after 5 attempts; its log is ${layout.log}.`,
    unreachable: true,
  });
}

function checkMajorVersion(layout: DataDirLayout, binaries: PostgresBinaries) {
  const made = readFileSync(join(layout.pgdata, "PG_VERSION"), "utf8").trim();
  const runs = binaries.version.split(".")[0];
  if (made !== runs) {
    throw new StoreError({
      message: `${layout.pgdata} was made by PostgreSQL ${made}; this release runs PostgreSQL ${runs}. Start the previous release once more and copy the data out (pg_dump), or point TEAM_FACTORY_DATA_DIR at a new directory. Nothing was changed.`,
    });
  }
}

async function writePassword(layout: DataDirLayout, account: ServerAccount): Promise<void> {
  if (statSafe(layout.password)) return;
  const file = `${layout.password}.new-${process.pid}`;
  await rm(file, { force: true });
  // A new file ("wx"), owned through its handle: nothing planted in the directory is followed.
  const handle = await open(file, "wx", 0o600);
  try {
    await handle.writeFile(`${randomBytes(24).toString("base64url")}\n`);
    if (account.dropsRoot) await handle.chown(account.uid, account.gid);
  } finally {
    await handle.close();
  }
  await rename(file, layout.password);
}

async function readPassword(layout: DataDirLayout): Promise<string> {
  try {
    return (await readFile(layout.password, "utf8")).trim();
  } catch (error) {
    throw new StoreError({
      message: `The embedded store's password file ${layout.password} cannot be read (${(error as Error).message}). It is made with the cluster; if it was deleted, move ${layout.pgdata} away and start again to make a new store.`,
    });
  }
}

function statSafe(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
