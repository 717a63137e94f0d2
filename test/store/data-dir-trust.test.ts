import { existsSync } from "node:fs";
import {
  chmod,
  chown,
  lchown,
  lstat,
  mkdir,
  readdir,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverAccount } from "../../src/store/embedded-data-dir.ts";
// A namespace import, so that this file also runs (and fails) against the code before the fix.
import * as embedded from "../../src/store/open-embedded-store.ts";
import { openStoreWithReport } from "../../src/store/open-store-from-env.ts";
import { findPostgresBinaries } from "../../src/store/postgres-binaries.ts";
import { scratchDir } from "../support/scratch-dir.ts";

// From the side of a local user (uid 65534, "nobody") who can write to a shared
// directory such as /tmp or /dev/shm, against the app run as root: the machine's tests run as root.
const isRoot = process.getuid?.() === 0;
const ATTACKER = 65534;
let root: string;
/** Like /tmp: world-writable and sticky. */
let shared: string;
/** A root-owned directory the attacker would like to own (think /etc). */
let prize: string;
beforeAll(async () => {
  root = await scratchDir("tf-trust-");
  shared = join(root, "shared");
  await mkdir(shared);
  await chmod(shared, 0o1777);
  prize = join(root, "prize");
  await mkdir(prize, { mode: 0o755 });
  await writeFile(join(prize, "passwd"), "root:x:0:0\n");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const open = (dataDir: string) =>
  openStoreWithReport({ TEAM_FACTORY_DATA_DIR: dataDir }, { stopOnSignals: false });

async function expectUntouched(dir: string) {
  const s = await stat(dir);
  expect({ uid: s.uid, mode: (s.mode & 0o7777).toString(8) }).toEqual({ uid: 0, mode: "755" });
  expect(await readdir(dir)).toEqual(["passwd"]);
}

describe.runIf(isRoot)("a data directory someone else prepared", () => {
  it("is refused when it is a planted symbolic link, and the directory it points at keeps its owner", async () => {
    const planted = join(shared, "data");
    await symlink(prize, planted);
    await lchown(planted, ATTACKER, ATTACKER);
    await expect(open(planted)).rejects.toThrow(
      /data directory .*shared\/data is a symbolic link \(to .*prize\).*never followed.*Nothing was changed\./,
    );
    await expectUntouched(prize);
  });

  it("is refused when a directory above it is a link another user planted", async () => {
    const planted = join(shared, "app");
    await symlink(root, planted);
    await lchown(planted, ATTACKER, ATTACKER);
    await expect(open(join(planted, "prize"))).rejects.toThrow(
      /cannot be kept under .*shared\/app: it is a symbolic link owned by (nobody \()?uid 65534/,
    );
    await expectUntouched(prize);
  });

  it("is refused when another user made it first", async () => {
    const theirs = join(shared, "theirs");
    await mkdir(theirs, { mode: 0o777 });
    await chown(theirs, ATTACKER, ATTACKER);
    await expect(open(theirs)).rejects.toThrow(
      /theirs belongs to (nobody \()?uid 65534\)?, but the embedded PostgreSQL must run as `postgres`/,
    );
    expect((await stat(theirs)).uid).toBe(ATTACKER);
    expect(await readdir(theirs)).toEqual([]);
  });

  it("is refused when it lies inside a directory another user owns", async () => {
    const theirs = join(shared, "parent");
    await mkdir(theirs, { mode: 0o777 });
    await chown(theirs, ATTACKER, ATTACKER);
    await expect(open(join(theirs, "data"))).rejects.toThrow(
      /cannot be kept under .*shared\/parent: it belongs to (nobody \()?uid 65534/,
    );
    expect(existsSync(join(theirs, "data"))).toBe(false);
  });

  it("never hands root's own directory with files in it to `postgres`", async () => {
    await expect(open(prize)).rejects.toThrow(
      /prize belongs to root and already holds files.*chown -R postgres:postgres .*prize.*Nothing was changed\./,
    );
    await expectUntouched(prize);
  });
});

describe("throwaway stores (memory://)", () => {
  it("live in a private directory of the server's user, mode 0700, not at a path others can guess and plant", async () => {
    const account = await serverAccount();
    const dir = await embedded.throwawayRoot();
    const s = await lstat(dir);
    expect(s.isDirectory()).toBe(true);
    expect({ uid: s.uid, mode: (s.mode & 0o777).toString(8) }).toEqual({
      uid: account.uid,
      mode: "700",
    });
    const opened = await open("memory://");
    try {
      expect(opened.report.line).toContain(`${dir}/team-factory-store-`);
    } finally {
      await opened.store.close();
    }
  });

  it.runIf(isRoot)(
    "start even with a link planted at the old shared template path, and leave its target alone",
    async () => {
      // Every root process once copied its template from this path in /dev/shm.
      const { version } = await findPostgresBinaries();
      const old = join(await embedded.throwawayBase(), `team-factory-template-${version}-0`);
      await rm(old, { recursive: true, force: true });
      await symlink(prize, old);
      await lchown(old, ATTACKER, ATTACKER);
      try {
        const opened = await open("memory://");
        expect(await opened.store.recordDelivery({ deliveryId: "planted", event: "e" })).toBe(true);
        await opened.store.close();
        await expectUntouched(prize);
      } finally {
        await rm(old, { force: true });
      }
    },
  );

  it.runIf(isRoot)(
    "do not use a directory another user made at the private directory's name",
    async () => {
      const account = await serverAccount();
      const squatted = join(shared, `team-factory-${account.uid}`);
      await mkdir(squatted, { mode: 0o777 });
      await chown(squatted, ATTACKER, ATTACKER);
      const dir = await embedded.privateDirIn({ base: shared, account });
      expect(dir).not.toBe(squatted);
      const s = await lstat(dir);
      expect({ uid: s.uid, mode: (s.mode & 0o777).toString(8) }).toEqual({
        uid: account.uid,
        mode: "700",
      });
      expect((await stat(squatted)).uid).toBe(ATTACKER);
    },
  );
});
