import { describe, expect, it } from "vitest";
import type { BacktestReport } from "../../src/backtest/run-backtest.ts";
import { describeAudit } from "../../src/dashboard/audit-details.ts";
import { githubLinks } from "../../src/dashboard/github-links.ts";
import { createKeptResults } from "../../src/dashboard/kept-results.ts";
import { metricChart } from "../../src/dashboard/metric-charts.ts";
import { renderOperatorPage } from "../../src/dashboard/operator-page.ts";
import {
  type OperatorSection,
  renderSections,
  type SectionContext,
} from "../../src/dashboard/operator-section.ts";
import { OPERATOR_SECTIONS } from "../../src/dashboard/operator-sections.ts";
import {
  DEFAULT_QUERY,
  PageQueryError,
  pageHref,
  parsePageQuery,
} from "../../src/dashboard/page-query.ts";
import { relativeText, timeTag } from "../../src/dashboard/relative-time.ts";
import { METRICS, type MetricsWindow } from "../../src/metrics/metric-targets.ts";

const HOSTILE = `<img src=x onerror=alert(1)>"'&`;
const NOW = new Date("2026-11-28T18:00:00Z");
const github = githubLinks("https://github.com");
const auditLinks = {
  pull: (n: number) => github.pull("acme/agents", n),
  issue: (n: number) => github.issue("acme/agents", n),
};
/** No element, attribute or entity came from the text: every `<`, `"`, `'` of it is escaped. */
const inert = (html: string) => {
  expect(html).not.toContain("<img");
  expect(html).not.toMatch(/onerror=alert\(1\)>"/);
};

describe("relative times", () => {
  it("reads as a person says it, with the exact UTC second on hover and no microseconds", () => {
    const now = NOW.getTime();
    expect(relativeText(now - 20_000, now)).toBe("just now");
    expect(relativeText(now - 12 * 60_000, now)).toBe("12 min ago");
    expect(relativeText(now - 3 * 3_600_000 - 59 * 60_000, now)).toBe("3 h ago");
    expect(relativeText(now - 47 * 3_600_000, now)).toBe("47 h ago");
    expect(relativeText(now - 5 * 86_400_000, now)).toBe("5 d ago");
    expect(relativeText(now + 4 * 60_000, now)).toBe("in 4 min");
    expect(timeTag("2026-11-28T14:59:59.999999+00:00", NOW)).toBe(
      '<time datetime="2026-11-28T14:59:59Z" title="2026-11-28 14:59:59 UTC">3 h ago</time>',
    );
    // Another offset is the same instant in UTC.
    expect(timeTag("2026-11-28T16:00:00.5+01:00", NOW)).toContain(
      'datetime="2026-11-28T15:00:00Z"',
    );
    expect(timeTag(HOSTILE, NOW)).toBe("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;");
    expect(timeTag(null, NOW)).toBe("—");
  });
});

describe("links to GitHub", () => {
  it("builds issue and PR addresses from the repository and number, on the configured host", () => {
    expect(github.issue("acme/agents", 7)).toBe("https://github.com/acme/agents/issues/7");
    expect(github.pull("acme/agents", 8)).toBe("https://github.com/acme/agents/pull/8");
    const ghe = githubLinks("http://ghe.internal:8080");
    expect(ghe.issue("acme/agents", 7)).toBe("http://ghe.internal:8080/acme/agents/issues/7");
    expect(ghe.account("acme")).toBe("http://ghe.internal:8080/acme");
  });

  it("uses a stored PR address only when it is http(s) on that host; never a script, another host or credentials", () => {
    const stored = "https://github.com/acme/agents/pull/8";
    expect(github.pull("acme/agents", 8, stored)).toBe(stored);
    for (const hostile of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      " javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "https://evil.example/acme/agents/pull/8",
      "https://github.com.evil.example/acme/agents/pull/8",
      "https://user:pw@github.com/acme/agents/pull/8",
      "//evil.example/x",
      "not a url",
    ])
      expect(github.pull("acme/agents", 8, hostile), hostile).toBe(
        "https://github.com/acme/agents/pull/8",
      );
  });

  it("makes no address of a name GitHub would not have", () => {
    for (const repo of [
      "acme",
      "acme/../x",
      "../acme",
      "acme/agents/extra",
      `acme/${HOSTILE}`,
      "a/",
    ])
      expect(github.issue(repo, 1), repo).toBeNull();
    expect(github.issue("acme/agents", null)).toBeNull();
    expect(github.issue("acme/agents", 0)).toBeNull();
    expect(github.account(HOSTILE)).toBeNull();
  });
});

