/** HTML pieces of the operator page. Every argument that is text is escaped here. */

/** Text made inert in HTML (element content and quoted attributes). */
export function escapeHtml(text: unknown): string {
  return String(text ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * A link when `href` is an address this page made (an http(s) URL; see github-links.ts), else
 * the text alone. `html` is markup already escaped.
 */
export function link(href: string | null, html: string): string {
  if (!href || !/^https?:\/\//i.test(href)) return html;
  return `<a href="${escapeHtml(href)}">${html}</a>`;
}

/**
 * A table; `headers` and cells are markup already escaped. A caption names it for assistive
 * technology (visually hidden unless `showCaption`).
 */
export function table(params: {
  caption: string;
  headers: string[];
  rows: string[][];
  empty: string;
  /** Columns whose cells are numbers (right-aligned). */
  numeric?: number[];
}): string {
  if (!params.rows.length) return `<p class="muted">${params.empty}</p>`;
  const numeric = new Set(params.numeric ?? []);
  const cls = (i: number) => (numeric.has(i) ? ' class="num"' : "");
  const head = params.headers.map((h, i) => `<th scope="col"${cls(i)}>${h}</th>`).join("");
  const body = params.rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join("")}</tr>`)
    .join("");
  return `<table><caption class="sr-only">${escapeHtml(params.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
