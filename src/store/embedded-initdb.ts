import { execFile } from "node:child_process";
import { linkSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { mkdir, rename, rm, statfs } from "node:fs/promises";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import {
  type DataDirLayout,
  isAlive,
  prepareDataDir,
  type ServerAccount,
} from "./embedded-data-dir.ts";
import { waitFor } from "./embedded-postmaster.ts";
import type { PostgresBinaries } from "./postgres-binaries.ts";
import { openDirectory } from "./safe-directory.ts";
import { StoreError } from "./store-error.ts";

const run = promisify(execFile);

/** What the server's programs get from the environment: nothing of the app's secrets. */
export function serverEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    LC_ALL: "C",
    ...(process.env.TZ ? { TZ: process.env.TZ } : {}),
  };
}

/** Runs a server program as the server's account (`postgres` when the app is root). */
export function asAccount(account: ServerAccount) {
  return account.dropsRoot ? { uid: account.uid, gid: account.gid } : {};
}

/**
 * Creates the cluster with initdb, once even when several processes start together (a lock
 * file made by an atomic link). initdb writes into `pgdata.new-<pid>`, renamed into place only
 * when complete, so a failure (a full disk) leaves nothing half-made. False when another
 * process created it meanwhile.
 */
export async function initialiseCluster(params: {
  layout: DataDirLayout;
  account: ServerAccount;
  binaries: PostgresBinaries;
  options: { durable?: boolean };
  writePassword: () => Promise<void>;
}): Promise<boolean> {
  const { layout, account } = params;
  const lock = join(layout.dir, "initdb.lock");
  const ready = () => exists(join(layout.pgdata, "PG_VERSION"));
  while (!takeLock(lock)) {
    await waitFor(() => !exists(lock) || !isAlive(Number(readSafe(lock))), 300_000);
    if (ready()) return false;
    if (exists(lock)) unlinkSync(lock); // its holder died
  }
  const temp = `${layout.pgdata}.new-${process.pid}`;
  try {
    if (ready()) return false;
    await removeLeftovers(layout);
    await params.writePassword();
    await mkdir(temp, { mode: 0o700 });
    if (account.dropsRoot) {
      const handle = await openDirectory(temp, "initdb's directory");
      await handle.chown(account.uid, account.gid).finally(() => handle.close());
    }
    await run(
      params.binaries.initdb,
      [
        `--pgdata=${temp}`,
        "--username=postgres",
        "--auth=scram-sha-256",
        `--pwfile=${layout.password}`,
        "--encoding=UTF8",
        "--locale=C",
        "--no-instructions",
        // One syncfs() instead of an fsync per file: much the same durability, less time.
        params.options.durable === false
          ? "--no-sync"
          : process.platform === "linux"
            ? "--sync-method=syncfs"
            : "--sync-method=fsync",
      ],
      { env: serverEnv(), ...asAccount(account) },
    );
    await rename(temp, layout.pgdata);
    return true;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw await initdbError(layout, error);
  } finally {
    unlinkSync(lock);
  }
}

/**
 * Copies the cluster (and its password) of `template` into the layout, making the template with
 * initdb first if it has none. For throwaway stores: a copy takes a fraction of initdb's time.
 */
export async function copyTemplateCluster(params: {
  layout: DataDirLayout;
  template: DataDirLayout;
  account: ServerAccount;
  binaries: PostgresBinaries;
  writePassword: (layout: DataDirLayout, account: ServerAccount) => Promise<void>;
}): Promise<boolean> {
  const { layout, template, account } = params;
  await prepareDataDir({ layout: template, account, isDefault: false });
  await initialiseCluster({
    ...params,
    layout: template,
    options: { durable: false },
    writePassword: () => params.writePassword(template, account),
  });
  const temp = `${layout.pgdata}.new-${process.pid}`;
  try {
    // `cp -a` keeps the owner (the `postgres` user under root) and the modes PostgreSQL checks.
    await run("cp", ["-a", template.pgdata, temp]);
    await run("cp", ["-a", template.password, layout.password]);
    await rename(temp, layout.pgdata);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw await initdbError(layout, error);
  }
  return true;
}

function takeLock(lock: string): boolean {
  const mine = `${lock}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    linkSync(mine, lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(mine);
  }
}

/** Half-made clusters of processes that died during initdb. */
async function removeLeftovers(layout: DataDirLayout) {
  const prefix = `${basename(layout.pgdata)}.new-`;
  for (const name of readdirSync(layout.dir)) {
    if (name.startsWith(prefix) && !isAlive(Number(name.slice(prefix.length)))) {
      await rm(join(layout.dir, name), { recursive: true, force: true });
    }
  }
}

async function initdbError(layout: DataDirLayout, error: unknown): Promise<StoreError> {
  const e = error as { stderr?: string; message?: string; code?: string };
  const said = `${e.stderr ?? ""} ${e.message ?? ""}`;
  if (e.code === "ENOSPC" || /No space left on device/i.test(said)) {
    const fs = await statfs(layout.dir).catch(() => null);
    const free = fs ? `${Math.floor((fs.bavail * fs.bsize) / 2 ** 20)} MB free there; ` : "";
    return new StoreError({
      message: `Creating the embedded PostgreSQL store in ${layout.dir} failed: the disk is full (${free}a new store needs about 45 MB). Free some space and start again; the half-made cluster was removed and nothing else was written.`,
      code: "ENOSPC",
    });
  }
  const last = said.trim().split("\n").slice(-3).join(" ").trim();
  return new StoreError({
    message: `Creating the embedded PostgreSQL store in ${layout.dir} failed (initdb: ${last}). The half-made cluster was removed; fix the cause and start again.`,
  });
}

export function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function readSafe(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
