import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAISimulator, startOpenAISimulator } from "../../simulator/openai.ts";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { seedDemoTasks } from "../../simulator/seed-tasks.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { createOpenAIDrafter } from "../../src/llm/openai-drafter.ts";
import type { ScanReport } from "../../src/scan/run-scan.ts";
import { call } from "../support/sim.ts";
import { skillGap } from "../support/skill-gap.ts";
import { botComments, git, issueOf, pullsClosing, pullsOf } from "../support/team-prs.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

// Issue 27, rollout modes: shadow plans and records but writes nothing to GitHub; low-risk opens
// only cheap read-only teams and holds the rest for /approve-team; explicit requests are `full`
// and detected gaps `shadow` until the operator says otherwise.
const SCAN_SECRET = "scan-secret-for-the-rollout-test-0123456789";
const TOKEN = "operator-token-for-the-rollout-test-0123456789";
const SCAN = "scan:\n  enabled: true\n  min_tasks: 10\n";
const GAP_KEY = "acme/agents:skill:data-visualization";
const CAREFUL = `${SAMPLE_CONFIG}mode: low-risk\nlow_risk:\n  max_monthly_usd: 20\n`;

let t: TestDatabase;
let stack: Stack;
let openai: OpenAISimulator;
beforeAll(async () => {
  t = await openTestDatabase();
  // Only "data visualization" reaches 10 ready tasks in these rows: one detected gap.
  await seedDemoTasks({ db: t.db, seed: 7, projects: 12, tasks: 40, repository: "acme/agents" });
  openai = await startOpenAISimulator({ mode: "valid" });
  const client = new OpenAI({ apiKey: "sk-test", baseURL: openai.baseURL, maxRetries: 0 });
  stack = await startStack({
    repos: [
      sampleRepo({ config: `${SAMPLE_CONFIG}${SCAN}` }),
      sampleRepo({ name: "quiet", config: `${SAMPLE_CONFIG}mode: shadow\n` }),
      sampleRepo({ name: "careful", config: CAREFUL }),
      sampleRepo({ name: "odd", config: `${SAMPLE_CONFIG}mode: Shadow\n` }),
    ],
    store: t.store,
    drafter: createOpenAIDrafter({ client, model: "gpt-4o-mini", timeoutMs: 5000 }),
    env: { TEAM_FACTORY_SCAN_SECRET: SCAN_SECRET, TEAM_FACTORY_DASHBOARD_TOKEN: TOKEN },
  });
});
afterAll(async () => {
  await stack?.stop();
  await openai?.close();
  await t?.close();
});