describe("audit details", () => {
  it("reads each action the app writes as a sentence, numbers as links, no JSON", () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [
        "gap.received",
        { trigger: "label", delivery: "d1", title: "Spanish triage" },
        /^received from a label: “<span class="title">Spanish triage<\/span>” · <span class="key">delivery<\/span>: d1$/,
      ],
      [
        "spec.planned",
        { name: "es-team", specHash: "abcdef0123456789", builtBy: "model", monthlyUsd: 12.3 },
        /planned team <code>es-team<\/code> \(spec <code>abcdef012345<\/code>, \$12\.30\/month, by model\)/,
      ],
      ["gate.passed", { remainingToday: 4 }, /passed the gates; 4 team PRs left today/],
      [
        "gate.passed",
        { updating: 9 },
        /updating PR <a href="https:\/\/github.com\/acme\/agents\/pull\/9">#9<\/a>/,
      ],
      [
        "gate.daily-limit",
        { limit: 5, used: 5, remaining: 0 },
        /held by the daily limit: 5 of 5 used · <span class="key">remaining<\/span>: 0/,
      ],
      [
        "gate.cost-approval-needed",
        { monthlyUsd: 42.5, threshold: 25, specHash: "abcdef0123456789" },
        /waits for an approval: \$42\.50\/month is above the \$25\/month limit/,
      ],
      [
        "approval.recorded",
        { specHash: "abcdef0123456789" },
        /approved spec <code>abcdef012345<\/code>/,
      ],
      [
        "pr.opened",
        { pr: 5, commit: "0123456789", verified: true, files: 12 },
        /opened PR <a [^>]+pull\/5">#5<\/a> \(12 files, verified commit 0123456\)/,
      ],
      ["pr.closed", { pr: 5 }, /PR <a [^>]+>#5<\/a> was closed without merging/],
      ["pr.refused-paths", { paths: ["a", "b"] }, /outside the team: a, b/],
      ["gap.dismissed", { was: "pr-open", pr: null }, /^dismissed \(was pr-open\)$/],
      [
        "issue.closed",
        { issue: 3, pr: 5, outcome: "merged" },
        /closed issue <a [^>]+issues\/3">#3<\/a>/,
      ],
      [
        "breaker.tripped",
        { scope: "repository", reason: "3 of 5 failed" },
        /the circuit breaker paused the repository · <span class="key">reason<\/span>: 3 of 5 failed/,
      ],
      ["control.paused", {}, /^paused by a command$/],
    ];
    for (const [action, details, expected] of cases) {
      const html = describeAudit(action, details, auditLinks);
      expect(html, action).toMatch(expected);
      expect(html, action).not.toMatch(/[{}]|"\w+":/);
    }
  });

  it("reads an action it does not know as key: value, nested values spelled out, hostile text inert", () => {
    const html = describeAudit(
      "mode.decided",
      {
        mode: "shadow",
        why: HOSTILE,
        link: "javascript:alert(1)",
        nested: { deep: { deeper: { x: 1 } } },
        list: Array.from({ length: 12 }, (_, i) => i),
      },
      auditLinks,
    );
    expect(html).toContain('<span class="key">mode</span>: shadow');
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;");
    expect(html).toContain(`<span class="key">link</span>: javascript:alert(1)`);
    expect(html).not.toContain("<a ");
    expect(html).toContain("0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 2 more");
    expect(html).toContain('<span class="key">deep</span>: <span class="key">deeper</span>: …');
    inert(html);
    // A known action missing its fields still says everything it has.
    expect(describeAudit("spec.planned", { specHash: "x" }, auditLinks)).toBe(
      '<span class="key">specHash</span>: x',
    );
    // A PR "number" that is not one is not a link.
    expect(describeAudit("pr.merged", { pr: HOSTILE }, auditLinks)).not.toContain("<a ");
    // Keys of the prototype are not actions.
    expect(describeAudit("constructor", { a: 1 }, auditLinks)).toBe(
      '<span class="key">a</span>: 1',
    );
  });
});

