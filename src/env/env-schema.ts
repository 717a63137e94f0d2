/**
 * Every environment variable the app (`npm start`) and the command line read, in one zod schema:
 * its type, its default, what it accepts, who reads it and whether it is a secret. Start-up
 * checks the lot and stops with one line per problem (`envProblems`); readers take typed values
 * (`readEnv`); `npm run schema` writes the README's table from it (`env-table.ts`).
 *
 * Values are trimmed and an empty one is unset, except secrets kept as written (a webhook
 * secret's spaces are part of it); words are taken in any case (`ON`, `Json`). A secret's value
 * is never printed: a problem shows its length only.
 */
import { getPrivateKey } from "@probot/get-private-key";
import { Cron } from "croner";
import { z } from "zod";

export type EnvReader = "server" | "plan" | "scan" | "backtest";

export interface VariableDoc {
  /** What it does: the README's "meaning". */
  description: string;
  /** Completes "NAME must be …" in a problem and the README's "accepts". */
  accepts: string;
  /** The default as the README shows it; else the schema's own default, or none. */
  shownDefault?: string;
  /** Never printed: a problem shows the value's length only. */
  secret?: boolean;
  /** Taken as written (not trimmed): a secret compared byte for byte. */
  asWritten?: boolean;
  /** Who reads it: the server, or a command of the command line. */
  readBy: EnvReader[];
  /** More to say about a value it refuses, e.g. the parser's own words. */
  hint?: (value: string) => string | undefined;
}

const ENV_DOCS = z.registry<VariableDoc & { default?: unknown }>();

const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/** A dead replica's job is taken over within this many seconds (its lease is renewed while alive). */
export const DEFAULT_LEASE_SECONDS = 30;
export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
export const DEFAULT_OPENAI_TIMEOUT_MS = 20_000;
/** Where the embedded store keeps its data when TEAM_FACTORY_DATA_DIR is not set. */
export const DEFAULT_DATA_DIR = ".team-factory/postgres";
/** Where root keeps a copy of the PostgreSQL programs that the `postgres` user can reach. */
export const DEFAULT_CACHE_DIR = "/var/cache/team-factory";
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** An unset, empty or (unless taken as written) blank value is undefined; else trimmed or not. */
const cleaned = (asWritten: boolean) => (value: unknown) => {
  if (typeof value !== "string" || value === "") return undefined;
  if (asWritten) return value;
  return value.trim() || undefined;
};

/** A variable without a default: undefined when unset. */
function optional<T extends z.ZodType<unknown, string>>(value: T, doc: VariableDoc) {
  return z.preprocess(cleaned(doc.asWritten ?? false), value.optional()).register(ENV_DOCS, doc);
}

/** A variable with a default (in the schema's output type). */
function withDefault<T extends z.ZodType<unknown, string>>(
  value: T,
  fallback: z.output<T> & {},
  doc: VariableDoc,
) {
  return z
    .preprocess(cleaned(doc.asWritten ?? false), value.default(fallback as never))
    .register(ENV_DOCS, { ...doc, default: fallback });
}

const text = () => z.string();
const oneOf = <const V extends readonly [string, ...string[]]>(values: V) =>
  z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(values));
const wholeNumber = (min: number, max: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));
const httpUrl = () =>
  z.string().refine((v) => ["http:", "https:"].includes(URL.parse(v)?.protocol ?? ""));
const FLAGS = {
  "1": true,
  true: true,
  yes: true,
  on: true,
  "0": false,
  false: false,
  no: false,
  off: false,
};
const flag = () =>
  z
    .string()
    .transform((v) => v.toLowerCase())
    .refine((v) => Object.hasOwn(FLAGS, v))
    .transform((v) => FLAGS[v as keyof typeof FLAGS]);
