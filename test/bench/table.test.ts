import { describe, expect, it } from "vitest";
import { type BenchRow, goalMet, renderTable, toJson } from "../../bench/table.ts";

const rows: BenchRow[] = [
  {
    metric: "requests_per_pr_20_files",
    value: 4,
    unit: "requests",
    baseline: 24,
    goal: { op: "<=", target: 4 },
  },
  { metric: "latency_ratio_vs_seed_80ms", value: 3.2, unit: "×", goal: { op: ">=", target: 5 } },
  { metric: "webhook_ack_p99_ms", value: null, unit: "ms", note: "the app has not landed yet" },
];

describe("bench table and JSON", () => {
  it("decides each goal by its operator, and not at all without a value", () => {
    expect(rows.map(goalMet)).toEqual([true, false, null]);
    expect(goalMet({ metric: "x", value: 50, unit: "ms", goal: { op: "<", target: 50 } })).toBe(
      false,
    );
  });

  it("prints ours, the seed's way, their ratio, the goal and whether it is met", () => {
    const lines = renderTable(rows).split("\n");
    expect(lines[0]).toMatch(/metric.*ours.*seed's way.*ratio.*goal.*met\?/);
    const requests = lines.find((l) => l.includes("requests_per_pr_20_files")) ?? "";
    expect(requests).toMatch(/\| 4 requests +\| 24 requests +\| 6× +\| ≤ 4 +\| yes/);
    expect(lines.find((l) => l.includes("latency_ratio"))).toMatch(/≥ 5 +\| NO/);
    expect(lines.find((l) => l.includes("webhook_ack"))).toContain(
      "not available: the app has not landed yet",
    );
  });

  it("writes { metric: { value, unit } } with the extra fields only when known", () => {
    const json = JSON.parse(JSON.stringify(toJson(rows)));
    expect(json.requests_per_pr_20_files).toEqual({
      value: 4,
      unit: "requests",
      baseline: 24,
      goal: "≤ 4",
      met: true,
    });
    expect(json.webhook_ack_p99_ms).toEqual({
      value: null,
      unit: "ms",
      note: "the app has not landed yet",
    });
  });
});
