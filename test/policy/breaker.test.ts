import { describe, expect, it } from "vitest";
import { BreakerConfig } from "../../src/config/repo-config.ts";
import { breakerMessage, breakerVerdict } from "../../src/policy/breaker.ts";

const config = BreakerConfig.parse({});
const counts = { runs: 5, failed: 0, decided: 0, falsePositives: 0 };

describe("the circuit breaker's rule", () => {
  it("trips at 3 failures of the last 5 runs by default, not at 2", () => {
    expect(breakerVerdict(config, { ...counts, failed: 2 })).toEqual({ trip: false });
    expect(breakerVerdict(config, { ...counts, runs: 3, failed: 3 })).toEqual({
      trip: true,
      reason: "3 of the last 3 runs failed (the limit is 3 of 5)",
    });
  });

  it("trips above the false-positive rate only over enough decided gaps", () => {
    expect(breakerVerdict(config, { ...counts, decided: 4, falsePositives: 4 })).toEqual({
      trip: false,
    });
    expect(breakerVerdict(config, { ...counts, decided: 10, falsePositives: 3 })).toEqual({
      trip: false,
    });
    expect(breakerVerdict(config, { ...counts, decided: 10, falsePositives: 4 })).toMatchObject({
      trip: true,
      reason: expect.stringContaining("4 of the last 10 decided gaps were false positives (40%"),
    });
  });

  it("never trips when disabled; the config refuses more failures than runs weighed", () => {
    const off = BreakerConfig.parse({ enabled: false });
    expect(breakerVerdict(off, { ...counts, failed: 5, decided: 9, falsePositives: 9 })).toEqual({
      trip: false,
    });
    expect(BreakerConfig.safeParse({ failures: 6, of_last_runs: 5 }).success).toBe(false);
  });

  it("says why and how to resume", () => {
    expect(
      breakerMessage({ scope: "installation", reason: "3 of the last 3 runs failed" }),
    ).toMatch(
      /^Team Factory paused itself for this installation: 3 of the last 3 runs failed\..*`\/team-factory resume`/,
    );
  });
});