const ms = (min: number, max: number) => `a whole number of milliseconds from ${min} to ${max}`;
const seconds = (min: number, max: number) => `a whole number of seconds from ${min} to ${max}`;
const list = (values: readonly string[]) => `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;

/** Croner's objection to a cron expression (as the scan schedule reads it, in UTC), or none. */
function cronProblem(expression: string): string | undefined {
  try {
    new Cron(expression, { timezone: "UTC", paused: true });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Probot's objection to a private key's text, or none (it reads no file for PRIVATE_KEY). */
function privateKeyProblem(key: string): string | undefined {
  try {
    getPrivateKey({ env: { PRIVATE_KEY: key } });
    return undefined;
  } catch {
    return "it is not a PEM private key; copy the whole .pem file, BEGIN and END lines included";
  }
}

/** A GitHub write window `<requests>/<seconds>s`, as the pacing setting lists them. */
export interface PacingWindow {
  limit: number;
  ms: number;
}

const PACING = /^(\d{1,6})\/(\d{1,7})s$/;
const pacing = () =>
  z
    .string()
    .transform((v) => v.toLowerCase())
    .refine((v) => v === "on" || v === "off" || v.split(",").every(isWindow))
    .transform((v): "on" | "off" | PacingWindow[] =>
      v === "on" || v === "off"
        ? v
        : v.split(",").map((part) => {
            const [, limit, secs] = PACING.exec(part.trim()) as RegExpExecArray;
            return { limit: Number(limit), ms: Number(secs) * 1000 };
          }),
    );
function isWindow(part: string): boolean {
  const m = PACING.exec(part.trim());
  return !!m && Number(m[1]) >= 1 && Number(m[2]) >= 1;
}

const SERVER: EnvReader[] = ["server"];
const MODEL: EnvReader[] = ["server", "plan"];
const STORE: EnvReader[] = ["server", "scan", "backtest"];

export const ENV_SCHEMA = z.object({
  APP_ID: optional(z.string().regex(/^\d{1,12}$/), {
    description:
      "the GitHub App's id (written to `.env` by the manifest flow); without it, outside production, `npm start` serves the setup page",
    accepts: "the app's numeric id",
    readBy: SERVER,
  }),
  PRIVATE_KEY: optional(
    text().refine((v) => !privateKeyProblem(v)),
    {
      description: "the GitHub App's private key (written to `.env` by the manifest flow)",
      accepts: "the app's .pem private key (its text, with newlines or `\\n`, or base64)",
      secret: true,
      asWritten: true,
      readBy: SERVER,
      hint: privateKeyProblem,
    },
  ),
  PRIVATE_KEY_PATH: optional(text(), {
    description: "instead of `PRIVATE_KEY`: the path of the app's .pem file",
    accepts: "a path",
    readBy: SERVER,
  }),
  WEBHOOK_SECRET: optional(text(), {
    description: "the GitHub App's webhook secret (written to `.env` by the manifest flow)",
    accepts: "the webhook secret",
    secret: true,
    asWritten: true,
    readBy: SERVER,
  }),
  WEBHOOK_PATH: withDefault(z.string().regex(/^\/[^\s?#]*$/), DEFAULT_WEBHOOK_PATH, {
    description: "the path GitHub delivers webhooks to",
    accepts: "a path starting with /",
    readBy: SERVER,
  }),
  WEBHOOK_PROXY_URL: optional(httpUrl(), {
    description:
      "smee.io channel for local development: unreachable, the app keeps serving and retries with growing waits (in production it stops the start, naming the setting and the host)",
    accepts: "an http(s) URL",
    secret: true,
    readBy: SERVER,
  }),
  GH_ORG: optional(z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/), {
    description: "first run only: register the app under this organization instead of your account",
    accepts: "an organization's login",
    readBy: SERVER,
  }),
  GHE_HOST: optional(z.string().regex(/^[A-Za-z0-9.-]+(?::\d{1,5})?$/), {
    description:
      "GitHub Enterprise Server's host (also how `npm start` is pointed at the simulator)",
    accepts: "a host name, with a port if needed, without http:// (github.acme.io)",
    readBy: SERVER,
    hint: (v) => (/^https?:/i.test(v) ? "leave out the scheme: GHE_PROTOCOL says it" : undefined),
  }),
  GHE_PROTOCOL: withDefault(oneOf(["https", "http"]), "https", {
    description: "the protocol of `GHE_HOST`",
    accepts: "https or http",
    readBy: SERVER,
  }),
  HOST: withDefault(text(), "localhost", {
    description: "the HTTP server's address (`0.0.0.0` in a container)",
    accepts: "a host name or address",
    readBy: SERVER,
  }),
  PORT: withDefault(wholeNumber(0, 65_535), 3000, {
    description: "the HTTP server's port",
    accepts: "a port number from 0 to 65535",
    readBy: SERVER,
  }),
  NODE_ENV: optional(
    text().transform((v) => v.toLowerCase()),
    {
      description:
        "`production`: the app's credentials must be set (no setup page) and a webhook proxy it cannot reach stops the start",
      accepts: "any word",
      readBy: SERVER,
    },
  ),
  LOG_LEVEL: withDefault(oneOf(LOG_LEVELS), "info", {
    description: "the least level logged on stdout",
    accepts: `one of ${list(LOG_LEVELS)}`,
    readBy: SERVER,
  }),
  LOG_FORMAT: withDefault(oneOf(["pretty", "json"]), "pretty", {
    description:
      "`pretty`: one readable line per entry, fields indented below; `json`: one JSON object per line, each key once (for a log pipeline)",
    accepts: "pretty or json",
    readBy: SERVER,
  }),
  TEAM_FACTORY_PUBLIC_URL: optional(
    httpUrl().transform((v) => v.replace(/\/+$/, "")),
    {
      description:
        "the server's public URL, registered as the webhook URL on first run (else a smee channel)",
      accepts: "an http(s) URL",
      readBy: SERVER,
    },
  ),
  TEAM_FACTORY_DRAIN_MS: withDefault(wholeNumber(0, 600_000), 7000, {
    description: "on SIGTERM, how long running jobs may finish before they go back to the queue",
    accepts: ms(0, 600_000),
    readBy: SERVER,
  }),
  TEAM_FACTORY_WEBHOOK_TIMEOUT_MS: withDefault(
    wholeNumber(100, 60_000),
    DEFAULT_WEBHOOK_TIMEOUT_MS,
    {
      description:
        "how long a webhook's body may take to arrive once its headers have (then 408 and the connection closed), and any request's headers (GitHub itself waits 10 s for the answer)",
      accepts: ms(100, 60_000),
      readBy: SERVER,
    },
  ),
  TEAM_FACTORY_STORE: optional(oneOf(["embedded", "postgres", "supabase"]), {
    description: "which store, when more than one is set",
    accepts: "embedded, postgres or supabase",
    shownDefault: "by what is set",
    readBy: STORE,
    hint: (v) =>
      v.trim().toLowerCase() === "pglite"
        ? "the PGlite store is gone: the embedded store is now a PostgreSQL server (TEAM_FACTORY_STORE=embedded, or leave it unset); copy an old PGlite directory over with `node scripts/import-pglite-store.ts <dir>`"
        : undefined,
  }),
  // As node-postgres reads it: a URL (its host may be empty, `?host=` a socket) or a socket path.
  DATABASE_URL: optional(z.string().regex(/^(?:postgres(?:ql)?:\/\/|socket:|\/)/i), {
    description: "the PostgreSQL store's connection string",
    accepts: "a postgres:// or postgresql:// URL, or a socket path",
    secret: true,
    readBy: STORE,
  }),
  TEAM_FACTORY_MIGRATE: withDefault(flag(), false, {
    description:
      "with `DATABASE_URL`: the app applies the migrations at start (under an advisory lock)",
    shownDefault: "off",
    accepts: "1, true, yes or on; 0, false, no or off",
    readBy: SERVER,
  }),
  SUPABASE_URL: optional(httpUrl(), {
    description: "the Supabase store (RPC): the project's URL",
    accepts: "an http(s) URL",
    readBy: STORE,
  }),
  SUPABASE_SERVICE_ROLE_KEY: optional(text(), {
    description: "the Supabase store: the project's service role key (Project Settings → API)",
    accepts: "the service role key",
    secret: true,
    readBy: STORE,
  }),
  TEAM_FACTORY_DATA_DIR: withDefault(text(), DEFAULT_DATA_DIR, {
    description:
      "the embedded PostgreSQL's directory (`memory://`: a throwaway server, removed on close)",
    accepts: "a directory, or memory://",
    readBy: STORE,
  }),
  TEAM_FACTORY_CACHE_DIR: withDefault(text(), DEFAULT_CACHE_DIR, {
    description:
      "as root only, when `postgres` cannot reach the programs in `node_modules`: where a copy of them is kept (root's, 0755)",
    accepts: "a directory",
    readBy: STORE,
  }),
  OPENAI_API_KEY: optional(text(), {
    description:
      "LLM spec drafting (any OpenAI-compatible server); without a key, heuristics plan every team",
    accepts: "an API key",
    secret: true,
    readBy: MODEL,
  }),
  OPENAI_MODEL: withDefault(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/),
    DEFAULT_OPENAI_MODEL,
    {
      description: "the model that drafts specs",
      accepts: `a model name like ${DEFAULT_OPENAI_MODEL}`,
      readBy: MODEL,
    },
  ),
  OPENAI_BASE_URL: optional(httpUrl(), {
    description: "an OpenAI-compatible server instead of OpenAI",
    accepts: "an http(s) URL like https://api.openai.com/v1",
    shownDefault: "OpenAI",
    readBy: MODEL,
  }),
  OPENAI_TIMEOUT_MS: withDefault(wholeNumber(100, 600_000), DEFAULT_OPENAI_TIMEOUT_MS, {
    description: "how long one model call may take (the client does not retry)",
    accepts: ms(100, 600_000),
    readBy: MODEL,
  }),
  TEAM_FACTORY_SCAN_CRON: optional(
    text().refine((v) => !cronProblem(v)),
    {
      description: "in-process scan schedule (UTC cron); one replica per tick via a store lease",
      accepts: 'a cron expression like "0 * * * *" (hourly, UTC)',
      readBy: SERVER,
      hint: cronProblem,
    },
  ),
  TEAM_FACTORY_SCAN_SECRET: optional(text(), {
    description:
      "bearer secret of `POST /team-factory/scan` for external schedulers: at least 32 characters (`openssl rand -hex 32`), else the route stays off (503) and the start log says why",
    accepts: "a random secret",
    secret: true,
    asWritten: true,
    readBy: SERVER,
  }),
  TEAM_FACTORY_SIGNALS_SECRET: optional(text(), {
    description:
      "bearer secret of `POST /team-factory/signals`, where other systems report failures and unhandled requests: at least 32 characters, else the route stays off (503) and the start log says why",
    accepts: "a random secret",
    secret: true,
    asWritten: true,
    readBy: SERVER,
  }),
  TEAM_FACTORY_RETRY_SECONDS: optional(wholeNumber(0, 300), {
    description:
      "the wait before a failed job is tried again, doubling each time up to 5 min (5 attempts); set, it is both",
    accepts: seconds(0, 300),
    shownDefault: "`5`, `60` when GitHub could not be reached",
    readBy: SERVER,
  }),
  TEAM_FACTORY_JOB_LEASE_SECONDS: withDefault(wholeNumber(1, 600), DEFAULT_LEASE_SECONDS, {
    description:
      "a job's lease, renewed every third of it while the job runs; a replica that dies leaves its jobs to the others after at most this long",
    accepts: seconds(1, 600),
    readBy: SERVER,
  }),
  TEAM_FACTORY_DASHBOARD_TOKEN: optional(text(), {
    description:
      "turns on `GET /team-factory/` (operator page) and `GET /metrics` (Prometheus), both asking for this token; unset, both answer 404 and no Prometheus series are kept",
    accepts: "a long random token",
    secret: true,
    readBy: SERVER,
  }),
  TEAM_FACTORY_SLACK_WEBHOOK_URL: optional(httpUrl(), {
    description:
      "a Slack incoming webhook: notifications go there (which ones: `notify` in the config)",
    accepts: "an http(s) URL",
    secret: true,
    readBy: SERVER,
  }),
  TEAM_FACTORY_NOTIFY_URL: optional(httpUrl(), {
    description: "a generic JSON webhook for the same notifications",
    accepts: "an http(s) URL",
    secret: true,
    readBy: SERVER,
  }),
  TEAM_FACTORY_NOTIFY_SECRET: optional(text(), {
    description:
      "with `TEAM_FACTORY_NOTIFY_URL`: each body is signed (`X-Team-Factory-Signature-256: sha256=<HMAC>`)",
    accepts: "a random secret",
    secret: true,
    asWritten: true,
    readBy: SERVER,
  }),
  TEAM_FACTORY_BREAKER_SCOPE: withDefault(oneOf(["repository", "installation"]), "repository", {
    description:
      "`installation`: the circuit breaker also weighs each installation as a whole and pauses all its repositories (a repository's config can only tune its own breaker)",
    accepts: "repository or installation",
    readBy: SERVER,
  }),
  TEAM_FACTORY_GITHUB_PACING: withDefault(pacing(), "on", {
    description:
      "GitHub's secondary limits per installation, kept across every replica through the store: `on` is 80 content-creating requests a minute and 500 an hour (`80/60s,500/3600s`); `off` only for a GitHub Enterprise Server without secondary limits, or the simulator. Whatever it says, a `retry-after` or reset any replica is answered pauses the installation's writes on all of them, and requests hold at 2% of the primary limit until its reset",
    accepts: "on, off or windows like 80/60s,500/3600s",
    readBy: SERVER,
  }),
});

