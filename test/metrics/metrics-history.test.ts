import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { DASHBOARD_MARKER } from "../../src/dashboard/render-dashboard-issue.ts";
import { judge, METRICS, type MetricsWindow } from "../../src/metrics/metric-targets.ts";
import { openEmbeddedStore } from "../../src/store/open-embedded-store.ts";
import { skillGap } from "../support/skill-gap.ts";
import { issueOf, pullsOf } from "../support/team-prs.ts";

/**
 * A scripted history over November 2026 through the simulator, with the app's clock injected
 * (the store records every time with it). The expected values are worked out by hand below;
 * "now" is Nov 30 12:00 UTC, so the 7-day window is (Nov 23 12:00, Nov 30 12:00].
 */
const A = "acme/agents";
const B = "acme/tools";
const config = (extra: string) =>
  `${SAMPLE_CONFIG.replace("daily_limit: 5", "daily_limit: 20")}${extra}`;

let t = Date.parse("2026-11-10T10:00:00Z");
const at = (iso: string) => {
  t = Date.parse(iso);
};
const now = () => new Date(t);

describe("the five metrics over a scripted history", () => {
  let stack: Stack;
  const slugs: Record<string, string> = {};
  beforeAll(async () => {
    const store = (await openEmbeddedStore({ dataDir: "memory://", now })).store;
    stack = await startStack({
      store,
      now,
      repos: [
        sampleRepo({ config: config("dashboard: true\n") }),
        sampleRepo({ name: "tools", config: config("") }),
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await stack?.store.close();
  });

  const idle = () => stack.factory.jobs.whenIdle();
  const gap = async (repo: string, skill: string) => {
    const { number } = await stack.sim.act.openIssue({
      repo,
      ...skillGap(skill, `Nobody does ${skill}`),
      actor: "mia",
    });
    return number;
  };
  const label = async (repo: string, number: number) => {
    await stack.sim.act.labelIssue({ repo, number, label: "capability-gap", actor: "mia" });
    await idle();
  };
  const say = async (repo: string, number: number, body: string, actor = "mia") => {
    await stack.sim.act.comment({ repo, number, body, actor });
    await idle();
  };
  const prOf = (repo: string, issue: number) => {
    const pr = pullsOf(stack.sim, repo).find((p) => p.body?.includes(`Closes #${issue}`));
    if (!pr) throw new Error(`no PR for ${repo}#${issue}`);
    return pr.number;
  };
  const review = async (
    repo: string,
    number: number,
    state: "approved" | "changes_requested" | "commented",
  ) => {
    await stack.sim.act.submitReview({ repo, number, state, actor: "max" });
    await idle();
  };
  const deploy = async (p: Parameters<Stack["sim"]["act"]["deploymentStatus"]>[0]) => {
    const result = await stack.sim.act.deploymentStatus(p);
    await idle();
    return result.deploymentId;
  };

  it("records the history", async () => {
    const { sim } = stack;
    // G1 (A): received while paused at 10:00, published on resume at 10:20 → 1,200 s.
    at("2026-11-10T10:00:00Z");
    const a1 = await gap(A, "spanish translation");
    await say(A, a1, "/team-factory pause");
    await label(A, a1);
    at("2026-11-10T10:20:00Z");
    await say(A, a1, "/team-factory resume");
    const p1 = prOf(A, a1);
    // First review 2 h after the PR (7,200 s), asking for changes; approved the next day; merged.
    at("2026-11-10T12:20:00Z");
    await review(A, p1, "changes_requested");
    at("2026-11-11T09:00:00Z");
    await review(A, p1, "approved");
    at("2026-11-11T10:00:00Z");
    await sim.act.mergePullRequest({ repo: A, number: p1, actor: "max" });
    await idle();
    slugs.g1 = (await stack.store.getGap({ gapKey: `${A}:issue:${a1}` }))?.slug as string;
    // d1: the team deployed (environment names it): success on Nov 12 (30 days only).
    at("2026-11-12T10:00:00Z");
    await deploy({
      repo: A,
      actor: "max",
      environment: `production/${slugs.g1}`,
      state: "success",
    });

    // G4 (B): received while paused at 08:00, resumed 09:00 → 3,600 s; a comment-only review
    // 30 min after; merged the next day. All before the 7-day window.
    at("2026-11-20T08:00:00Z");
    const b1 = await gap(B, "legal review");
    await say(B, b1, "/team-factory pause");
    await label(B, b1);
    at("2026-11-20T09:00:00Z");
    await say(B, b1, "/team-factory resume");
    const q1 = prOf(B, b1);
    at("2026-11-20T09:30:00Z");
    await review(B, q1, "commented");
    at("2026-11-21T10:00:00Z");
    await sim.act.mergePullRequest({ repo: B, number: q1, actor: "max" });
    await idle();

    // G2 (A): a PR at once (0 s); draft 09:10–10:00, approved 10:30 → 1,800 s from ready.
    at("2026-11-25T09:00:00Z");
    const a2 = await gap(A, "podcast editing");
    await label(A, a2);
    const p2 = prOf(A, a2);
    at("2026-11-25T09:10:00Z");
    await sim.act.convertToDraft({ repo: A, number: p2, actor: "mia" });
    await idle();
    at("2026-11-25T10:00:00Z");
    await sim.act.markReadyForReview({ repo: A, number: p2, actor: "mia" });
    await idle();
    at("2026-11-25T10:30:00Z");
    await review(A, p2, "approved");
    // d2 (payload names the team): failure, then success → success; d3: failure; d4 still in
    // progress (not final); an environment naming no team is not recorded.
    at("2026-11-25T11:00:00Z");
    const d2 = await deploy({
      repo: A,
      actor: "max",
      environment: "staging",
      state: "failure",
      payload: { team: slugs.g1 },
    });
    at("2026-11-25T11:30:00Z");
    await deploy({
      repo: A,
      actor: "max",
      environment: "staging",
      state: "success",
      payload: { team: slugs.g1 },
      deploymentId: d2,
    });
    at("2026-11-25T12:00:00Z");
    await deploy({ repo: A, actor: "max", environment: slugs.g1, state: "failure" });
    await deploy({ repo: A, actor: "max", environment: slugs.g1, state: "in_progress" });
    await deploy({
      repo: A,
      actor: "max",
      environment: "production/web-frontend",
      state: "success",
    });
    // Closed unmerged the next day: a false positive. Dismissing it as well counts nothing more.
    at("2026-11-26T10:00:00Z");
    await sim.act.closePullRequest({ repo: A, number: p2, actor: "max" });
    await idle();
    await say(A, a2, "/team-factory dismiss");
    expect(issueOf(sim, a2, A).comments.at(-1)?.body).toBe(
      `😕 this gap's pull request #${p2} was closed without merging, so it counts as a false positive already.`,
    );

    // G3 (A): a PR at once; dismissed by a maintainer the next day: a false positive.
    at("2026-11-27T09:00:00Z");
    const a3 = await gap(A, "tax filing");
    await label(A, a3);
    prOf(A, a3);
    at("2026-11-28T09:00:00Z");
    await say(A, a3, "/team-factory dismiss");
    const dismissed = await stack.store.getGap({ gapKey: `${A}:issue:${a3}` });
    expect(dismissed).toMatchObject({ state: "rejected", reason: "dismissed by @mia" });
    expect(issueOf(sim, a3, A).comments.at(-1)?.body).toMatch(/^🚫 Dismissed by @mia/);

    at("2026-11-30T12:00:00Z");
  });

  const metrics = (repo: string, days: number, installation = true) =>
    stack.store.metrics.metrics({
      installationId: installation ? (stack.sim.state.installations[0]?.id as number) : null,
      repo,
      days,
    });
  const verdicts = (w: MetricsWindow) => METRICS.map((m) => judge(m, w));

  it("repository A over 7 days: 0 s to PR, 0 of 1 needing changes, 2 of 2 false positives, 30 min review, 1 of 2 deployments", async () => {
    const w = await metrics(A, 7);
    expect(w.gap_to_pr).toEqual({ samples: 2, p50: 0, p90: 0 });
    expect(w.needs_changes).toEqual({ count: 0, of: 1, rate: 0 });
    expect(w.false_positives).toEqual({ count: 2, of: 2, rate: 1 });
    expect(w.review_time).toEqual({ samples: 1, p50: 1800, p90: 1800 });
    expect(w.deployments).toEqual({ count: 1, of: 2, rate: 0.5 });
    expect(verdicts(w)).toEqual(["met", "met", "not met", "met", "not met"]);
  });

  it("repository A over 30 days adds G1 and d1", async () => {
    const w = await metrics(A, 30);
    // [0, 0, 1200]: median 0; p90 at rank 1.8 → 0.8 × 1200.
    expect(w.gap_to_pr).toEqual({ samples: 3, p50: 0, p90: expect.closeTo(960, 6) });
    expect(w.needs_changes).toEqual({ count: 1, of: 2, rate: 0.5 });
    expect(w.false_positives).toEqual({ count: 2, of: 3, rate: 2 / 3 });
    // [1800, 7200]: median 4500; p90 1800 + 0.9 × 5400.
    expect(w.review_time).toEqual({ samples: 2, p50: 4500, p90: expect.closeTo(6660, 6) });
    expect(w.deployments).toEqual({ count: 2, of: 3, rate: 2 / 3 });
    expect(verdicts(w)).toEqual(["met", "not met", "not met", "met", "not met"]);
  });

  it("repository B has no data over 7 days, and its own values over 30", async () => {
    const w7 = await metrics(B, 7);
    expect(verdicts(w7)).toEqual(["no data", "no data", "no data", "no data", "no data"]);
    expect(w7.gap_to_pr).toEqual({ samples: 0, p50: null, p90: null });
    expect(w7.false_positives).toEqual({ count: 0, of: 0, rate: null });
    const w30 = await metrics(B, 30);
    expect(w30.gap_to_pr).toEqual({ samples: 1, p50: 3600, p90: 3600 });
    expect(w30.needs_changes).toEqual({ count: 0, of: 1, rate: 0 });
    expect(w30.false_positives).toEqual({ count: 0, of: 1, rate: 0 });
    expect(w30.review_time).toEqual({ samples: 1, p50: 1800, p90: 1800 });
    expect(verdicts(w30)).toEqual(["not met", "met", "met", "met", "no data"]);
  });

  it("the installation over 30 days counts both repositories", async () => {
    const w = await metrics("", 30);
    // [0, 0, 1200, 3600]: median 600; p90 at rank 2.7 → 1200 + 0.7 × 2400.
    expect(w.gap_to_pr).toEqual({ samples: 4, p50: 600, p90: expect.closeTo(2880, 6) });
    expect(w.needs_changes).toEqual({ count: 1, of: 3, rate: 1 / 3 });
    expect(w.false_positives).toEqual({ count: 2, of: 4, rate: 0.5 });
    // [1800, 1800, 7200]: median 1800; p90 at rank 1.8 → 1800 + 0.8 × 5400.
    expect(w.review_time).toEqual({ samples: 3, p50: 1800, p90: expect.closeTo(6120, 6) });
    expect(w.deployments).toEqual({ count: 2, of: 3, rate: 2 / 3 });
    expect(await metrics("", 30, false)).toEqual(w);
  });

  it("keeps one dashboard issue in A, edited in place in one request at most once a minute; none in B", async () => {
    const { sim } = stack;
    const dashboards = (repo: string) =>
      [...sim.repo(...(repo.split("/") as [string, string])).issues.values()].filter((i) =>
        i.body?.startsWith(DASHBOARD_MARKER),
      );
    expect(dashboards(B)).toHaveLength(0);
    const [dash] = dashboards(A);
    expect(dashboards(A)).toHaveLength(1);
    expect(dash?.user.login).toBe(sim.app.botLogin);
    expect(dash?.body).toContain(
      "| Successful deployments | > 90% | ❌ 50% (1 of 2) | ❌ 66.7% (2 of 3) |",
    );
    expect(dash?.body).toContain("| False positives | < 10% | ❌ 100% (2 of 2) |");

    // Two changes in the same minute: one write now, the second after the minute.
    sim.resetLog();
    const { number } = await sim.act.openIssue({
      repo: A,
      ...skillGap("bookkeeping", "Nobody does bookkeeping"),
      actor: "mia",
    });
    await label(A, number);
    const writes = () =>
      sim.log.filter(
        (e) => e.operationId === "issues/update" && e.path.endsWith(`/issues/${dash?.number}`),
      );
    const reads = () => sim.log.filter((e) => e.operationId === "issues/list-for-repo");
    expect(writes()).toHaveLength(1);
    await stack.sim.act.submitReview({
      repo: A,
      number: prOf(A, number),
      state: "approved",
      actor: "max",
    });
    await idle();
    expect(writes()).toHaveLength(1);
    await stack.factory.observer.dashboards.flush();
    expect(writes()).toHaveLength(2);
    expect(reads()).toHaveLength(0);
    expect(dashboards(A)).toHaveLength(1);
    expect(dashboards(A)[0]?.body).toContain("### Open team PRs (1)");
    // The planner's count of needs met by working tools, as the PR and progress comment say it.
    expect(dashboards(A)[0]?.body).toMatch(
      new RegExp(
        `^- #${prOf(A, number)} — \\S+ \\(gap #${number}\\): 1 of 1 needs covered by working tools$`,
        "m",
      ),
    );
    const progress = [
      ...(sim
        .repo(...(A.split("/") as [string, string]))
        .issues.get(number)
        ?.comments.values() ?? []),
    ];
    expect(progress.map((c) => c.body).join("\n")).toContain(
      "1 of 1 needs covered by working tools",
    );
  });
});
