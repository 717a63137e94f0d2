import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { layoutOf, otherClients } from "./embedded-data-dir.ts";
import { isPostmasterOf, readPostmaster } from "./embedded-postmaster.ts";

/** The prefix of throwaway stores' directories (`TEAM_FACTORY_DATA_DIR=memory://`). */
export const THROWAWAY_PREFIX = "team-factory-store-";
/** A directory this young may belong to a process that has not registered in it yet. */
const GRACE_MS = 60_000;

/**
 * Throwaway stores whose every app process died without closing them (SIGKILL, the OOM killer):
 * nobody will come back to them, so their servers get an immediate shutdown and their directories
 * are removed. Returns the directories removed. Stores with a live process are never touched.
 */
export function sweepAbandonedThrowaways(root: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => name.startsWith(THROWAWAY_PREFIX));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const dir = join(root, name);
    const layout = layoutOf(dir);
    try {
      if (now - statSync(dir).mtimeMs < GRACE_MS) continue;
      // This process counts too: it may hold another throwaway store open.
      if (otherClients(layout, -1).length > 0) continue;
      const server = readPostmaster(layout);
      // SIGQUIT: PostgreSQL's immediate shutdown; the data is thrown away next anyway.
      if (server && isPostmasterOf(server.pid, layout.pgdata)) process.kill(server.pid, "SIGQUIT");
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      removed.push(dir);
    } catch {
      // Another user's directory, or gone meanwhile: not ours to clean.
    }
  }
  return removed;
}