describe("the page's query", () => {
  it("takes each filter and page, an empty value as all, and ignores unknown parameters", () => {
    expect(parsePageQuery(new URLSearchParams(""))).toEqual(DEFAULT_QUERY);
    expect(
      parsePageQuery(
        new URLSearchParams(
          "repo=Acme/Agents.js&state=pr-open&source=detected&page=3&audit_page=2&repos_page=1000&x=1",
        ),
      ),
    ).toEqual({
      repo: "Acme/Agents.js",
      state: "pr-open",
      source: "detected",
      page: 3,
      auditPage: 2,
      reposPage: 1000,
    });
    expect(parsePageQuery(new URLSearchParams("repo=&state=&source=&page="))).toEqual(
      DEFAULT_QUERY,
    );
  });

  it("refuses a bad value naming the parameter, never repeating the value", () => {
    for (const [query, parameter] of [
      ["repo=acme", "repo"],
      ["repo=acme/agents/x", "repo"],
      ["repo=acme/..", "repo"],
      [`repo=${encodeURIComponent(HOSTILE)}/x`, "repo"],
      ["state=open", "state"],
      ["state=PR-OPEN", "state"],
      ["source=all", "source"],
      ["page=1001", "page"],
      ["page=01", "page"],
      ["page=2.5", "page"],
      ["repos_page=0x10", "repos_page"],
      ["state=merged&state=closed", "state"],
    ]) {
      const run = () => parsePageQuery(new URLSearchParams(query));
      expect(run, query).toThrow(PageQueryError);
      expect(run, query).toThrow(`"${parameter}"`);
      try {
        run();
      } catch (error) {
        expect((error as Error).message).not.toContain("img");
      }
    }
  });

  it("links keep the other filters, leave defaults out and round-trip", () => {
    const query = { ...DEFAULT_QUERY, repo: "acme/agents", state: "merged" as const, page: 2 };
    const href = pageHref(query, { auditPage: 3 });
    expect(href).toBe("?repo=acme%2Fagents&state=merged&page=2&audit_page=3");
    expect(parsePageQuery(new URLSearchParams(href.slice(1)))).toEqual({ ...query, auditPage: 3 });
    expect(pageHref(DEFAULT_QUERY)).toBe("?");
  });
});

const window = (p: { gapMinutes?: number | null; to: string }): MetricsWindow => ({
  gap_to_pr: {
    samples: p.gapMinutes === null || p.gapMinutes === undefined ? 0 : 1,
    p50: p.gapMinutes === null || p.gapMinutes === undefined ? null : p.gapMinutes * 60,
    p90: p.gapMinutes === null || p.gapMinutes === undefined ? null : p.gapMinutes * 60,
  },
  needs_changes: { count: 0, of: 0, rate: null },
  false_positives: { count: 0, of: 0, rate: null },
  review_time: { samples: 0, p50: null, p90: null },
  deployments: { count: 0, of: 0, rate: null },
  to: p.to,
});

