import { escapeHtml } from "./html.ts";
import type { RenderedSection } from "./operator-section.ts";

export { escapeHtml };

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1f2328;background:#fff}
header{padding:16px 24px 8px;border-bottom:1px solid #d0d7de;background:#f6f8fa}
h1{margin:0 0 6px;font-size:22px}h2{margin:28px 0 8px;font-size:18px}h3{font-size:15px;margin:18px 0 6px}
nav.sections{display:flex;flex-wrap:wrap;gap:2px 14px}nav.sections a{white-space:nowrap}
main{padding:0 24px 32px;max-width:1400px}
a{color:#0550ae}
table{border-collapse:collapse;width:100%;margin:4px 0}
th,td{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}td.num,th.num{text-align:right}
code{font-size:12px;overflow-wrap:anywhere;background:#f6f8fa;padding:0 3px;border-radius:3px}
code.command{font-size:13px;font-weight:600;white-space:nowrap}
.muted{color:#59636e}.ok{color:#116329;font-weight:600}.bad{color:#b3261e;font-weight:600}
.target-text{display:block;font-weight:400;color:#59636e;font-size:12px}
.key{color:#59636e}
time{text-decoration:underline dotted #8c959f;white-space:nowrap}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
form.filters{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center}
form.filters input,form.filters select,form.filters button{font:inherit;padding:3px 6px}
form.filters input{width:16em}
ul.states{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:6px 14px}
ul.states a[aria-current]{font-weight:700}
nav.pager{margin:8px 0}
.charts{display:flex;flex-wrap:wrap;gap:12px 20px}
figure{margin:0;width:300px}figcaption{font-size:13px;margin-bottom:2px}
svg.chart .axis line,svg.chart .grid{stroke:#8c959f;stroke-width:1}
svg.chart .grid{stroke:#d8dee4}
svg.chart text{font:11px system-ui,sans-serif;fill:#424a53}
svg.chart .target{stroke:#9a6700;stroke-width:1.5;stroke-dasharray:5 4}
svg.chart text.target-label{fill:#7d4e00;font-weight:600}
svg.chart .line{fill:none;stroke:#0969da;stroke-width:1.5}
svg.chart .point.met{fill:#0969da}svg.chart .point.missed{fill:#cf222e}
svg.chart text.empty{fill:#59636e;font-size:12px}
`;

/**
 * The operator page around its sections: server-rendered HTML with no script and no external
 * asset (the CSP allows none), a navigation to each section, every string already escaped by
 * the section that wrote it.
 */
export function renderOperatorPage(sections: RenderedSection[]): string {
  const nav = sections
    .map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`)
    .join("");
  const body = sections
    .map(
      (s) =>
        `<section id="${escapeHtml(s.id)}" aria-labelledby="${escapeHtml(s.id)}-title"><h2 id="${escapeHtml(s.id)}-title">${escapeHtml(s.title)}</h2>${s.html}</section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Team Factory — operator</title>
<style>${STYLE}</style></head><body>
<header><h1>Team Factory — operator</h1><nav class="sections" aria-label="Sections">${nav}</nav></header>
<main>
${body}
</main>
</body></html>
`;
}
