import { METRICS } from "../metrics/metric-targets.ts";
import { escapeHtml, table } from "./html.ts";
import { verdict } from "./metric-cells.ts";
import { metricCharts } from "./metric-charts.ts";
import type { OperatorSection } from "./operator-section.ts";

/** Days the charts cover, one point each. */
export const CHART_DAYS = 30;

/**
 * The five metrics over 7 and 30 days against their targets, and charted per day over 30 days;
 * of one repository when the page is filtered by one.
 */
export const metricsSection: OperatorSection = {
  id: "metrics",
  title: "Success metrics",
  async render(ctx) {
    const m = ctx.store.metrics;
    const scope = { installationId: null, repo: ctx.query.repo ?? "" };
    const [days7, days30, daily] = await Promise.all([
      m.metrics({ ...scope, days: 7 }),
      m.metrics({ ...scope, days: 30 }),
      m.trend({ ...scope, points: CHART_DAYS, windowDays: 1 }),
    ]);
    const of = ctx.query.repo ? `of ${escapeHtml(ctx.query.repo)}` : "of every repository";
    return `<p class="muted">The plan's five numbers ${of}. Durations are judged by their median.</p>${table(
      {
        caption: "Success metrics against their targets",
        headers: ["metric", "target", "last 7 days", "last 30 days"],
        rows: METRICS.map((metric) => [
          escapeHtml(metric.label),
          escapeHtml(metric.target),
          verdict(metric, days7, metric.format(days7)),
          verdict(metric, days30, metric.format(days30)),
        ]),
        empty: "",
      },
    )}<h3>Per day, last ${CHART_DAYS} days</h3><p class="muted">One point per day with data (the 24 hours ending at this time of day), blue when it meets the target, red when not; hover a point for its value. Days without a point had nothing to measure.</p>${metricCharts(daily)}`;
  },
};
