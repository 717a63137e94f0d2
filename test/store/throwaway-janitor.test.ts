import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { throwawayRoot } from "../../src/store/open-embedded-store.ts";
import { sweepAbandonedThrowaways, THROWAWAY_PREFIX } from "../../src/store/throwaway-janitor.ts";
import { isRunning, runLineProcess } from "../support/line-process.ts";

const STORE_PROCESS = join(import.meta.dirname, "store-process.ts");
// Ages a directory past the janitor's minute of grace (other tests' young stores keep theirs).
const age = (dir: string) => {
  const old = new Date(Date.now() - 120_000);
  utimesSync(dir, old, old);
};

// An app process with a throwaway store (memory://) that is SIGKILLed cannot stop its server or
// remove its directory: the next throwaway store opened on the machine does.
describe("throwaway stores left by killed processes", () => {
  it("are stopped and removed by the janitor, never while their process lives or in the first minute", async () => {
    const root = await throwawayRoot();
    const app = await runLineProcess({
      script: STORE_PROCESS,
      env: { TEAM_FACTORY_DATA_DIR: "memory://" },
    });
    const pid = app.child.pid as number;
    const dir = readdirSync(root)
      .filter((name) => name.startsWith(THROWAWAY_PREFIX))
      .map((name) => join(root, name))
      .find((d) => existsSync(join(d, "clients", String(pid))));
    if (!dir) throw new Error(`no throwaway store registered by pid ${pid} in ${root}`);
    const server = Number(
      (await readFile(join(dir, "pgdata", "postmaster.pid"), "utf8")).split("\n")[0],
    );

    age(dir);
    expect(sweepAbandonedThrowaways(root)).not.toContain(dir);
    expect(isRunning(server)).toBe(true);

    app.child.kill("SIGKILL");
    await app.ended;
    expect(sweepAbandonedThrowaways(root, Date.now() - 120_000)).not.toContain(dir);
    expect(isRunning(server)).toBe(true);

    expect(sweepAbandonedThrowaways(root)).toContain(dir);
    expect(existsSync(dir)).toBe(false);
    await vi.waitFor(() => expect(isRunning(server)).toBe(false), {
      timeout: 30_000,
      interval: 20,
    });
  });

  it("never signals a process that a stale postmaster.pid names but that is not its server", async () => {
    const root = await throwawayRoot();
    const dir = mkdtempSync(join(root, THROWAWAY_PREFIX));
    mkdirSync(join(dir, "pgdata"));
    // The pid was reused: it is some other program now.
    const other = spawn("sleep", ["30"], { stdio: "ignore" });
    const pid = other.pid as number;
    writeFileSync(
      join(dir, "pgdata", "postmaster.pid"),
      `${pid}\n${dir}/pgdata\n0\n5432\n${dir}\n`,
    );
    age(dir);
    try {
      expect(sweepAbandonedThrowaways(root)).toContain(dir);
      expect(existsSync(dir)).toBe(false);
      expect(isRunning(pid)).toBe(true);
    } finally {
      other.kill("SIGKILL");
    }
  });
});
