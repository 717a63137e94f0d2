import { describe, expect, it } from "vitest";
import { MEASURES, missingFiles } from "../../bench/measures.ts";

describe("the bench's measures", () => {
  it("fit the 20-minute limit by their budgets alone, whatever happens inside", () => {
    const total = MEASURES.reduce((sum, m) => sum + m.budgetMs, 0);
    expect(total).toBeLessThan(20 * 60_000);
  });

  it("report every metric of the issue once", () => {
    const metrics = MEASURES.flatMap((m) => m.metrics);
    expect(new Set(metrics).size).toBe(metrics.length);
    for (const wanted of [
      "requests_per_pr_5_files",
      "requests_per_pr_20_files",
      "requests_per_pr_60_files",
      "latency_ratio_vs_seed_80ms",
      "generate_ms_median",
      "scan_1m_ms_postgres",
      "scan_1m_ms_embedded",
      "scan_one_repo_5m_ms",
      "webhook_ack_p50_ms",
      "webhook_ack_p99_ms",
      "idle_rss_mb",
    ]) {
      expect(metrics).toContain(wanted);
    }
  });

  it("names the missing piece when a file a measure needs is absent", () => {
    expect(missingFiles(["package.json"], "the manifest")).toBeNull();
    expect(missingFiles(["package.json", "src/nowhere.ts"], "the piece")).toBe(
      "the piece (src/nowhere.ts) has not landed yet",
    );
  });
});
