import { execFile } from "node:child_process";
import { lstatSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, join, parse } from "node:path";
import { promisify } from "node:util";
import { once } from "./once.ts";
import { checkAncestors, makeExclusive, openDirectory, userName } from "./safe-directory.ts";
import { StoreError } from "./store-error.ts";

const run = promisify(execFile);

/** The files of the embedded store inside its data directory. */
export interface DataDirLayout {
  dir: string;
  /** The PostgreSQL cluster (initdb's directory). */
  pgdata: string;
  /** The generated password of the `postgres` role, mode 0600. */
  password: string;
  /** The server's stderr. */
  log: string;
  /** One file per app process using the server (its pid), so the last one out stops it. */
  clients: string;
}

export function layoutOf(dir: string): DataDirLayout {
  return {
    dir,
    pgdata: join(dir, "pgdata"),
    password: join(dir, "password"),
    log: join(dir, "server.log"),
    clients: join(dir, "clients"),
  };
}

/** The OS user the server runs as: this process's, or `postgres` when running as root. */
export interface ServerAccount {
  name: string;
  uid: number;
  gid: number;
  /** The app runs as root and the server as `postgres` (PostgreSQL refuses to run as root). */
  dropsRoot: boolean;
}

/** The server's account, found (or created) once per process. */
export const serverAccount = once(findServerAccount);

async function findServerAccount(): Promise<ServerAccount> {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0)
    return { name: "the app's user", uid, gid: process.getgid?.() ?? 0, dropsRoot: false };
  let entry = await findUser("postgres");
  if (!entry) {
    await run("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]).catch(
      (error: Error) => {
        throw new StoreError({
          message: `PostgreSQL refuses to run as root, and creating a \`postgres\` user for it failed (${error.message.trim()}). Create one (\`useradd --system --user-group postgres\`) or run the app as a non-root user.`,
        });
      },
    );
    entry = await findUser("postgres");
  }
  if (!entry) throw new StoreError({ message: "No `postgres` user after creating it." });
  return { name: "postgres", ...entry, dropsRoot: true };
}

