/**
 * The operator page's query: filters (repository, state, source) and pages, from a GET form.
 * Each value is checked; a bad one is refused with a message naming the parameter and what it
 * takes, never echoing the value. Unknown parameters are ignored (a bookmark with extra
 * parameters still opens); an empty value is the form's "all".
 */
import { GAP_SOURCES, type GapSource } from "../store/metrics-rows.ts";
import { GAP_STATES, type GapState } from "../store/store-records.ts";
import { REPO_PATTERN } from "./github-links.ts";

export const MAX_PAGE = 1000;
export const PAGE_SIZE = 25;

export interface PageQuery {
  repo: string | null;
  state: GapState | null;
  source: GapSource | null;
  /** 1-based pages of the gaps, the audit entries and the repositories. */
  page: number;
  auditPage: number;
  reposPage: number;
}

export const DEFAULT_QUERY: PageQuery = {
  repo: null,
  state: null,
  source: null,
  page: 1,
  auditPage: 1,
  reposPage: 1,
};

export class PageQueryError extends Error {}

const PAGES = { page: "page", audit_page: "auditPage", repos_page: "reposPage" } as const;

function one(params: URLSearchParams, name: string): string | null {
  const values = params.getAll(name);
  if (values.length > 1) throw new PageQueryError(`"${name}" is given more than once.`);
  const value = values[0]?.trim() ?? "";
  return value === "" ? null : value;
}

function oneOf<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]) {
  const value = one(params, name);
  if (value === null) return null;
  const found = allowed.find((a) => a === value);
  if (!found) throw new PageQueryError(`"${name}" must be one of: ${allowed.join(", ")}.`);
  return found;
}

/** The query of `GET /team-factory/?…`; throws PageQueryError on a bad value. */
export function parsePageQuery(params: URLSearchParams): PageQuery {
  const repo = one(params, "repo");
  if (repo !== null && (!REPO_PATTERN.test(repo) || /(^|\/)\.+(\/|$)/.test(repo)))
    throw new PageQueryError(
      `"repo" must be a repository as owner/name (letters, digits, "-", "_" and ".", at most 100 each).`,
    );
  const query: PageQuery = {
    ...DEFAULT_QUERY,
    repo,
    state: oneOf(params, "state", GAP_STATES),
    source: oneOf(params, "source", GAP_SOURCES),
  };
  for (const [name, key] of Object.entries(PAGES)) {
    const value = one(params, name);
    if (value === null) continue;
    if (!/^[1-9][0-9]{0,3}$/.test(value) || Number(value) > MAX_PAGE)
      throw new PageQueryError(`"${name}" must be a whole number from 1 to ${MAX_PAGE}.`);
    query[key] = Number(value);
  }
  return query;
}

/** A link to this page with `changes` applied (defaults left out): a query-only relative URL. */
export function pageHref(query: PageQuery, changes: Partial<PageQuery> = {}): string {
  const q = { ...query, ...changes };
  const params = new URLSearchParams();
  if (q.repo) params.set("repo", q.repo);
  if (q.state) params.set("state", q.state);
  if (q.source) params.set("source", q.source);
  for (const [name, key] of Object.entries(PAGES))
    if (q[key] !== 1) params.set(name, String(q[key]));
  return `?${params.toString()}`;
}
