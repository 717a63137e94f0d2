import { createHash } from "node:crypto";
import {
  chmod,
  cp,
  lstat,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  writeFile,
} from "node:fs/promises";
import { join, relative } from "node:path";
import { DEFAULT_CACHE_DIR } from "../env/env-schema.ts";
import { firstBlocked, type ServerAccount } from "./embedded-data-dir.ts";
import { checkAncestors, makeExclusive, openDirectory } from "./safe-directory.ts";
import { StoreError } from "./store-error.ts";

const MANIFEST = "team-factory-manifest.json";

/**
 * The npm package's `native` directory (bin, lib, share) as the server's user can run it. In
 * place when that user gets through every directory above it; else (as root, a checkout in a
 * private directory such as root's home or a `mktemp -d`) a copy in a root-owned 0755 cache
 * directory, named by the sha256 of every file, verified against it when made, and reused by
 * every later start of any checkout holding the same files.
 */
export async function reachableNative(params: {
  native: string;
  version: string;
  account: ServerAccount;
  cacheDir?: string;
}): Promise<string> {
  const { native, account } = params;
  const blocked = await firstBlocked(native, account);
  if (!blocked) return native;
  const cacheDir = params.cacheDir ?? DEFAULT_CACHE_DIR;
  try {
    return await cachedCopy({ ...params, cacheDir });
  } catch (error) {
    const why = error instanceof StoreError ? error.message : (error as Error).message;
    throw new StoreError({
      message: `The embedded PostgreSQL runs as \`postgres\` (the app runs as root), which cannot reach its programs in ${native} (${blocked.dir} is mode ${blocked.mode}), and copying them to ${cacheDir} failed: ${why} Let it through (\`chmod o+x ${blocked.dir}\`), set TEAM_FACTORY_CACHE_DIR to a directory root can write, or run the app as a non-root user.`,
    });
  }
}

async function cachedCopy(params: {
  native: string;
  version: string;
  account: ServerAccount;
  cacheDir: string;
}): Promise<string> {
  const { native, cacheDir, account } = params;
  const what = "The PostgreSQL programs' cache";
  await checkAncestors({ dir: cacheDir, trusted: [account.uid], what });
  await makeExclusive(cacheDir, 0o755);
  await checkOwnDirectory(cacheDir, what);
  const manifest = await manifestOf(native);
  const digest = sha256(JSON.stringify(manifest));
  const target = join(cacheDir, `postgres-${params.version}-${digest.slice(0, 16)}`);
  if (!(await lstat(target).catch(() => null))) {
    const temp = `${target}.new-${process.pid}`;
    await rm(temp, { recursive: true, force: true });
    try {
      await cp(native, temp, { recursive: true, verbatimSymlinks: true });
      await chmodTree(temp);
      if (sha256(JSON.stringify(await manifestOf(temp))) !== digest)
        throw new StoreError({ message: `the copy in ${temp} does not match ${native}.` });
      await writeFile(join(temp, MANIFEST), JSON.stringify({ digest, files: manifest }));
      await rename(temp, target).catch(async (error) => {
        // Another process made it first: theirs is as good.
        if (!(await lstat(target).catch(() => null))) throw error;
      });
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }
  await checkOwnDirectory(target, what);
  const recorded = JSON.parse(await readFile(join(target, MANIFEST), "utf8")) as {
    digest?: string;
  };
  if (recorded.digest !== digest)
    throw new StoreError({ message: `${target} was not made from these files; remove it.` });
  const blocked = await firstBlocked(target, account);
  if (blocked)
    throw new StoreError({
      message: `\`postgres\` cannot get through ${blocked.dir} (mode ${blocked.mode}).`,
    });
  return target;
}

/** A real directory of root's that nobody else may write to. */
async function checkOwnDirectory(dir: string, what: string): Promise<void> {
  const handle = await openDirectory(dir, what);
  try {
    const s = await handle.stat();
    if (s.uid !== 0 || s.mode & 0o022)
      throw new StoreError({
        message: `${what} ${dir} must belong to root and be writable by root only (it is uid ${s.uid}, mode ${(s.mode & 0o777).toString(8)}).`,
      });
  } finally {
    await handle.close();
  }
}

type Entry = { path: string; sha256?: string; exec?: boolean; link?: string };

/** Every file (its sha256, whether it is a program) and link under `dir`, sorted by path. */
async function manifestOf(dir: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const name of (await readdir(d)).sort()) {
      if (name === MANIFEST) continue;
      const path = join(d, name);
      const s = await lstat(path);
      const rel = relative(dir, path);
      if (s.isDirectory()) await walk(path);
      else if (s.isSymbolicLink()) entries.push({ path: rel, link: await readlink(path) });
      else
        entries.push({ path: rel, sha256: sha256(await readFile(path)), exec: !!(s.mode & 0o100) });
    }
  };
  await walk(dir);
  return entries;
}

/** Readable by all, writable by root only: directories and programs 0755, other files 0644. */
async function chmodTree(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const s = await lstat(path);
    if (s.isDirectory()) await chmodTree(path);
    else if (!s.isSymbolicLink()) await chmod(path, s.mode & 0o100 ? 0o755 : 0o644);
  }
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