export type Env = z.output<typeof ENV_SCHEMA>;
export type EnvName = keyof Env;
export type RawEnv = Readonly<Record<string, string | undefined>>;
export const ENV_NAMES = Object.keys(ENV_SCHEMA.shape) as EnvName[];

/** The documentation of `name`. */
export function docOf(name: EnvName): VariableDoc & { default?: unknown } {
  return ENV_DOCS.get(ENV_SCHEMA.shape[name]) as VariableDoc & { default?: unknown };
}

/** Problems with the environment, one line each ("NAME must be … (got …)"). */
export class EnvError extends Error {
  override name = "EnvError";
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.problems = problems;
  }
}

/** A value as a problem may show it: a secret by its length only, the rest quoted and cut. */
function shown(value: string, secret: boolean): string {
  if (secret) return `${value.length} characters, a secret: not shown`;
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

/** `name`'s typed value, or the line saying why the schema cannot take it. */
function parseOne(
  name: EnvName,
  value: string | undefined,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  const result = ENV_SCHEMA.shape[name].safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const doc = docOf(name);
  const raw = value ?? "";
  const hint = doc.hint?.(raw);
  const problem = `${name} must be ${doc.accepts} (got ${shown(raw, !!doc.secret)})${hint ? `: ${hint}` : ""}`;
  return { ok: false, problem };
}

/** The typed values of `names` that the schema takes, and a line for each it does not. */
function parseAll(raw: RawEnv, names: readonly EnvName[]) {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of names) {
    const parsed = parseOne(name, raw[name]);
    if (parsed.ok) values[name] = parsed.value;
    else problems.push(parsed.problem);
  }
  return { values, problems };
}

