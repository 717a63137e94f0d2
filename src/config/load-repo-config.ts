import { parseDocument } from "yaml";
import { showValue } from "../spec/plain-text.ts";
import { describeConfigIssue } from "./describe-config-issue.ts";
import { CONFIG_PATH, RepoConfig } from "./repo-config.ts";

/** Reads one file of a repository's default branch; null when it does not exist. */
export type FetchText = (params: {
  owner: string;
  repo: string;
  path: string;
}) => Promise<string | null>;

export type ConfigResult =
  | {
      ok: true;
      config: RepoConfig /** Files read, the repository's own first. */;
      sources: string[];
    }
  | { ok: false; message: string };

const MAX_BYTES = 64 * 1024;
const MAX_EXTENDS = 5;
const MAX_ALIASES = 50;
// `_extends: repo`, `owner/repo` or `owner/repo:path/to/file.yml` (Probot's convention).
const EXTENDS =
  /^(?:([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/)?([A-Za-z0-9._-]{1,100})(?::((?:[A-Za-z0-9_.-]+\/)*[A-Za-z0-9_.-]+\.ya?ml))?$/;

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const fail = (message: string): ConfigResult => ({ ok: false, message });

/** Parses one YAML file into a mapping, or a message saying what is wrong with it. */
function parseYaml(
  text: string,
  source: string,
): { ok: true; value: Plain } | { ok: false; message: string } {
  if (Buffer.byteLength(text, "utf8") > MAX_BYTES) {
    return {
      ok: false,
      message: `${source} is larger than ${MAX_BYTES / 1024} KB; a Team Factory config is a few lines.`,
    };
  }
  try {
    const doc = parseDocument(text, {
      uniqueKeys: true,
      prettyErrors: true,
    });
    const error = doc.errors[0];
    if (error)
      return { ok: false, message: `${source} is not valid YAML: ${error.message.split("\n")[0]}` };
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIASES });
    if (value === null || value === undefined) return { ok: true, value: {} };
    if (!isPlain(value))
      return { ok: false, message: `${source} must be a mapping of settings (key: value lines).` };
    return { ok: true, value };
  } catch (error) {
    return {
      ok: false,
      message: `${source} could not be read as YAML: ${(error as Error).message}`,
    };
  }
}

