import { spawn } from "node:child_process";
import { closeSync, constants, openSync, readSync, renameSync, statSync } from "node:fs";
import { statfs } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import type { DataDirLayout, ServerAccount } from "./embedded-data-dir.ts";
import { asAccount, serverEnv } from "./embedded-initdb.ts";
import { readPostmaster, waitFor } from "./embedded-postmaster.ts";
import type { PostgresBinaries } from "./postgres-binaries.ts";
import { StoreError } from "./store-error.ts";

const LOG_ROTATE_BYTES = 10 * 2 ** 20;
/** Unix socket paths are limited to about 107 bytes; longer data directories listen on 127.0.0.1. */
const SOCKET_PATH_MAX = 100;

/**
 * Starts the postmaster on the cluster, in its own session (it outlives this process and a
 * Ctrl-C in the terminal; the last app process stops it), and waits until it is ready.
 * `taken` means another process started one on this cluster first. A port already in use
 * (127.0.0.1 mode) is retried on another port.
 */
export async function spawnPostmaster(params: {
  layout: DataDirLayout;
  account: ServerAccount;
  binaries: PostgresBinaries;
  durable: boolean;
  maxConnections: number;
}): Promise<{ port: number; socket: string | null } | "taken"> {
  const { layout } = params;
  const useSocket = Buffer.byteLength(join(layout.dir, ".s.PGSQL.5432")) <= SOCKET_PATH_MAX;
  let said = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = useSocket ? 5432 : await freePort();
    const settings: Record<string, string | number> = {
      listen_addresses: useSocket ? "" : "127.0.0.1",
      unix_socket_directories: useSocket ? `"${layout.dir}"` : "",
      unix_socket_permissions: "0700",
      max_connections: params.maxConnections,
      shared_buffers: "16MB",
      io_method: "sync",
      wal_level: "minimal",
      max_wal_senders: 0,
      huge_pages: "off",
      lc_messages: "C",
      ...(params.durable
        ? {}
        : { fsync: "off", synchronous_commit: "off", full_page_writes: "off" }),
    };
    const from = rotateLog(layout.log);
    // O_NOFOLLOW: the server's user owns the directory, and root must not append through a link.
    const log = openSync(
      layout.log,
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW,
      0o600,
    );
    const child = spawn(
      params.binaries.postgres,
      [
        "-D",
        layout.pgdata,
        "-p",
        String(port),
        ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
      ],
      {
        detached: true,
        stdio: ["ignore", log, log],
        env: serverEnv(),
        ...asAccount(params.account),
      },
    );
    closeSync(log);
    child.unref();
    let exited: string | null = null;
    child.once("exit", (code, signal) => {
      exited = String(code ?? signal);
    });
    let failedToRun = "";
    child.once("error", (error) => {
      exited = error.message;
      failedToRun = `${params.binaries.postgres} could not be run (${error.message}).`;
    });
    await waitFor(() => {
      const server = readPostmaster(layout);
      return (
        exited !== null ||
        (server !== null && server.pid === child.pid && server.status === "ready")
      );
    }, 300_000);
    if (exited === null) return { port, socket: useSocket ? layout.dir : null };
    said = readFrom(layout.log, from) || failedToRun;
    if (/lock file "postmaster\.pid" already exists/.test(said)) return "taken";
    if (useSocket || !/Address already in use/.test(said)) break;
  }
  throw await startError(layout, said);
}

async function startError(layout: DataDirLayout, said: string): Promise<StoreError> {
  const where = `its log: ${layout.log}`;
  if (/No space left on device/i.test(said)) {
    const fs = await statfs(layout.dir).catch(() => null);
    const free = fs ? ` (${Math.floor((fs.bavail * fs.bsize) / 2 ** 20)} MB free)` : "";
    return new StoreError({
      message: `The embedded PostgreSQL in ${layout.dir} could not start: the disk is full${free}. Free some space and start again; the data is kept as it was (${where}).`,
      code: "ENOSPC",
      unreachable: true,
    });
  }
  if (/wrong ownership|invalid permissions/.test(said)) {
    return new StoreError({
      message: `The embedded PostgreSQL refused ${layout.pgdata}: ${lastLines(said)} Give it back to the user the server runs as (\`chown -R\`, mode 0700), or set TEAM_FACTORY_DATA_DIR to another directory.`,
    });
  }
  return new StoreError({
    message: `The embedded PostgreSQL in ${layout.dir} did not start: ${lastLines(said) || "it exited without a word"} (${where}).`,
    unreachable: true,
  });
}

function lastLines(text: string): string {
  return text.trim().split("\n").slice(-3).join(" ").trim();
}

/** Moves a large log aside; returns where this start's lines begin. */
function rotateLog(path: string): number {
  try {
    const { size } = statSync(path);
    if (size < LOG_ROTATE_BYTES) return size;
    renameSync(path, `${path}.1`);
  } catch {}
  return 0;
}

function readFrom(path: string, offset: number): string {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(Math.max(0, statSync(path).size - offset));
    readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** A free TCP port on 127.0.0.1 (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