describe("the metric charts", () => {
  const gapToPr = METRICS[0];
  if (!gapToPr) throw new Error("no metric");
  const days = Array.from({ length: 30 }, (_, i) =>
    window({
      to: new Date(Date.UTC(2026, 9, 30 + i, 18)).toISOString(),
      gapMinutes: i === 29 ? 10 : i === 28 ? 45 : i === 10 ? 20 : null,
    }),
  );

  it("draws one point per day with data, a line only between consecutive days, the target and labelled axes", () => {
    const svg = metricChart(gapToPr, days);
    expect(svg.match(/<circle class="point/g)).toHaveLength(3);
    expect(svg.match(/<polyline/g)).toHaveLength(1); // days 28 and 29; day 10 stands alone
    expect(svg.match(/class="point met"/g)).toHaveLength(2);
    expect(svg.match(/class="point missed"/g)).toHaveLength(1);
    expect(svg).toContain('<line class="target"');
    expect(svg).toMatch(/>30<\/text>/); // the target on the y axis
    expect(svg).toMatch(/>50 min<\/text>/); // the top, a round number above 45 min, with its unit
    for (const day of ["Oct 30", "Nov 13", "Nov 28"]) expect(svg).toContain(`>${day}</text>`);
    // 30 day ticks on the x axis.
    expect(svg.match(/y1="120" y2="123"\/>/g)).toHaveLength(30);
    expect(svg).toContain("<title>Nov 28: p50 10 min, p90 10 min (1) (met)</title>");
    expect(svg).toMatch(
      /role="img" aria-label="Gap → PR per day over the last 30 days, in minutes: 3 days with data, the latest p50 10 min/,
    );
  });

  it("says there is no data rather than drawing nothing", () => {
    const svg = metricChart(
      gapToPr,
      days.map((d) => ({ ...d, gap_to_pr: { samples: 0, p50: null, p90: null } })),
    );
    expect(svg).toContain("no data in 30 days");
    expect(svg).not.toContain("<circle");
  });
});

describe("results kept between pages (the backtest, the audit chain)", () => {
  const report = (n: number) => ({ repos: n }) as unknown as BacktestReport;
  const quiet = { warn() {} };

  it("waits a bounded time for a first result, then serves it for its lifetime and stale while one recomputation runs", async () => {
    let clock = 0;
    let runs = 0;
    let release: (() => void) | undefined;
    const cache = createKeptResults({
      what: "the backtest",
      run: () => {
        runs++;
        return new Promise((resolve) => {
          release = () => resolve(report(runs));
        });
      },
      now: () => new Date(clock),
      log: quiet,
      ttlMs: 1000,
      waitMs: 20,
    });
    expect(await cache.get(null)).toEqual({ state: "computing" });
    expect(await cache.get(null)).toEqual({ state: "computing" });
    expect(runs).toBe(1); // one computation at a time
    release?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.get(null)).toMatchObject({ state: "ready", value: { repos: 1 } });
    clock = 999;
    expect(await cache.get(null)).toMatchObject({ state: "ready", value: { repos: 1 } });
    expect(runs).toBe(1);
    clock = 1000; // stale: served at once, recomputed behind it
    expect(await cache.get(null)).toMatchObject({ state: "ready", value: { repos: 1 } });
    expect(runs).toBe(2);
    release?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.get(null)).toMatchObject({ state: "ready", value: { repos: 2 } });
  });

  it("says a failure, logs it, and tries again only after a while; keeps a bounded number of scopes", async () => {
    let clock = 0;
    let runs = 0;
    const warned: unknown[] = [];
    const cache = createKeptResults({
      what: "the backtest",
      ttlMs: 600_000,
      run: async (repo) => {
        runs++;
        if (repo === "acme/broken") throw new Error("store down");
        return report(runs);
      },
      now: () => new Date(clock),
      log: { warn: (o) => warned.push(o) },
      waitMs: 50,
      maxEntries: 2,
    });
    expect(await cache.get("acme/broken")).toEqual({ state: "failed" });
    expect(warned).toEqual([{ key: "acme/broken", error: "Error: store down" }]);
    expect(await cache.get("acme/broken")).toEqual({ state: "failed" });
    expect(runs).toBe(1);
    clock = 61_000;
    await cache.get("acme/broken");
    expect(runs).toBe(2);
    // Scopes are case-blind and at most two are kept: a third evicts the one used longest ago.
    clock = 62_000;
    await cache.get("acme/a");
    clock = 63_000;
    await cache.get("ACME/A");
    expect(runs).toBe(3);
    clock = 64_000;
    await cache.get("acme/broken"); // resting after its failure: not run, but used
    await cache.get("acme/b");
    await cache.get("acme/a");
    expect(runs).toBe(5); // acme/a was evicted by acme/b, and computed again
  });
});

describe("the page as a list of sections", () => {
  const ctx = { query: DEFAULT_QUERY, now: NOW } as unknown as SectionContext;

  it("renders one more section from one more entry in the list, with its place in the navigation", async () => {
    const extra: OperatorSection = {
      id: "extra",
      title: "Would have opened",
      render: async () => `<p>${"&lt;b&gt;"}</p>`,
    };
    const html = renderOperatorPage(await renderSections([extra], ctx, quietLog));
    expect(html).toContain('<a href="#extra">Would have opened</a>');
    expect(html).toContain(
      '<section id="extra" aria-labelledby="extra-title"><h2 id="extra-title">Would have opened</h2><p>&lt;b&gt;</p></section>',
    );
    expect(html).not.toMatch(/<script/i);
    expect(OPERATOR_SECTIONS.map((s) => s.id)).toEqual([
      "summary",
      "filters",
      "approvals",
      "jobs",
      "gaps",
      "shadow",
      "metrics",
      "installations",
      "repositories",
      "backtest",
      "slots",
      "audit",
    ]);
  });

  it("shows a failing section's failure in its place, the reason in the log only, and the others", async () => {
    const warned: unknown[] = [];
    const sections = await renderSections(
      [
        { id: "a", title: "A", render: async () => "<p>fine</p>" },
        { id: "b", title: "B", render: async () => Promise.reject(new Error("password=hunter2")) },
        { id: "c", title: "C", render: async () => null },
      ],
      ctx,
      { warn: (o) => warned.push(o) },
    );
    expect(sections.map((s) => s.id)).toEqual(["a", "b"]);
    expect(sections[1]?.html).toContain("B could not be read just now");
    expect(sections[1]?.html).not.toContain("hunter2");
    expect(warned).toEqual([{ section: "b", error: "Error: password=hunter2" }]);
  });
});

const quietLog = { warn() {} };