async function findUser(name: string): Promise<{ uid: number; gid: number } | null> {
  const passwd = await readFile("/etc/passwd", "utf8").catch(() => "");
  const line = passwd.split("\n").find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Creates the data directory if needed and checks what would stop PostgreSQL with an obscure
 * error: another user's directory, a PGlite store of the previous release, a path the `postgres`
 * user cannot reach. Nothing another user planted is followed or handed over: a symbolic link is
 * refused, the directory is made exclusively (or checked: a real directory, ours or the server's),
 * and only a directory made now, or an empty one of root's, is given to `postgres`.
 */
export async function prepareDataDir(params: {
  layout: DataDirLayout;
  account: ServerAccount;
  /** Also look for the previous release's default PGlite directory beside this one. */
  isDefault: boolean;
}): Promise<void> {
  const { layout, account } = params;
  const { dir } = layout;
  const what = "The store's data directory";
  const isNew = !(await exists(layout.pgdata));
  await checkAncestors({ dir, trusted: [account.uid, process.getuid?.() ?? 0], what });
  const created = await makeExclusive(dir, 0o700);
  const handle = await openDirectory(dir, what);
  try {
    if (await exists(join(dir, "PG_VERSION"))) throw pgliteDirError({ old: dir, fresh: null });
    const oldDefault = join(dirname(dir), "pglite");
    if (params.isDefault && isNew && (await exists(join(oldDefault, "PG_VERSION")))) {
      throw pgliteDirError({ old: oldDefault, fresh: dir });
    }
    const s = await handle.stat();
    let owner = s.uid;
    if (account.dropsRoot && owner === 0) {
      if (!created && (await readdir(dir)).length > 0) {
        throw new StoreError({
          message: `${what} ${dir} belongs to root and already holds files; the embedded PostgreSQL runs as \`postgres\` and is only given a new or empty directory. If it is meant for the store, give it over (\`chown -R postgres:postgres ${dir}\`); else set TEAM_FACTORY_DATA_DIR to a new directory. Nothing was changed.`,
        });
      }
      await handle.chown(account.uid, account.gid);
      owner = account.uid;
    }
    if (owner !== account.uid) {
      const who = await userName(owner);
      const me = account.dropsRoot ? "`postgres` (the app runs as root)" : "the app's user";
      throw new StoreError({
        message: `${what} ${dir} belongs to ${who}, but the embedded PostgreSQL must run as ${me} and only runs on a directory it owns. Run the app as ${who}, or give the directory over (\`chown -R ${account.dropsRoot ? "postgres:postgres" : "$(id -u):$(id -g)"} ${dir}\`), or set TEAM_FACTORY_DATA_DIR to another directory. Nothing was changed.`,
      });
    }
    if (s.mode & 0o002) {
      throw new StoreError({
        message: `${what} ${dir} is writable by everyone (mode ${(s.mode & 0o777).toString(8)}): anyone could plant files the app and the server then use. \`chmod 700 ${dir}\`, or set TEAM_FACTORY_DATA_DIR to another directory. Nothing was changed.`,
      });
    }
  } finally {
    await handle.close();
  }
  if (account.dropsRoot) await checkReachable(dir, account);
}

/** As root: every directory above `dir` must let the `postgres` user through. */
async function checkReachable(dir: string, account: ServerAccount): Promise<void> {
  const blocked = await firstBlocked(dirname(dir), account);
  if (blocked) {
    throw new StoreError({
      message: `The embedded PostgreSQL runs as the \`postgres\` user (it refuses to run as root), and that user cannot reach ${dir}: ${blocked.dir} is mode ${blocked.mode}. Set TEAM_FACTORY_DATA_DIR to a directory it can reach (e.g. /var/lib/team-factory), or run the app as a non-root user.`,
    });
  }
}

/** The first of `dir` and the directories above it that `account` cannot get through, or null. */
export async function firstBlocked(
  dir: string,
  account: ServerAccount,
): Promise<{ dir: string; mode: string } | null> {
  for (let d = dir; ; d = dirname(d)) {
    const s = await stat(d);
    const bit = s.uid === account.uid ? 0o100 : s.gid === account.gid ? 0o010 : 0o001;
    if (!(s.mode & bit)) return { dir: d, mode: (s.mode & 0o777).toString(8) };
    if (d === parse(d).root) return null;
  }
}

function pgliteDirError(params: { old: string; fresh: string | null }): StoreError {
  const { old, fresh } = params;
  const keep = fresh
    ? `node scripts/import-pglite-store.ts ${old}`
    : `mv ${old} ${old}.pglite && node scripts/import-pglite-store.ts ${old}.pglite`;
  return new StoreError({
    message: fresh
      ? `${old} holds a PGlite store from the previous release, and the new store in ${fresh} is empty. To keep that data run \`${keep}\` (it creates the new store and copies every row; the old directory is only read). To start empty instead, move ${old} away.`
      : `TEAM_FACTORY_DATA_DIR=${old} holds a PGlite store from the previous release; the embedded store is now a PostgreSQL server that needs a directory of its own. To keep that data run \`${keep}\` with the same TEAM_FACTORY_DATA_DIR (it creates the new store there and copies every row; the old directory is only read). To start empty instead, set TEAM_FACTORY_DATA_DIR to a new directory.`,
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Registers this process in `clients/` (dropping the files of processes that are gone); returns its file. */
export function registerClient(layout: DataDirLayout): string {
  try {
    mkdirSync(layout.clients, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  // The server's user owns the data directory: a link planted here must not lead root elsewhere.
  if (!lstatSync(layout.clients).isDirectory()) {
    throw new StoreError({
      message: `${layout.clients} is not a directory (a symbolic link?): the embedded store keeps one file per app process there. Remove it and start again.`,
    });
  }
  for (const name of readdirSync(layout.clients)) {
    if (/^\d+$/.test(name) && !isAlive(Number(name)))
      rmSync(join(layout.clients, name), { force: true });
  }
  const mine = join(layout.clients, String(process.pid));
  writeFileSync(mine, "");
  return mine;
}

/** Pids of the app processes that registered in `clients` and are still alive, besides `self`. */
export function otherClients(layout: DataDirLayout, self: number): number[] {
  let names: string[];
  try {
    names = readdirSync(layout.clients);
  } catch {
    return [];
  }
  return names.map(Number).filter((pid) => pid !== self && isAlive(pid));
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
