import { describe, expect, it } from "vitest";
import { parseScanCron } from "../../src/scan/scan-cron.ts";

describe("the scan's cron expression", () => {
  it("is read in UTC", () => {
    const next = parseScanCron("30 6 * * 1").nextRun(new Date("2026-11-23T00:00:00Z"));
    expect(next?.toISOString()).toBe("2026-11-23T06:30:00.000Z");
  });

  it("says what to write instead when it is not valid", () => {
    expect(() => parseScanCron("every hour")).toThrow(
      /scan cron "every hour" is not a valid cron expression .*use five fields like "0 \* \* \* \*"/,
    );
  });
});
