import { describe, expect, it } from "vitest";
import { formatBacktest } from "../../src/cli/backtest-command.ts";
import { count } from "../../src/cli/count.ts";

describe("counts in the CLI's sentences", () => {
  it("agree with their number", () => {
    expect(count(1, "file")).toBe("1 file");
    expect(count(0, "file")).toBe("0 files");
    expect(count(1_200, "repository", "repositories")).toBe("1,200 repositories");
    expect(count(1, "file differs", "files differ")).toBe("1 file differs");
  });

  it("in the backtest's report: one day, one gap, a window of one day", () => {
    const counts = { minTasks: 3, minCount: 5, raised: 1, filled: 0, dismissed: 0, open: 1 };
    const text = formatBacktest({
      since: "2026-12-06T00:00:00.000Z",
      days: 1,
      windowDays: 1,
      repos: 1,
      repo: null,
      minTasks: 3,
      minCount: 5,
      totals: { ...counts, medianLeadDays: null },
      gaps: [],
      sensitivity: [],
    });
    expect(text).toMatch(
      /^Backtest over 1 day \(2026-12-06 → 2026-12-06\), 1 repository; min_tasks 3, signals\.min_count 5 over 1 day:/,
    );
    expect(text).toContain("  1 gap would have been raised: 0 later filled");
  });
});
