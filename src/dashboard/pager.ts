import { plural } from "./html.ts";
import { PAGE_SIZE, type PageQuery, pageHref } from "./page-query.ts";

type PageKey = "page" | "auditPage" | "reposPage";

/**
 * Links to the pages around `key`'s page: `total` items when they are counted, else whether an
 * older page exists (`more`). Empty when everything fits on one page.
 */
export function pager(params: {
  query: PageQuery;
  key: PageKey;
  label: string;
  /** What is counted, one and many. */
  noun: [string, string];
  total?: number;
  more?: boolean;
}): string {
  const { query, key } = params;
  const page = query[key];
  const pages =
    params.total === undefined ? null : Math.max(1, Math.ceil(params.total / PAGE_SIZE));
  const hasNext = pages === null ? params.more === true : page < pages;
  if (page === 1 && !hasNext) return "";
  const where =
    pages === null
      ? `page ${page}`
      : `page ${page} of ${pages} (${plural(params.total ?? 0, ...params.noun)})`;
  const prev =
    page > 1
      ? `<a rel="prev" href="${pageHref(query, { [key]: Math.min(page - 1, pages ?? page) })}">← newer</a>`
      : "";
  const next = hasNext
    ? `<a rel="next" href="${pageHref(query, { [key]: page + 1 })}">older →</a>`
    : "";
  return `<nav class="pager" aria-label="${params.label}">${[prev, where, next].filter(Boolean).join(" · ")}</nav>`;
}

/** The slice of `items` on `page` (1-based). */
export const onPage = <T>(items: T[], page: number) =>
  items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
