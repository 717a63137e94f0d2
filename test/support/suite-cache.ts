import { homedir } from "node:os";
import { join } from "node:path";

/**
 * A folder of the suite's caches that outlive a run (bytecode, mypy's types, lint verdicts):
 * `$XDG_CACHE_HOME/team-factory/<name>`, else `~/.cache/team-factory/<name>`.
 */
export function suiteCache(name: string): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "team-factory", name);
}
