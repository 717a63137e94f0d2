import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { type DataDirLayout, isAlive } from "./embedded-data-dir.ts";

/** What a running server wrote to `postmaster.pid`. */
export interface Postmaster {
  pid: number;
  port: number;
  /** The Unix socket's directory, or null when it listens on 127.0.0.1 only. */
  socket: string | null;
  /** `starting`, `ready` or `stopping`. */
  status: string;
}

/** `postmaster.pid`: pid, data dir, start time, port, socket directory, listen address, shmem key, status. */
export function readPostmaster(layout: DataDirLayout): Postmaster | null {
  let lines: string[];
  try {
    lines = readFileSync(join(layout.pgdata, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return null;
  }
  return {
    pid: Number(lines[0]),
    port: Number(lines[3]),
    socket: lines[4]?.trim() || null,
    status: lines[7]?.trim() ?? "",
  };
}

/** True when the server accepts connections (its socket answers and it says it is ready). */
export function answers(server: Postmaster): Promise<boolean> {
  if (server.status !== "ready") return Promise.resolve(false);
  return new Promise((done) => {
    const socket = server.socket
      ? connect({ path: join(server.socket, `.s.PGSQL.${server.port}`) })
      : connect({ host: "127.0.0.1", port: server.port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

/** The pid is a live `postgres` process (not a pid reused by something else after a reboot). */
export function isPostgres(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
  } catch {
    return process.platform !== "linux";
  }
}

/**
 * Whether `pid` is the postmaster of `pgdata` (its command line names the directory): a pid in a
 * stale postmaster.pid may since belong to anything, another PostgreSQL included.
 */
export function isPostmasterOf(pid: number, pgdata: string): boolean {
  if (!isPostgres(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(pgdata);
  } catch {
    return process.platform !== "linux";
  }
}

/** Polls `condition` every 10 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
