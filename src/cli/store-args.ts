/** Which store a reading command (`scan`, `backtest`) opens, from `--database-url` and the environment. */
import { existsSync } from "node:fs";
import { readStoreEnv } from "../env/env-schema.ts";
import type { CliIo } from "./cli-io.ts";
import { stringValue, UsageError } from "./read-args.ts";

export const REPO_ARG = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;

/** `--repo owner/name`, checked; undefined when not given. */
export function repoArg(values: Record<string, string | boolean | undefined>): string | undefined {
  const repo = stringValue(values, "repo");
  if (repo !== undefined && !REPO_ARG.test(repo)) {
    throw new UsageError(`--repo takes owner/name, like acme/agents (got ${JSON.stringify(repo)})`);
  }
  return repo;
}

/** A whole-number option from `min` to `max`, or its default. */
export function intArg(
  values: Record<string, string | boolean | undefined>,
  name: string,
  fallback: number,
  [min, max]: [number, number],
): number {
  const value = Number(stringValue(values, name) ?? fallback);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} takes a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * The environment the store opener reads, for a command that only reads: never migrating, with
 * `--database-url` taking precedence; a UsageError when there is no store to read at all.
 */
export function readingStoreEnv(
  values: Record<string, string | boolean | undefined>,
  environment: CliIo["env"],
  what: string,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...environment, TEAM_FACTORY_MIGRATE: "" };
  const url = stringValue(values, "database-url");
  if (url) Object.assign(env, { DATABASE_URL: url, TEAM_FACTORY_STORE: "postgres" });
  const { kind, TEAM_FACTORY_DATA_DIR: dataDir } = readStoreEnv(env);
  if (kind === "embedded" && !dataDir.startsWith("memory://") && !existsSync(dataDir)) {
    throw new UsageError(
      `no store to ${what}: pass --database-url, set DATABASE_URL (or SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY), or set TEAM_FACTORY_DATA_DIR to the embedded store's folder (${dataDir} does not exist)`,
    );
  }
  return env;
}
