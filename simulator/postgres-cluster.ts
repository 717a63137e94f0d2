import { execFile, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../src/store/embedded-spawn.ts";
import { throwawayRoot } from "../src/store/open-embedded-store.ts";

const run = promisify(execFile);

/** A throwaway PostgreSQL server on 127.0.0.1 (Debian's `postgresql` package). */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth, superuser). */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server at once (an outage: `-m immediate`), keeping its data. */
  stopServer(): Promise<void>;
  /** Starts the stopped server again on the same port and data. */
  startServer(): Promise<void>;
  /** Stops the server and deletes its directory; safe to call twice. */
  stop(): Promise<void>;
}

/** The newest `/usr/lib/postgresql/<version>/bin`, or PG_BIN when set. */
export async function findPostgresBin(): Promise<string> {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = await readdir(root).catch(() => [] as string[]);
  const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) {
    throw new Error(
      `No PostgreSQL server found under ${root}: install it (apt-get install -y postgresql) or set PG_BIN.`,
    );
  }
  return join(root, newest, "bin");
}

/**
 * A cluster made by `initdb` once per machine, PostgreSQL version and user, for clusters to copy
 * (`cp -a` keeps the owner and modes): a copy costs a fraction of initdb's half second of CPU.
 * Made under a temporary name and renamed, so concurrent test workers never see half of one.
 */
async function templateCluster(
  bin: string,
  as: (cmd: string, args: string[]) => Promise<unknown>,
): Promise<string> {
  const root = join(
    await throwawayRoot(),
    `tf-pg-template-${basename(dirname(bin))}-${process.getuid?.() ?? 0}`,
  );
  const data = join(root, "data");
  if (existsSync(join(data, "PG_VERSION"))) return data;
  await mkdir(root, { recursive: true });
  if (process.getuid?.() === 0) await run("chown", ["postgres:postgres", root]);
  const temp = join(root, `data.new-${process.pid}-${Date.now()}`);
  const initdb = ["-D", temp, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"];
  await as(join(bin, "initdb"), initdb);
  await rename(temp, data).catch(() => rm(temp, { recursive: true, force: true }));
  return data;
}

/**
 * Starts a fresh cluster: a copy of the template cluster + `pg_ctl start` in a temp dir. As root the server runs as the
 * `postgres` user (`runuser -u postgres --`), since PostgreSQL refuses to run as root.
 */
export async function startPostgresCluster(
  params: {
    maxConnections?: number;
    /**
     * Commits survive a crash (`stopServer`) as on a real server. Off by default: tests that never
     * crash the server run faster without fsync and synchronous commits.
     */
    durable?: boolean;
  } = {},
): Promise<PostgresCluster> {
  const bin = await findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  const as = (cmd: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", cmd, ...args]) : run(cmd, args);
  // In memory when /dev/shm has room: a cluster is ~1,000 files, slow to write on some disks.
  const dataDir = await mkdtemp(join(await throwawayRoot(), "tf-pg-"));
  if (asRoot) {
    await run("chown", ["postgres:postgres", dataDir]);
    await chmod(dataDir, 0o700);
  }
  const port = await freePort();
  const pgData = join(dataDir, "data");
  let started = false;
  const ctl = asRoot
    ? ["runuser", "-u", "postgres", "--", join(bin, "pg_ctl")]
    : [join(bin, "pg_ctl")];
  // A test process that exits without calling stop() must not leave a server behind.
  const onExit = () => {
    if (started) spawnSync(ctl[0], [...ctl.slice(1), "-D", pgData, "-m", "immediate", "stop"]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once("exit", onExit);
  const stop = async () => {
    process.removeListener("exit", onExit);
    if (started) {
      started = false;
      await as(join(bin, "pg_ctl"), ["-D", pgData, "-m", "immediate", "-w", "stop"]).catch(
        () => {},
      );
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const options = [
    `-p ${port}`,
    `-k ${dataDir}`,
    "-c listen_addresses=127.0.0.1",
    `-c max_connections=${params.maxConnections ?? 50}`,
    ...(params.durable
      ? []
      : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]),
  ].join(" ");
  const startServer = async () => {
    started = true;
    await as(join(bin, "pg_ctl"), [
      "-D",
      pgData,
      "-o",
      options,
      "-l",
      join(dataDir, "log"),
      "-w",
      "start",
    ]);
  };
  const stopServer = async () => {
    await as(join(bin, "pg_ctl"), ["-D", pgData, "-m", "immediate", "-w", "stop"]);
    started = false;
  };
  try {
    await run("cp", ["-a", await templateCluster(bin, as), pgData]);
    await startServer();
  } catch (error) {
    await stop();
    throw new Error(`Could not start PostgreSQL from ${bin}: ${(error as Error).message}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stopServer,
    startServer,
    stop,
  };
}