/** The typed values of `names`; an EnvError naming every one it cannot take. */
export function readEnv<K extends EnvName>(raw: RawEnv, ...names: K[]): Pick<Env, K> {
  const { values, problems } = parseAll(raw, names);
  if (problems.length) throw new EnvError(problems);
  return values as Pick<Env, K>;
}

/** The typed value of one variable from its raw value; an EnvError naming it otherwise. */
export function envValue<K extends EnvName>(name: K, value: string | undefined): Env[K] {
  return readEnv({ [name]: value }, name)[name];
}

const STORE_NAMES = [
  "TEAM_FACTORY_STORE",
  "DATABASE_URL",
  "SUPABASE_URL",
  "SUPABASE_SERVICE_ROLE_KEY",
  "TEAM_FACTORY_MIGRATE",
  "TEAM_FACTORY_DATA_DIR",
] as const;
type StoreSettings = Pick<Env, (typeof STORE_NAMES)[number]>;

/**
 * The store the settings ask for: `TEAM_FACTORY_STORE`, else postgres with `DATABASE_URL`,
 * supabase with either Supabase variable, else embedded; or what is missing for it.
 */
function storeChoice(env: Omit<StoreSettings, "TEAM_FACTORY_MIGRATE" | "TEAM_FACTORY_DATA_DIR">): {
  kind: NonNullable<Env["TEAM_FACTORY_STORE"]>;
  problem?: string;
} {
  const kind =
    env.TEAM_FACTORY_STORE ??
    (env.DATABASE_URL
      ? "postgres"
      : env.SUPABASE_URL || env.SUPABASE_SERVICE_ROLE_KEY
        ? "supabase"
        : "embedded");
  if (kind === "postgres" && !env.DATABASE_URL)
    return { kind, problem: "TEAM_FACTORY_STORE=postgres needs DATABASE_URL." };
  if (kind === "supabase" && !(env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY))
    return {
      kind,
      problem:
        "The Supabase store needs both SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY (Project Settings → API); set the missing one, or unset both to use the embedded store.",
    };
  return { kind };
}

/** The store's settings and the store they choose, with what it lacks (`storeChoice`). */
export function readStoreEnv(raw: RawEnv) {
  const settings = readEnv(raw, ...STORE_NAMES);
  return { ...settings, ...storeChoice(settings) };
}

/**
 * Every problem with the variables `reader` reads (all of them without one), one line each:
 * each unusable value, then (for the server) a store that lacks a setting; a command's
 * `--database-url` may still supply it, so its store opener says that one.
 */
export function envProblems(raw: RawEnv, reader?: EnvReader | "generate" | "regenerate"): string[] {
  const names = ENV_NAMES.filter(
    (name) => !reader || docOf(name).readBy.includes(reader as EnvReader),
  );
  const { values, problems } = parseAll(raw, names);
  if (problems.length || (reader && reader !== "server")) return problems;
  const store = storeChoice(values as StoreSettings).problem;
  return store ? [store] : [];
}
