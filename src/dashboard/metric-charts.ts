/**
 * The five metrics over 30 days as small multiples: one inline SVG chart per metric, one point
 * per day (that day's value), the target as a dashed line, labelled axes, each point's value on
 * hover (`<title>`). No script; numbers and escaped text only.
 */
import {
  judge,
  METRICS,
  type MetricDefinition,
  type MetricKey,
  type MetricsWindow,
} from "../metrics/metric-targets.ts";
import { escapeHtml } from "./html.ts";

/** How each metric is plotted: its unit, the factor from the stored value, its target in that unit. */
const PLOT: Record<MetricKey, { unit: string; factor: number; target: number }> = {
  gap_to_pr: { unit: "min", factor: 1 / 60, target: 30 },
  needs_changes: { unit: "%", factor: 100, target: 20 },
  false_positives: { unit: "%", factor: 100, target: 10 },
  review_time: { unit: "h", factor: 1 / 3600, target: 2 },
  deployments: { unit: "%", factor: 100, target: 90 },
};

const W = 300;
const H = 150;
const LEFT = 48;
const RIGHT = 10;
const TOP = 10;
const BOTTOM = 30;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const dayLabel = (iso: string | undefined) => {
  const d = new Date(iso ?? "");
  return Number.isNaN(d.getTime()) ? "?" : `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
};

/** A round axis top at or above `v`: 1, 2 or 5 times a power of ten. */
function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  return ([1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((f) => f * power >= v) ?? 10) * power;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** One metric's chart over `days` (oldest first, each the window ending that day). */
export function metricChart(metric: MetricDefinition, days: MetricsWindow[]): string {
  const plot = PLOT[metric.key];
  const values = days.map((w) => {
    const v = metric.value(w);
    return v === null ? null : v * plot.factor;
  });
  const known = values.filter((v): v is number => v !== null);
  let top = niceCeil(Math.max(plot.target * 1.25, ...known.map((v) => v * 1.1)));
  if (plot.unit === "%") top = Math.min(top, 100);
  const n = days.length;
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const x = (i: number) => LEFT + (n < 2 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number) => TOP + plotH - (Math.min(v, top) / top) * plotH;
  const base = TOP + plotH;

  const ticks = days
    .map(
      (_, i) =>
        `<line x1="${x(i).toFixed(1)}" x2="${x(i).toFixed(1)}" y1="${base}" y2="${base + 3}"/>`,
    )
    .join("");
  const ty = y(plot.target);
  const yLabels = [
    `<text x="${LEFT - 4}" y="${base + 4}" text-anchor="end">0</text>`,
    `<text x="${LEFT - 4}" y="${(TOP + 4).toFixed(1)}" text-anchor="end">${fmt(top)}${plot.unit === "%" ? "%" : ` ${plot.unit}`}</text>`,
  ];
  // The target's label, unless it would sit on the top's.
  if (ty - TOP > 11 && base - ty > 11)
    yLabels.push(
      `<text x="${LEFT - 4}" y="${(ty + 4).toFixed(1)}" text-anchor="end" class="target-label">${fmt(plot.target)}</text>`,
    );
  const xLabels = [0, Math.floor((n - 1) / 2), n - 1]
    .filter((i, k, all) => i >= 0 && all.indexOf(i) === k)
    .map(
      (i) =>
        `<text x="${x(i).toFixed(1)}" y="${base + 16}" text-anchor="${i === 0 ? "start" : i === n - 1 ? "end" : "middle"}">${dayLabel(days[i]?.to)}</text>`,
    );

  // Lines between consecutive days with a value; a point on each such day.
  const segments: string[][] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length > 1) segments.push(current);
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (current.length > 1) segments.push(current);
  const lines = segments
    .map((points) => `<polyline class="line" points="${points.join(" ")}"/>`)
    .join("");
  const points = days
    .map((w, i) => {
      const v = values[i];
      if (v === null || v === undefined) return "";
      const verdict = judge(metric, w);
      return `<circle class="point ${verdict === "met" ? "met" : "missed"}" cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5"><title>${escapeHtml(`${dayLabel(w.to)}: ${metric.format(w)} (${verdict})`)}</title></circle>`;
    })
    .join("");
  const latest = [...days].reverse().find((w) => metric.value(w) !== null);
  const summary = `${metric.label} per day over the last ${n} days, in ${plot.unit === "%" ? "percent" : plot.unit === "h" ? "hours" : "minutes"}: ${known.length} day${known.length === 1 ? "" : "s"} with data${latest ? `, the latest ${metric.format(latest)} on ${dayLabel(latest.to)}` : ""}; target ${metric.target}.`;
  const empty = known.length
    ? ""
    : `<text x="${LEFT + plotW / 2}" y="${TOP + plotH / 2}" text-anchor="middle" class="empty">no data in ${n} days</text>`;
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(summary)}">
<line class="grid" x1="${LEFT}" x2="${W - RIGHT}" y1="${TOP}" y2="${TOP}"/>
<line class="target" x1="${LEFT}" x2="${W - RIGHT}" y1="${ty.toFixed(1)}" y2="${ty.toFixed(1)}"/>
<g class="axis"><line x1="${LEFT}" x2="${W - RIGHT}" y1="${base}" y2="${base}"/><line x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${base}"/>${ticks}${yLabels.join("")}${xLabels.join("")}</g>
${lines}${points}${empty}</svg>`;
}

/** The five charts, each in a figure with its caption (metric, unit, target). */
export function metricCharts(days: MetricsWindow[]): string {
  const figures = METRICS.map((m) => {
    const plot = PLOT[m.key];
    const what = m.key === "gap_to_pr" || m.key === "review_time" ? "median" : "rate";
    return `<figure><figcaption><strong>${escapeHtml(m.label)}</strong> <span class="muted">— ${what} per day (${plot.unit}); dashed: target ${escapeHtml(m.target)}</span></figcaption>${metricChart(m, days)}</figure>`;
  });
  return `<div class="charts">${figures.join("")}</div>`;
}
