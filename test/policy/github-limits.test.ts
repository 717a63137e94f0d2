import { describe, expect, it } from "vitest";
import { envValue } from "../../src/env/env-schema.ts";
import {
  FALLBACK_WAIT_MS,
  GITHUB_WRITE_WINDOWS,
  githubLimitsFor,
  isContentWrite,
  primaryBudgetOf,
  primaryHoldMs,
  rateLimitWait,
  resourceOf,
  windowFloorMs,
  writeGoesFirst,
} from "../../src/policy/github-limits.ts";

const NOW = Date.parse("2026-12-14T12:00:00Z");
const epoch = (ms: number) => String(Math.floor(ms / 1000));

describe("GitHub's limits as rules", () => {
  it("takes TEAM_FACTORY_GITHUB_PACING as the schema reads it: on, off, or windows", () => {
    expect(githubLimitsFor("on").writeWindows).toEqual(GITHUB_WRITE_WINDOWS);
    expect(githubLimitsFor("on").marginMs).toBe(1_500);
    expect(githubLimitsFor("off").writeWindows).toEqual([]);
    expect(
      githubLimitsFor(envValue("TEAM_FACTORY_GITHUB_PACING", "80/20s,500/1200s")),
    ).toMatchObject({
      writeWindows: [
        { limit: 80, ms: 20_000 },
        { limit: 500, ms: 1_200_000 },
      ],
      marginMs: 500,
    });
  });

  it("counts REST writes to repositories and GraphQL mutations as content-creating; the publish mutation goes first", () => {
    expect(isContentWrite({ method: "POST", url: "/repos/{owner}/{repo}/issues" })).toBe(true);
    expect(isContentWrite({ method: "GET", url: "/repos/{owner}/{repo}" })).toBe(false);
    expect(isContentWrite({ method: "POST", url: "/app/installations/1/access_tokens" })).toBe(
      false,
    );
    expect(
      isContentWrite({ method: "POST", url: "/graphql", query: "query { viewer { login } }" }),
    ).toBe(false);
    const publish = {
      method: "POST",
      url: "/graphql",
      query: "mutation TeamFactoryPublish($a: X) {}",
    };
    expect(isContentWrite(publish)).toBe(true);
    // On GitHub Enterprise Server (and the simulator through GHE_HOST) Octokit's GraphQL URL is whole.
    const ghes = { ...publish, url: "http://127.0.0.1:4567/api/graphql" };
    expect([isContentWrite(ghes), writeGoesFirst(ghes), resourceOf(ghes)]).toEqual([
      true,
      true,
      "graphql",
    ]);
    expect(writeGoesFirst(publish)).toBe(true);
    expect(writeGoesFirst({ ...publish, priority: "low" })).toBe(false);
    expect(writeGoesFirst({ url: "/graphql", query: "mutation TeamFactoryLabel {}" })).toBe(false);
    expect(
      writeGoesFirst({ method: "POST", url: "/repos/{owner}/{repo}/issues/1/reactions" }),
    ).toBe(false);
  });

  it("waits what a rate-limit answer asks, in GitHub's order", () => {
    const secondary = "You have exceeded a secondary rate limit.";
    expect(
      rateLimitWait({ status: 403, headers: { "retry-after": "7" }, message: secondary }, NOW),
    ).toEqual({
      limit: "secondary",
      waitMs: 7_000,
    });
    // No retry-after and nothing remaining: until the reset, on GitHub's clock (its `date`).
    const date = new Date(NOW - 5_000).toUTCString();
    const reset = { "x-ratelimit-remaining": "0", "x-ratelimit-reset": epoch(NOW + 25_000), date };
    expect(rateLimitWait({ status: 403, headers: reset, message: secondary }, NOW)).toEqual({
      limit: "secondary",
      waitMs: 31_000,
    });
    // A secondary limit with requests remaining waits a minute, not until the primary reset.
    expect(
      rateLimitWait(
        {
          status: 403,
          headers: { "x-ratelimit-remaining": "4000", "x-ratelimit-reset": epoch(NOW + 3_000_000) },
          message: secondary,
        },
        NOW,
      ),
    ).toEqual({ limit: "secondary", waitMs: FALLBACK_WAIT_MS });
    expect(
      rateLimitWait({ status: 403, headers: reset, message: "API rate limit exceeded" }, NOW)
        ?.limit,
    ).toBe("primary");
    expect(
      rateLimitWait({ status: 200, headers: {}, graphqlErrorTypes: ["RATE_LIMITED"] }, NOW),
    ).toEqual({
      limit: "primary",
      waitMs: FALLBACK_WAIT_MS,
    });
    expect(
      rateLimitWait({ status: 403, headers: {}, message: "Resource not accessible" }, NOW),
    ).toBeNull();
    expect(rateLimitWait({ status: 502, headers: { "retry-after": "3" } }, NOW)).toBeNull();
  });

  it("knows the least time the windows allow for a number of writes", () => {
    const windows = [
      { limit: 80, ms: 60_000 },
      { limit: 500, ms: 3_600_000 },
    ];
    expect([1, 80, 81, 160, 161, 501].map((n) => windowFloorMs(n, windows))).toEqual([
      0, 0, 60_000, 60_000, 120_000, 3_600_000,
    ]);
  });

  it("holds requests at the primary limit's reserve until its reset", () => {
    const headers = (remaining: number) => ({
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset": epoch(NOW + 600_000),
    });
    const plenty = primaryBudgetOf(headers(101), NOW) ?? undefined;
    const low = primaryBudgetOf(headers(100), NOW) ?? undefined;
    expect(primaryHoldMs(plenty, 0.02, NOW)).toBe(0);
    expect(primaryHoldMs(low, 0.02, NOW)).toBe(601_000);
    expect(primaryHoldMs(low, 0.02, NOW + 602_000)).toBe(0);
    expect(primaryBudgetOf({}, NOW)).toBeNull();
  });
});