// The extending file wins; mappings merge key by key, lists and values are replaced.
function merge(base: Plain, over: Plain): Plain {
  const out: Plain = {};
  for (const src of [base, over]) {
    for (const [key, value] of Object.entries(src)) {
      const prev = Object.hasOwn(out, key) ? out[key] : undefined;
      const next = isPlain(prev) && isPlain(value) ? merge(prev, value) : value;
      Object.defineProperty(out, key, {
        value: next,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out;
}

/** Whether the person who triggered the work may read a repository (no person: always). */
export type CanRead = (target: { owner: string; repo: string }) => Promise<boolean>;

async function resolve(params: {
  text: string;
  source: string;
  owner: string;
  fetchText: FetchText;
  canRead?: CanRead;
  seen: string[];
}): Promise<{ ok: true; value: Plain; sources: string[] } | { ok: false; message: string }> {
  const parsed = parseYaml(params.text, params.source);
  if (!parsed.ok) return parsed;
  const { _extends, ...own } = parsed.value;
  if (_extends === undefined) return { ok: true, value: own, sources: [params.source] };
  const match = typeof _extends === "string" ? EXTENDS.exec(_extends.trim()) : null;
  if (!match) {
    return {
      ok: false,
      message: `${params.source}: _extends must be "repo", "owner/repo" or "owner/repo:path/file.yml" (got ${showValue(_extends, 100)}).`,
    };
  }
  const target = { owner: match[1] ?? params.owner, repo: match[2], path: match[3] ?? CONFIG_PATH };
  const source = `${target.owner}/${target.repo}:${target.path}`;
  // A config may only build on its own owner's repositories, and only on those the person who
  // triggered the work can read: the app must not read for them what they could not.
  if (target.owner.toLowerCase() !== params.owner.toLowerCase()) {
    return {
      ok: false,
      message: `${params.source}: _extends may only name a repository of ${params.owner} (got ${showValue(`${target.owner}/${target.repo}`, 100)}).`,
    };
  }
  const unreadable = `${params.source}: _extends points at ${source}, which does not exist or which the person who triggered this cannot read.`;
  if (params.canRead && !(await params.canRead(target))) return { ok: false, message: unreadable };
  if (params.seen.includes(source.toLowerCase())) {
    return {
      ok: false,
      message: `${params.source}: _extends goes in a circle (${[...params.seen, source.toLowerCase()].join(" → ")}).`,
    };
  }
  if (params.seen.length > MAX_EXTENDS) {
    return {
      ok: false,
      message: `${params.source}: _extends is nested more than ${MAX_EXTENDS} levels deep; point it at the base file directly.`,
    };
  }
  let text: string | null;
  try {
    text = await params.fetchText(target);
  } catch (error) {
    return {
      ok: false,
      message: `${params.source}: _extends ${source} could not be read (${(error as Error).message}).`,
    };
  }
  if (text === null) return { ok: false, message: unreadable };
  const base = await resolve({
    ...params,
    text,
    source,
    owner: target.owner,
    seen: [...params.seen, source.toLowerCase()],
  });
  if (!base.ok) return base;
  // Settings from another repository are checked on their own and never quoted back.
  if (!RepoConfig.partial().safeParse(base.value).success) {
    return {
      ok: false,
      message: `${params.source}: _extends points at ${source}, whose settings are not a valid Team Factory config; they are not shown here because they come from another repository.`,
    };
  }
  return { ok: true, value: merge(base.value, own), sources: [params.source, ...base.sources] };
}

/** Validates a merged config; every problem named by field, in words a person can act on. */
export function validateRepoConfig(params: { value: unknown; source: string }): ConfigResult {
  const result = RepoConfig.safeParse(params.value);
  if (result.success) return { ok: true, config: result.data, sources: [params.source] };
  const lines = result.error.issues
    .slice(0, 8)
    .map((issue) => describeConfigIssue({ schema: RepoConfig, issue, input: params.value }));
  const more =
    result.error.issues.length > 8 ? `\n…and ${result.error.issues.length - 8} more.` : "";
  return fail(
    `${params.source} has ${result.error.issues.length === 1 ? "a problem" : "problems"}; nothing was created:\n${lines.map((l) => `- ${l}`).join("\n")}${more}`,
  );
}

/**
 * Loads `.github/team-factory.yml` the Probot way: the repository's own file (pass `text` when
 * the caller already has it, null when it has none), else the owner's `.github` repository, with
 * `_extends` resolved through `fetchText`; no file at all → the defaults.
 */
export async function loadRepoConfig(params: {
  owner: string;
  repo: string;
  fetchText: FetchText;
  /** The person's access to repositories named by `_extends` (none given: no person to check). */
  canRead?: CanRead;
  text?: string | null;
}): Promise<ConfigResult> {
  const own = { owner: params.owner, repo: params.repo, path: CONFIG_PATH };
  const fallback = { owner: params.owner, repo: ".github", path: CONFIG_PATH };
  let start: { text: string; at: typeof own } | null = null;
  try {
    const text = params.text !== undefined ? params.text : await params.fetchText(own);
    if (text !== null) start = { text, at: own };
    else if (params.repo !== ".github") {
      const inherited = await params.fetchText(fallback);
      if (inherited !== null) start = { text: inherited, at: fallback };
    }
  } catch (error) {
    return fail(
      `${params.owner}/${params.repo}:${CONFIG_PATH} could not be read (${(error as Error).message}); nothing was created.`,
    );
  }
  if (!start) return { ok: true, config: RepoConfig.parse({}), sources: [] };
  const source = `${start.at.owner}/${start.at.repo}:${start.at.path}`;
  const resolved = await resolve({
    text: start.text,
    source,
    owner: params.owner,
    fetchText: params.fetchText,
    canRead: params.canRead,
    seen: [source.toLowerCase()],
  });
  if (!resolved.ok) return fail(`${resolved.message.replace(/\.?$/, ".")} Nothing was created.`);
  const validated = validateRepoConfig({ value: resolved.value, source });
  if (validated.ok) return { ...validated, sources: resolved.sources };
  // The owner's `.github` file is another repository's: its values are not quoted back either.
  return start.at === own
    ? validated
    : fail(
        `${source} (used because this repository has no ${CONFIG_PATH}) is not a valid Team Factory config; its settings are not shown here because they come from another repository. Nothing was created.`,
      );
}
