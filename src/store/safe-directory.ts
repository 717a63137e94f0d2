import { constants } from "node:fs";
import { lstat, mkdir, open, readFile, readlink, stat } from "node:fs/promises";
import { dirname, parse, resolve } from "node:path";
import { StoreError } from "./store-error.ts";

/**
 * Directories made as root (or for a server run as another user) without following anything a
 * third user planted: a symbolic link, or a directory someone else owns, in a world-writable place
 * such as /tmp or /dev/shm would otherwise make the app hand another directory over.
 */

/** Creates `dir` itself, failing on anything already there (EEXIST → false). */
export async function makeExclusive(dir: string, mode: number): Promise<boolean> {
  try {
    await mkdir(dir, { mode });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * Opens a directory without following a symbolic link at its last component; the handle's
 * `stat` and `chown` then act on that directory even if the path is swapped afterwards.
 */
export async function openDirectory(dir: string, what: string) {
  try {
    return await open(dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Linux answers ENOTDIR for a link with O_DIRECTORY, other systems ELOOP.
    if ((code === "ELOOP" || code === "ENOTDIR") && (await lstat(dir)).isSymbolicLink())
      throw symlinkError(dir, what, await readlink(dir).catch(() => "?"));
    if (code === "ENOTDIR")
      throw new StoreError({
        message: `${what} ${dir} is not a directory. Move it away, or choose another path. Nothing was changed.`,
      });
    throw error;
  }
}

function symlinkError(path: string, what: string, target: string): StoreError {
  return new StoreError({
    message: `${what} ${path} is a symbolic link (to ${target}); it must be a real directory, and a link is never followed (whoever made it could point it at another directory). Remove the link, or choose another path. Nothing was changed.`,
  });
}

/**
 * Makes the directories above `dir` that are missing, one at a time, and checks every one on the
 * way: a symbolic link is followed only when root owns it, and each directory must belong to
 * root or one of `trusted` and must not be writable by everyone unless sticky (like /tmp).
 * Anything else could be changed under the app by another user: refused, naming the path.
 */
export async function checkAncestors(params: {
  dir: string;
  trusted: number[];
  what: string;
}): Promise<void> {
  const { what } = params;
  const trusted = new Set([0, ...params.trusted]);
  const chain: string[] = [];
  for (let d = dirname(resolve(params.dir)); ; d = dirname(d)) {
    chain.unshift(d);
    if (d === parse(d).root) break;
  }
  for (const d of chain) {
    let s = await lstat(d).catch(() => null);
    if (!s) {
      await makeExclusive(d, 0o755);
      s = await lstat(d);
    }
    if (s.isSymbolicLink()) {
      if (s.uid !== 0)
        throw ancestorError(d, what, `is a symbolic link owned by ${await userName(s.uid)}`);
      s = await stat(d); // root's link (/var/run → /run): the directory it leads to is checked
    }
    if (!s.isDirectory())
      throw new StoreError({
        message: `${what} cannot be kept under ${d}: it is not a directory.`,
      });
    if (!trusted.has(s.uid)) throw ancestorError(d, what, `belongs to ${await userName(s.uid)}`);
    if (s.mode & 0o002 && !(s.mode & 0o1000))
      throw ancestorError(
        d,
        what,
        `is writable by everyone (mode ${(s.mode & 0o777).toString(8)}) without the sticky bit`,
      );
  }
}

function ancestorError(path: string, what: string, why: string): StoreError {
  return new StoreError({
    message: `${what} cannot be kept under ${path}: it ${why}, so another user could change what lies under it. Choose a path whose directories belong to root or to the app's user. Nothing was changed.`,
  });
}

export async function userName(uid: number): Promise<string> {
  const passwd = await readFile("/etc/passwd", "utf8").catch(() => "");
  const name = passwd
    .split("\n")
    .map((l) => l.split(":"))
    .find((f) => Number(f[2]) === uid)?.[0];
  return name ? `${name} (uid ${uid})` : `uid ${uid}`;
}
