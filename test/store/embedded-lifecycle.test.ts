import { chown, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openStoreWithReport } from "../../src/store/open-store-from-env.ts";
import { isRunning, runLineProcess } from "../support/line-process.ts";
import { scratchDir } from "../support/scratch-dir.ts";

const isRoot = process.getuid?.() === 0;
let root: string;
let dataDir: string;
beforeAll(async () => {
  root = await scratchDir("tf-lifecycle-");
  dataDir = join(root, "data");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const env = () => ({ TEAM_FACTORY_DATA_DIR: dataDir });
const STORE_PROCESS = join(import.meta.dirname, "store-process.ts");
const runStoreProcess = (params: { env: Record<string, string>; prefix?: string[] }) =>
  runLineProcess({ script: STORE_PROCESS, ...params });
const open = () => openStoreWithReport(env(), { stopOnSignals: false });
const postmasterPid = async () =>
  Number((await readFile(join(dataDir, "pgdata", "postmaster.pid"), "utf8")).split("\n")[0]);
const stopped = (pid: number) =>
  vi.waitFor(() => expect(isRunning(pid)).toBe(false), { timeout: 30_000, interval: 20 });

// One data directory, in order: each step starts from what the one before left.
describe("the embedded PostgreSQL shared by app processes on one data directory", () => {
  it("is joined by a second process, outlives the first one's close, and stops with the last", async () => {
    const first = await open();
    expect(first.report.line).toMatch(/, initialised, unix socket /);
    const second = await runStoreProcess({ env: env() });
    expect(second.started.line).toMatch(/, joined, .*; 0 of \d+ migrations applied now;/);
    const pid = await postmasterPid();
    await first.store.close();
    expect(isRunning(pid)).toBe(true);
    expect(await second.send("query")).toEqual({ recorded: true });
    expect(await second.send("close")).toEqual({ closed: true });
    await stopped(pid);
  });

  it("reuses a server left running by a killed process, and stops it when done", async () => {
    const killed = await runStoreProcess({ env: env() });
    expect(killed.started.line).toMatch(/, started, /);
    const pid = await postmasterPid();
    killed.child.kill("SIGKILL");
    await killed.ended;
    expect(isRunning(pid)).toBe(true);
    const next = await open();
    expect(next.report.line).toMatch(/, reused, /);
    expect(await next.store.recordDelivery({ deliveryId: "after-kill", event: "e" })).toBe(true);
    await next.store.close();
    await stopped(pid);
  });

  it("stops the server cleanly on SIGTERM, then lets the signal end the process", async () => {
    const app = await runStoreProcess({ env: env() });
    const pid = await postmasterPid();
    app.child.kill("SIGTERM");
    expect(await app.ended).toBe("SIGTERM");
    await stopped(pid);
    const log = await readFile(join(dataDir, "server.log"), "utf8");
    expect(log.trim().split("\n").at(-1)).toMatch(/database system is shut down/);
  });

  it("starts the server again when it was stopped underneath, on the next call", async () => {
    const app = await open();
    const pid = await postmasterPid();
    process.kill(pid, "SIGINT");
    await stopped(pid);
    expect(await app.store.recordDelivery({ deliveryId: "after-stop", event: "e" })).toBe(true);
    expect(await postmasterPid()).not.toBe(pid);
    await app.store.close();
  });

  it("ignores a stale postmaster.pid whose pid now belongs to another program", async () => {
    const stale = `${process.pid}\n${join(dataDir, "pgdata")}\n0\n5432\n${dataDir}\n\n0 0\nready   \n`;
    await writeFile(join(dataDir, "pgdata", "postmaster.pid"), stale);
    const app = await open();
    expect(app.report.line).toMatch(/, started, /);
    expect(await app.store.recordDelivery({ deliveryId: "after-stale", event: "e" })).toBe(true);
    await app.store.close();
  });

  it("refuses a cluster made by another PostgreSQL major version, changing nothing", async () => {
    const version = join(dataDir, "pgdata", "PG_VERSION");
    await writeFile(version, "17\n");
    await expect(open()).rejects.toThrow(
      /pgdata was made by PostgreSQL 17; this release runs PostgreSQL 18\. .*Nothing was changed\./,
    );
    await writeFile(version, "18\n");
    const app = await open();
    expect(await app.store.recordDelivery({ deliveryId: "after-kill", event: "e" })).toBe(false);
    await app.store.close();
  });
});

describe("bad states of the data directory", () => {
  it.runIf(isRoot)("refuses a directory owned by another user and changes nothing", async () => {
    const theirs = join(root, "theirs");
    await mkdir(theirs);
    await writeFile(join(theirs, "notes.txt"), "mine\n");
    await chown(theirs, 65534, 65534);
    await expect(openStoreWithReport({ TEAM_FACTORY_DATA_DIR: theirs })).rejects.toThrow(
      /data directory .*theirs belongs to (nobody \()?uid 65534\)?, but the embedded PostgreSQL must run as `postgres` .* Nothing was changed\./,
    );
    expect(await readdir(theirs)).toEqual(["notes.txt"]);
  });

  it("listens on 127.0.0.1 when the directory's path is too long for a Unix socket", async () => {
    const deep = join(
      root,
      "a-directory-name-long-enough".repeat(3),
      "to-pass-the-socket-path-limit",
    );
    const app = await openStoreWithReport(
      { TEAM_FACTORY_DATA_DIR: deep },
      { stopOnSignals: false },
    );
    expect(app.report.line).toMatch(/, initialised, 127\.0\.0\.1:\d+;/);
    expect(await app.store.recordDelivery({ deliveryId: "tcp", event: "e" })).toBe(true);
    await app.store.close();
  });

  it.runIf(isRoot)(
    "says the disk is full when initdb runs out of space, and leaves no half-made cluster",
    async () => {
      // A private mount namespace with a 24 MB tmpfs: a real ENOSPC, seen only by the child.
      const small = join(root, "small");
      await mkdir(small);
      const app = await runStoreProcess({
        env: { TEAM_FACTORY_DATA_DIR: join(small, "data") },
        prefix: [
          "unshare",
          "--mount",
          "--",
          "sh",
          "-c",
          `mount -t tmpfs -o size=24m tmpfs ${small} && exec "$@"`,
          "sh",
        ],
      });
      expect(app.started.error).toMatch(
        /Creating the embedded PostgreSQL store in .*small\/data failed: the disk is full \(\d+ MB free there; a new store needs about 45 MB\)\. Free some space and start again; the half-made cluster was removed/,
      );
      expect(app.started.left).toEqual(["clients", "password"]);
    },
  );
});
