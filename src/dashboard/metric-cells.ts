/** The five metrics as labelled table columns: a verdict icon, the value, the verdict in words. */
import {
  JUDGEMENT_ICON,
  judge,
  METRICS,
  type MetricDefinition,
  type MetricsWindow,
  minutes,
  percent,
} from "../metrics/metric-targets.ts";
import { escapeHtml } from "./html.ts";

/** Column headers: each metric's label and its target. */
export const METRIC_HEADERS = METRICS.map(
  (m) => `${escapeHtml(m.label)} <span class="target-text">${escapeHtml(m.target)}</span>`,
);

/** The value judged, short: the median of a duration, the rate of a ratio. */
function shortValue(m: MetricDefinition, w: MetricsWindow): string {
  const v = w[m.key];
  if ("p50" in v) return v.p50 === null ? "no data" : `${minutes(v.p50)} (${v.samples})`;
  return v.rate === null ? "no data" : `${percent(v.rate)} (${v.count} of ${v.of})`;
}

/** `✅ 12 min (3)`, with the verdict in words for screen readers and on hover. */
export function verdict(m: MetricDefinition, w: MetricsWindow, text = shortValue(m, w)): string {
  const j = judge(m, w);
  return `<span title="${escapeHtml(`${m.label}: ${j}`)}"><span aria-hidden="true">${JUDGEMENT_ICON[j]}</span><span class="sr-only">${j}:</span> ${escapeHtml(text)}</span>`;
}

/** One cell per metric; dashes when the scope's metrics were not read. */
export function metricCells(w: MetricsWindow | undefined): string[] {
  return METRICS.map((m) => (w ? verdict(m, w) : "—"));
}
