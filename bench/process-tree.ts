import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** `/proc/<pid>/smaps_rollup` in MB: PSS (shared pages split between their users) or RSS. */
export function memoryMb(pid: number, kind: "Pss" | "Rss"): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    return Number(new RegExp(`^${kind}:\\s+(\\d+)`, "m").exec(rollup)?.[1] ?? 0) / 1024;
  } catch {
    return 0; // the process has ended
  }
}

/** Every process under `roots` (children, their children...), the roots included. */
export function processTree(roots: number[]): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Field 4 of /proc/<pid>/stat, after the command in parentheses.
      const ppid = Number(readFileSync(`/proc/${name}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {}
  }
  const seen = new Set<number>();
  const visit = (pid: number) => {
    if (seen.has(pid)) return;
    seen.add(pid);
    for (const child of parents.get(pid) ?? []) visit(child);
  };
  for (const root of roots) visit(root);
  return [...seen];
}

/** The postmaster running on an embedded store's data directory, if any. */
export function postmasterOf(dataDir: string): number | null {
  try {
    const pid = Number(
      readFileSync(join(dataDir, "pgdata", "postmaster.pid"), "utf8").split("\n")[0],
    );
    return pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * PSS in MB of the app process and every PostgreSQL process of its store: the app's descendants
 * (initdb, the postmaster it started) and the postmaster's tree when another process started it.
 */
export function treePssMb(params: { pid: number; dataDir: string }): number {
  const postmaster = postmasterOf(params.dataDir);
  const pids = processTree(postmaster ? [params.pid, postmaster] : [params.pid]);
  return pids.reduce((sum, pid) => sum + memoryMb(pid, "Pss"), 0);
}
