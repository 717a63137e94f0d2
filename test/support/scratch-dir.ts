import { chmod, mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { throwawayRoot } from "../../src/store/open-embedded-store.ts";

/**
 * A new temporary directory where throwaway stores go, that the embedded server's user can get
 * through (mode 0755: as root the server runs as `postgres`, and mkdtemp's 0700 would stop it).
 * The caller removes it.
 */
export async function scratchDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(await throwawayRoot(), prefix));
  await chmod(dir, 0o755);
  return dir;
}
