import { describe, expect, it } from "vitest";
import { githubLinks } from "../../src/dashboard/github-links.ts";
import { renderShadowRows } from "../../src/dashboard/shadow-section.ts";
import type { ShadowRunRow } from "../../src/store/rollout-store.ts";

const HOSTILE = `<img src=x onerror="alert(1)"><script>alert(2)</script> & "quotes" 'too'`;
const row = (fields: Partial<ShadowRunRow> = {}): ShadowRunRow => ({
  gap_key: "acme/agents:skill:grafana",
  repo: "acme/agents",
  installation_id: 7,
  source: "detected",
  trigger: "scan",
  issue_number: null,
  team: "grafana-dashboards-team",
  title: "[Automated] Add grafana-dashboards team for grafana dashboards",
  monthly_usd: 12.5,
  members: [{ role: "Dashboard Engineer", tools: ["query_prometheus", "send_slack_message"] }],
  spec_hash: "a".repeat(64),
  files: 29,
  verdict: "would-open",
  gates: { daily_limit: "5 of 5 left today", cost: "passes", low_risk: "would pass" },
  runs: 1,
  first_at: "2026-12-07T10:00:00Z",
  last_at: "2026-12-07T10:00:00Z",
  gap_state: "planned",
  pr_number: null,
  ...fields,
});

const view = { links: githubLinks("https://github.com"), now: new Date("2026-12-07T12:00:00Z") };
const renderShadowSection = (rows: ShadowRunRow[]) => renderShadowRows(rows, view);

describe("the operator page's shadow section", () => {
  it("lists what would have been opened: repository, source, team and title, cost, members and tools, when", () => {
    const html = renderShadowSection([
      row(),
      row({
        source: "explicit",
        issue_number: 4,
        verdict: "would-hold",
        gap_state: "pr-open",
        pr_number: 9,
        runs: 3,
      }),
    ]);
    expect(html).toContain("Would have opened (shadow mode)");
    expect(html).toContain(
      '<td><a href="https://github.com/acme/agents">acme/agents</a></td><td>detected</td>',
    );
    expect(html).toContain(
      '<td>request <a href="https://github.com/acme/agents/issues/4">#4</a></td>',
    );
    expect(html).toContain("<code>grafana-dashboards-team</code>");
    expect(html).toContain("$12.50");
    // A tool that writes is marked.
    expect(html).toContain(
      'Dashboard Engineer: query_prometheus, send_slack_message <span title="writes">✍️</span>',
    );
    expect(html).toContain("a PR held for <code>/approve-team</code>");
    expect(html).toContain('pr-open <a href="https://github.com/acme/agents/pull/9">#9</a>');
    expect(html).toContain("(3 runs)");
    expect(html).toContain('<time datetime="2026-12-07T10:00:00Z"');
  });

  it("escapes every string from the store: titles, roles, tools, gates, names", () => {
    const html = renderShadowSection([
      row({
        repo: HOSTILE,
        team: HOSTILE,
        title: HOSTILE,
        members: [{ role: HOSTILE, tools: [HOSTILE] }],
        gates: { [HOSTILE]: HOSTILE },
        gap_state: HOSTILE,
        last_at: HOSTILE,
      }),
    ]);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toMatch(/onerror="/);
    expect(html).toContain(
      "&lt;script&gt;alert(2)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;",
    );
  });

  it("says what shadow mode is when nothing was planned in it", () => {
    expect(renderShadowSection([])).toContain("Gaps the scan detects start in shadow mode");
  });
});