const idle = () => stack.factory.jobs.whenIdle();
const writes = () => stack.sim.log.filter((e) => e.write);
const scan = async () => {
  const res = await fetch(`${stack.app.url}/team-factory/scan`, {
    method: "POST",
    headers: { authorization: `Bearer ${SCAN_SECRET}` },
  });
  expect(res.status).toBe(200);
  const report = (await res.json()) as ScanReport;
  await idle();
  return report;
};
const operatorPage = async () => {
  const res = await fetch(`${stack.app.url}/team-factory/`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status).toBe(200);
  return res.text();
};
/** The shadow section of the operator page, its tags stripped. */
const shadowSection = async () => {
  const html = await operatorPage();
  const section = /<section id="shadow"[^>]*>[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
  return section.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
};
const branches = (repo: string) =>
  git(stack.sim, ["for-each-ref", "--format=%(refname:short)", "refs/heads"], repo).split("\n");
const audits = async (action: string) =>
  (
    await t.db.query<{ gap_key: string; details: Record<string, unknown> }>(
      "select gap_key, details from tf_audit_log where action = $1 order by id",
      [action],
    )
  ).rows;
const slotsTaken = async () => (await t.db.query("select 1 from tf_daily_slots")).rows.length;
const label = async (repo: string, skill: string, actor = "mia") => {
  const { number } = await stack.sim.act.openIssue({ repo, ...skillGap(skill), actor });
  stack.sim.resetLog();
  const calls = openai.requests.length;
  await stack.sim.act.labelIssue({ repo, number, label: "capability-gap", actor });
  await idle();
  return { number, modelCalls: openai.requests.length - calls };
};
/** The operator's change of `.github/team-factory.yml`: a PR of mia's, merged by max. */
async function mergeConfig(repo: string, text: string) {
  const { sim } = stack;
  const token = sim.userToken("mia");
  const path = ".github/team-factory.yml";
  const main = git(sim, ["rev-parse", "main"], repo);
  const ref = await call(sim, "POST", `/repos/${repo}/git/refs`, {
    token,
    body: { ref: "refs/heads/rollout", sha: main },
  });
  expect(ref.status).toBe(201);
  const content = Buffer.from(text).toString("base64");
  const sha = git(sim, ["rev-parse", `main:${path}`], repo);
  const put = await call(sim, "PUT", `/repos/${repo}/contents/${path}`, {
    token,
    body: { message: "Leave shadow mode for detected gaps", content, branch: "rollout", sha },
  });
  expect(put.status).toBe(200);
  const pr = await call(sim, "POST", `/repos/${repo}/pulls`, {
    token,
    body: { title: "Rollout: detected gaps in full mode", head: "rollout", base: "main" },
  });
  expect(pr.status).toBe(201);
  await sim.act.mergePullRequest({ repo, number: pr.body.number as number, actor: "max" });
  await idle();
}
/** `/approve-team <sha>` as the latest Team Factory comment asking for one says it. */
const askedApproval = (repo: string, number: number) =>
  botComments(stack.sim, number, repo)
    .map((c) => /`(\/approve-team [0-9a-f]{12})`/.exec(c)?.[1])
    .findLast((asked) => asked !== undefined);

describe("per-source defaults, with no mode in the config", () => {
  it("a gap the scan detects is planned in shadow mode: no issue, no PR, no branch, no comment, no write at all", async () => {
    const { sim } = stack;
    const before = branches("acme/agents");
    sim.resetLog();
    const calls = openai.requests.length;
    const report = await scan();
    expect(report).toMatchObject({ gaps: 1, issuesOpened: 0, submitted: 0, shadowed: 1 });
    expect(writes()).toEqual([]);
    expect([...sim.repo("acme", "agents").issues.values()]).toEqual([]);
    expect(branches("acme/agents")).toEqual(before);
    // Planned as a full run plans it: one model call, the spec and cost recorded.
    expect(openai.requests.length - calls).toBe(1);
    const gap = await t.store.getGap({ gapKey: GAP_KEY });
    expect(gap).toMatchObject({ state: "planned", reason: "shadow mode", prNumber: null });
    expect(gap?.spec?.name).toMatch(/-team$/);
    expect(gap?.cost?.monthlyUsd).toBeGreaterThan(0);
    // The decision is audited with its mode, source and verdict; no slot was taken.
    expect(await audits("mode.decided")).toEqual([
      expect.objectContaining({
        gap_key: GAP_KEY,
        details: expect.objectContaining({
          mode: "shadow",
          source: "detected",
          verdict: "would-open",
        }),
      }),
    ]);
    expect(await slotsTaken()).toBe(0);

    // The operator page lists what it would have opened.
    const section = await shadowSection();
    expect(section).toContain("Would have opened (shadow mode)");
    expect(section).toContain("acme/agents");
    expect(section).toContain("detected");
    expect(section).toContain(gap?.spec?.name);
    expect(section).toMatch(/\[Automated\] Add [a-z0-9-]+ team for data visualization/);
    expect(section).toContain(`$${gap?.cost?.monthlyUsd.toFixed(2)}`);
    for (const m of gap?.spec?.members ?? []) expect(section).toContain(m.role);
    expect(section).toContain("a PR");
  });

  it("the next scan leaves the shadowed gap alone: no second plan, no model call", async () => {
    stack.sim.resetLog();
    const calls = openai.requests.length;
    const report = await scan();
    expect(report).toMatchObject({ gaps: 1, shadowed: 0, issuesOpened: 0 });
    expect(report.repos[0]?.skipped).toEqual([
      {
        skill: "data visualization",
        reason: "planned in shadow mode already (listed on the operator page)",
      },
    ]);
    expect(openai.requests.length).toBe(calls);
    expect(writes()).toEqual([]);
  });

  it("a labelled issue opens its PR: people's requests are full by default", async () => {
    const { number, modelCalls } = await label("acme/agents", "kite flying");
    expect(pullsClosing(stack.sim, number)).toHaveLength(1);
    expect(modelCalls).toBe(1);
    expect(await slotsTaken()).toBe(1);
    const decided = (await audits("mode.decided")).at(-1);
    expect(decided?.details).toMatchObject({ mode: "full", source: "explicit", verdict: "pass" });
  });

  it("once the operator sets mode.detected, the scan opens the shadowed gap's issue, explaining the modes, and its PR", async () => {
    const { sim } = stack;
    await mergeConfig("acme/agents", `${SAMPLE_CONFIG}${SCAN}mode:\n  detected: full\n`);
    const report = await scan();
    expect(report).toMatchObject({ gaps: 1, issuesOpened: 1, shadowed: 0 });
    const issue = report.repos[0]?.opened[0]?.issue as number;
    const body = issueOf(sim, issue).body ?? "";
    expect(body).toContain("### Rollout mode");
    expect(body).toContain("start in **shadow** mode");
    expect(body).toMatch(
      /detected: low-risk\s+# the scan: shadow \(the default\), low-risk or full/,
    );
    expect(pullsClosing(sim, issue)).toHaveLength(1);
    const page = await shadowSection();
    expect(page).toMatch(/pr-open #\d+/);
  });
});

describe("mode: shadow for every source", () => {
  it("a maintainer's labelled issue is planned and recorded, and nothing is written to GitHub, not even 👀", async () => {
    const { sim } = stack;
    const before = branches("acme/quiet");
    const slots = await slotsTaken();
    const { number, modelCalls } = await label("acme/quiet", "weather forecasts");
    expect(writes()).toEqual([]);
    expect(issueOf(sim, number, "acme/quiet").reactions).toEqual([]);
    expect(issueOf(sim, number, "acme/quiet").comments).toEqual([]);
    expect(pullsOf(sim, "acme/quiet")).toEqual([]);
    expect(branches("acme/quiet")).toEqual(before);
    expect(modelCalls).toBe(1);
    const section = await shadowSection();
    expect(section).toContain("acme/quiet");
    expect(section).toContain(`request #${number}`);
    // The next request, with the repository's config known to this process: still nothing.
    const next = await label("acme/quiet", "tide tables");
    expect(writes()).toEqual([]);
    expect(next.modelCalls).toBe(1);
    expect(issueOf(sim, next.number, "acme/quiet").reactions).toEqual([]);
    expect(await slotsTaken()).toBe(slots);
  });
});

describe("mode: low-risk", () => {
  const repo = "acme/careful";
  it("lets a cheap team whose tools only read through", async () => {
    const { number } = await label(repo, "sql");
    const [pr] = pullsClosing(stack.sim, number, repo);
    expect(pr).toBeDefined();
    expect(botComments(stack.sim, number, repo).at(-1)).toContain("🚀");
  });

  let held = 0;
  it("holds a team with a tool that writes until a maintainer approves it, saying which tool", async () => {
    const { sim } = stack;
    held = (await label(repo, "jira tickets")).number;
    expect(pullsClosing(sim, held, repo)).toEqual([]);
    const comment = botComments(sim, held, repo).at(-1) ?? "";
    expect(comment).toContain("rollout mode for requests (labels, /create-team) is low-risk");
    expect(comment).toMatch(/its tools write \(`create_jira_issue`; they start in dry run\)/);
    expect(askedApproval(repo, held)).toBeDefined();
    const decided = (await audits("mode.decided")).at(-1);
    expect(decided?.details).toMatchObject({
      mode: "low-risk",
      source: "explicit",
      verdict: "hold",
    });
    expect(await audits("gate.low-risk-approval-needed")).toHaveLength(1);
  });

  it("a non-maintainer cannot lift the hold: not by approving, re-labelling, or asking for another mode", async () => {
    const { sim } = stack;
    const approve = askedApproval(repo, held) as string;
    // A writer's approval, the requester's own, and a re-trigger asking for full mode.
    await sim.act.comment({ repo, number: held, body: approve, actor: "wes" });
    await idle();
    await sim.act.comment({ repo, number: held, body: approve, actor: "mia" });
    await idle();
    await sim.act.comment({ repo, number: held, body: "/create-team mode=full", actor: "wes" });
    await idle();
    await sim.act.labelIssue({ repo, number: held, label: "capability-gap", actor: "wes" });
    await idle();
    const answers = botComments(sim, held, repo).join("\n");
    expect(answers).toContain(
      "@wes has write permission; approving a team needs maintain or admin",
    );
    expect(answers).toContain(
      "The person who asked for the team, or shaped its spec, cannot approve it",
    );
    expect(answers).toContain('unknown key "mode"');
    expect(pullsClosing(sim, held, repo)).toEqual([]);
    expect((await t.store.findGapByIssue({ repo, issueNumber: held }))?.state).toBe(
      "awaiting-approval",
    );
    // Another maintainer's approval of the spec shown opens the PR.
    await sim.act.comment({
      repo,
      number: held,
      body: askedApproval(repo, held) as string,
      actor: "max",
    });
    await idle();
    expect(pullsClosing(sim, held, repo)).toHaveLength(1);
    const decided = (await audits("mode.decided")).at(-1);
    expect(decided?.details).toMatchObject({ mode: "low-risk", verdict: "approved" });
  });

  it("holds a read-only team over the cost bound, saying by how much", async () => {
    const { sim } = stack;
    const { number } = await sim.act.openIssue({ repo, ...skillGap("sql reports"), actor: "mia" });
    await sim.act.comment({
      repo,
      number,
      body: "/create-team model=gpt-4o skills=sql",
      actor: "mia",
    });
    await idle();
    expect(pullsClosing(sim, number, repo)).toEqual([]);
    const comment = botComments(sim, number, repo).at(-1) ?? "";
    expect(comment).toMatch(
      /its estimated cost, \$[\d.]+\/month, is above the bound of \$20\/month \(low_risk\.max_monthly_usd\)/,
    );
    expect(comment).not.toContain("its tools write");
    expect(askedApproval(repo, number)).toBeDefined();
  });
});

describe("a mode the config cannot mean", () => {
  it("is refused with a message naming the field and the accepted values, and nothing is planned", async () => {
    const { sim } = stack;
    const { number, modelCalls } = await label("acme/odd", "pottery");
    expect(modelCalls).toBe(0);
    expect(pullsOf(sim, "acme/odd")).toEqual([]);
    const comment = botComments(sim, number, "acme/odd").at(-1) ?? "";
    expect(comment).toContain(
      'mode: "Shadow" must be written in lowercase: shadow. Write shadow, low-risk or full (lowercase)',
    );
  });
});
