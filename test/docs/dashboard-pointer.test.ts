import { describe, expect, it } from "vitest";
import { renderDashboardIssue } from "../../src/dashboard/render-dashboard-issue.ts";
import { MetricsWindow } from "../../src/metrics/metric-targets.ts";
import { RepoDashboard } from "../../src/store/metrics-rows.ts";
import { docSection } from "../support/doc-pages.ts";

// A maintainer reading the dashboard issue is sent to the page that says how each metric is
// measured: that page and heading must exist, and hold the metrics' table.
describe("the dashboard issue's pointer to how the metrics are measured", () => {
  it("names a documentation page and a heading of it that explains the five metrics", () => {
    const duration = { samples: 0, p50: null, p90: null };
    const ratio = { count: 0, of: 0, rate: null };
    const window = MetricsWindow.parse({
      gap_to_pr: duration,
      needs_changes: ratio,
      false_positives: ratio,
      review_time: duration,
      deployments: ratio,
    });
    const body = renderDashboardIssue({
      dashboard: RepoDashboard.parse({ gaps: [], pause: { paused: false }, settings: null }),
      slots: { used: 0, limit: 5, remaining: 5, scope: "installation" },
      metrics: { days7: window, days30: window },
      now: new Date("2026-12-07T09:00:00Z"),
    });
    const pointer = /How each is measured: Team Factory's (\S+), "([^"]+)"/.exec(body);
    expect(pointer, "the issue names a page and a heading").not.toBeNull();
    const [, page, heading] = pointer as unknown as [string, string, string];
    const section = docSection(heading);
    expect(section.path).toBe(page);
    for (const metric of ["Gap → PR", "False positives", "Successful deployments"])
      expect(section.text).toContain(`| ${metric} |`);
  });
});
