import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_OBSERVED_SETTINGS } from "../../src/config/observed-settings.ts";
import { createObserver, type Observer } from "../../src/observe/create-observer.ts";
import { telemetryFor } from "../../src/observe/telemetry-for.ts";
import { BREAKER_ACTOR } from "../../src/policy/breaker.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

const TOKEN = "operator-token-for-tests-0123456789";
const HOSTILE = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> & "quotes" 'too'`;
const HOSTILE_URL = "javascript:window.__pwned=3";
const DOCS = join(import.meta.dirname, "../../docs");
const AGENTS = "acme/agents";
const WEB = "acme/web";
const API = "globex/api";
const SPEC_HASH = "abcdef0123456789".repeat(4);
const DAY = 86_400_000;
const MINUTE = 60_000;

/** The page's "today": the end of a busy day. */
const END = Date.parse("2026-11-28T18:00:00Z");
let t = END - 20 * DAY;
const now = () => new Date(t);
const at = (iso: string) => {
  t = Date.parse(iso);
};

/** Debian's `chromium` on the PATH (`.ci/run` installs it); the suite fails, loudly, without it. */
function chromiumPath(): string {
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "No `chromium` on the PATH: the operator page is tested in Debian's Chromium (apt-get install chromium; .ci/run installs it).",
    );
  }
}

/**
 * Three weeks of light history (team PRs opened and reviewed on four days, a backtest's tasks and
 * signals), then a day of activity as an operator found it: a gap whose title is hostile HTML and
 * whose stored PR address is a `javascript:` URL, one waiting for an approval, a scan gap, thirty
 * requests in another installation, an installation known only by its pause, an audit entry of an
 * action this page does not know, a breaker pause.
 */
async function seed(db: TestDatabase) {
  const { store } = db;
  const received = async (p: {
    repo: string;
    installationId: number;
    issue: number;
    title: string;
    trigger?: string;
    actor?: string;
    gapKey?: string;
  }) => {
    const gapKey = p.gapKey ?? `${p.repo}:issue:${p.issue}`;
    const actor = p.actor ?? "mia";
    const trigger = p.trigger ?? "label";
    await store.openGap({
      gapKey,
      repo: p.repo,
      installationId: p.installationId,
      issueNumber: p.issue,
      trigger,
      actor,
    });
    await store.audit({
      action: "gap.received",
      actor,
      gapKey,
      repo: p.repo,
      details: { trigger, delivery: `d-${gapKey}`, title: p.title },
    });
    return gapKey;
  };
  const opened = async (gapKey: string, repo: string, pr: number, prUrl: string) => {
    await store.updateGap({ gapKey, actor: "mia", state: "planned", slug: `team-${pr}` });
    await store.updateGap({ gapKey, actor: "mia", state: "publishing" });
    await store.updateGap({ gapKey, actor: "mia", state: "pr-open", prNumber: pr, prUrl });
    await store.audit({
      action: "pr.opened",
      actor: "mia",
      gapKey,
      repo,
      details: { pr, commit: "0123456789abcdef", verified: true, files: 12 },
    });
  };
  const reviewed = async (repo: string, pr: number, state: "approved" | "changes_requested") =>
    store.metrics.recordPullRequestEvent({
      installationId: 7,
      repo,
      prNumber: pr,
      actor: "max",
      eventKey: `review:${pr}`,
      kind: "review",
      reviewState: state,
    });
  // History: one team PR on each of four earlier days, opened after 12–50 minutes.
  for (const [i, [day, minutes, review]] of (
    [
      [-14, 12, "approved"],
      [-9, 50, "changes_requested"],
      [-5, 20, "approved"],
      [-2, 28, "approved"],
    ] as const
  ).entries()) {
    t = END - Math.abs(day) * DAY - 6 * 3_600_000;
    const gapKey = await received({
      repo: AGENTS,
      installationId: 7,
      issue: 100 + i,
      title: `Earlier request ${i + 1}`,
    });
    t += minutes * MINUTE;
    await opened(gapKey, AGENTS, 200 + i, `https://github.com/${AGENTS}/pull/${200 + i}`);
    t += 90 * MINUTE;
    await reviewed(AGENTS, 200 + i, review);
  }

  // The day of activity.
  // Thirty requests in another installation, early that day: two pages of gaps.
  at("2026-11-28T06:00:00Z");
  for (let n = 10; n < 40; n++) {
    t += MINUTE;
    const key = await received({
      repo: API,
      installationId: 9,
      issue: n,
      title: `Globex request ${n}`,
      trigger: "command",
      actor: "gus",
    });
    if (n % 3 === 0)
      await store.updateGap({ gapKey: key, actor: "gus", state: "rejected", reason: "dismissed" });
  }

  at("2026-11-28T09:00:00.123456Z");
  const hostile = await received({ repo: AGENTS, installationId: 7, issue: 1, title: HOSTILE });
  t += 10 * MINUTE;
  await opened(hostile, AGENTS, 5, HOSTILE_URL);
  await store.metrics.recordRun({
    installationId: 7,
    repo: AGENTS,
    gapKey: hostile,
    outcome: "pr-opened",
    failed: false,
  });
  t += 45 * MINUTE;
  await reviewed(AGENTS, 5, "approved");
  t += 60 * MINUTE;
  await store.metrics.recordPullRequestEvent({
    installationId: 7,
    repo: AGENTS,
    prNumber: 5,
    actor: "max",
    eventKey: "closed:5",
    kind: "closed",
    merged: true,
  });
  await store.updateGap({ gapKey: hostile, actor: "max", state: "merged" });
  await store.audit({
    action: "pr.merged",
    actor: "max",
    gapKey: hostile,
    repo: AGENTS,
    details: { pr: 5 },
  });

  at("2026-11-28T11:30:00Z");
  const waiting = await received({
    repo: AGENTS,
    installationId: 7,
    issue: 2,
    title: "Spanish support triage",
  });
  await store.updateGap({
    gapKey: waiting,
    actor: "mia",
    state: "planned",
    specHash: SPEC_HASH,
    cost: { monthlyUsd: 42.5 } as never,
  });
  await store.updateGap({ gapKey: waiting, actor: "mia", state: "awaiting-approval" });
  await db.db.query("update tf_gaps set spec_authors = $2 where gap_key = $1", [
    waiting,
    ["mia", "ola"],
  ]);
  await store.audit({
    action: "gate.cost-approval-needed",
    actor: "mia",
    gapKey: waiting,
    repo: AGENTS,
    details: { monthlyUsd: 42.5, threshold: 25, specHash: SPEC_HASH },
  });

  at("2026-11-28T12:15:00Z");
  const scanned = await received({
    repo: WEB,
    installationId: 7,
    issue: 3,
    title: "Grafana dashboards keep waiting",
    trigger: "scan",
    actor: "team-factory-scan",
    gapKey: `${WEB}:skill:grafana`,
  });
  t += 20 * MINUTE;
  await opened(scanned, WEB, 4, `https://github.com/${WEB}/pull/4`);
  await store.metrics.recordRun({
    installationId: 7,
    repo: WEB,
    gapKey: scanned,
    outcome: "failed",
    failed: true,
  });

  at("2026-11-28T15:00:00Z");
  await store.audit({
    action: "custom.<b>checked</b>",
    actor: `ops<script>window.__pwned=4</script>`,
    gapKey: null,
    repo: AGENTS,
    details: {
      note: HOSTILE,
      link: HOSTILE_URL,
      nested: { depth: 2, items: ["a", "b"] },
      ok: true,
    },
  });
  await store.reserveDailySlot({ scope: "installation:7", gapKey: hostile, limit: 5 });
  for (const repo of [AGENTS, WEB])
    await store.metrics.observeRepo({
      repo,
      installationId: 7,
      settings: { ...DEFAULT_OBSERVED_SETTINGS, dashboard: repo === AGENTS },
    });
  await store.setPaused({ installationId: 7, repo: AGENTS, paused: true, actor: BREAKER_ACTOR });
  await store.setPaused({ installationId: 12, repo: "", paused: true, actor: "ops" });

  // The backtest's history: three ready Grafana tasks in acme/agents' project.
  const { rows } = await db.db.query<{ id: string }>(
    "insert into pm_projects (name, repository) values ('Apollo', $1) returning id",
    [AGENTS],
  );
  for (const day of [12, 10, 8])
    await db.db.query(
      `insert into pm_tasks (project_id, title, status, required_skills, created_at, updated_at)
       values ($1, 'dashboards', 'ready', '{grafana}', $2, $2)`,
      [rows[0]?.id, new Date(END - day * DAY)],
    );
  t = END;
}

/**
 * The text of a part of the page as it reads (table cells apart), runs of white space as one
 * space; empty when the part is missing (the page is loaded: nothing to wait for).
 */
const textOf = async (page: Page, selector: string) =>
  (
    await page.evaluate<string>(
      `document.querySelector(${JSON.stringify(selector)})?.innerText ?? ""`,
    )
  ).replace(/\s+/g, " ");

/**
 * axe-core run inside the page through the DevTools protocol: the page's CSP allows no script, and
 * stays so; DevTools evaluations are not the page's scripts.
 */
async function axeViolations(context: BrowserContext, page: Page) {
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  } catch {
    throw new Error("axe-core is not installed: it is a devDependency, `npm ci` installs it.");
  }
  const source = readFileSync(path, "utf8");
  const cdp = await context.newCDPSession(page);
  await cdp.send("Runtime.evaluate", { expression: source });
  const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", {
    expression: `axe.run(document, { resultTypes: ["violations"] }).then((r) => ({
      passes: r.passes.length,
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) })),
    }))`,
    awaitPromise: true,
    returnByValue: true,
  });
  await cdp.detach();
  expect(exceptionDetails).toBeUndefined();
  const value = result.value as {
    passes: number;
    violations: { id: string; impact: string; nodes: string[] }[];
  };
  // axe ran its rules: a page it could not read would pass nothing.
  expect(value.passes).toBeGreaterThan(10);
  return value.violations;
}

describe("the operator page in headless Chromium", () => {
  let db: TestDatabase;
  let server: Server;
  let url = "";
  let browser: Browser;
  let observer: Observer;
  const serve = async (routes: Observer["routes"]) => {
    const s = createServer(async (req, res) => {
      for (const route of routes) if (await route(req, res)) return;
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
    return { server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
  };
  // The series as npm start builds them: prom-client's with a token, none without.
  const observerWith = async (env: NodeJS.ProcessEnv) =>
    createObserver({
      store: db.store,
      env,
      now,
      telemetry: await telemetryFor({ env, store: db.store }),
      hints: new Map(),
      installationClient: () => Promise.reject(new Error("no GitHub here")),
      appLogin: () => Promise.reject(new Error("no GitHub here")),
      log: { info() {}, warn() {}, error() {} },
      defer: () => {},
    });
  const bearer = { authorization: `Bearer ${TOKEN}` };

  /** A page as an operator opens it, collecting console errors. */
  async function open(path: string, width = 1280) {
    const context = await browser.newContext({
      httpCredentials: { username: "operator", password: TOKEN },
      viewport: { width, height: 900 },
    });
    // The page is whole once loaded: a missing element is missing, not late.
    context.setDefaultTimeout(3_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    const response = await page.goto(`${url}${path}`);
    return { context, page, errors, response };
  }

  /** No serious or critical axe violation, no console error, and the view's screenshot in docs/. */
  async function check(view: Awaited<ReturnType<typeof open>>, name: string) {
    const violations = await axeViolations(view.context, view.page);
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
    expect(view.errors).toEqual([]);
    await view.page.screenshot({ path: join(DOCS, `operator-page-${name}.png`), fullPage: true });
    await view.context.close();
  }

  beforeAll(async () => {
    [db, browser] = await Promise.all([
      openTestDatabase({ now }),
      chromium.launch({
        executablePath: chromiumPath(),
        args: [
          "--no-sandbox",
          "--headless=new",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
        ],
      }),
    ]);
    await seed(db);
    observer = await observerWith({ TEAM_FACTORY_DASHBOARD_TOKEN: TOKEN });
    ({ server, url } = await serve(observer.routes));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    server?.close();
    await db?.close();
  });

  it("answers 401 without the token, with a Basic challenge a browser can answer", async () => {
    const bare = await fetch(`${url}/team-factory/`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get("www-authenticate")).toMatch(/^Basic realm="Team Factory"/);
    expect(
      (await fetch(`${url}/team-factory/`, { headers: { authorization: "Bearer nope" } })).status,
    ).toBe(401);
    // A browser answering the challenge with a wrong token gets the 401 page, not the overview.
    const context = await browser.newContext({
      httpCredentials: { username: "operator", password: "not-the-token" },
    });
    const page = await context.newPage();
    const response = await page.goto(`${url}/team-factory/`);
    expect(response?.status()).toBe(401);
    expect(await page.textContent("body")).toMatch(/TEAM_FACTORY_DASHBOARD_TOKEN/);
    expect(await page.locator("#gaps").count()).toBe(0);
    // A bad filter is not checked before the token: the answer says nothing about it.
    expect((await fetch(`${url}/team-factory/?page=0`)).status).toBe(401);
    await context.close();
  });

  it("overview: links, account names, relative times, readable audit, labelled metrics, charts, approvals, backtest; hostile text stays text", async () => {
    const view = await open("/team-factory/");
    const { page, response } = view;
    expect.soft(response?.status()).toBe(200);
    expect.soft(response?.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect.soft(response?.headers()["content-security-policy"]).not.toContain("script-src");
    expect
      .soft(await textOf(page, "#summary"))
      .toMatch(/runs in the last 24 h: 2 \(1 failed\) · no job retrying/);
    expect
      .soft(await textOf(page, "#audit-status"))
      .toMatch(/audit chain verified: \d+ entries intact/);

    // Links: issues and PRs are links to GitHub; the stored javascript: address is not used.
    const gaps = page.locator("#gaps");
    expect
      .soft(await gaps.locator(`a[href="https://github.com/${AGENTS}/issues/1"]`).count())
      .toBe(1);
    expect
      .soft(await gaps.locator(`a[href="https://github.com/${AGENTS}/pull/5"]`).count())
      .toBe(1);
    expect.soft(await gaps.locator(`a[href="https://github.com/${WEB}/pull/4"]`).count()).toBe(1);
    expect.soft(await page.locator('a[href^="javascript:" i], [href*="pwned"]').count()).toBe(0);

    // Installations by their account's name; one known only by its pause keeps its id.
    const installations = await textOf(page, "#installations");
    expect.soft(installations).toMatch(/acme .*installation 7/);
    expect.soft(installations).toMatch(/globex .*installation 9/);
    expect.soft(installations).toContain("installation 12");
    expect
      .soft(await page.locator(`#installations a[href="https://github.com/acme"]`).count())
      .toBeGreaterThan(0);

    // Relative times, the exact UTC time on hover, no microseconds anywhere.
    const html = await page.content();
    expect.soft(html).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3,}/);
    const merged = page
      .locator("#gaps tr", { has: page.locator(`a[href$="/${AGENTS}/issues/1"]`) })
      .locator("time");
    expect
      .soft(
        await merged.evaluateAll((times) =>
          times.map((e) => [e.getAttribute("datetime"), e.getAttribute("title"), e.textContent]),
        ),
      )
      .toEqual([["2026-11-28T10:55:00Z", "2026-11-28 10:55:00 UTC", "7 h ago"]]);

    // Audit details read as sentences or key: value, never raw JSON.
    const audit = await textOf(page, "#audit");
    expect.soft(audit).not.toMatch(/[{"]\s*"?\w+"\s*:/);
    expect.soft(audit).toMatch(/opened PR #4 .*12 files/);
    expect
      .soft(audit)
      .toMatch(/waits for an approval: \$42\.50\/month is above the \$25\/month limit/);
    expect.soft(audit).toContain("nested: depth: 2, items: a, b");
    expect.soft(audit).toContain("custom.<b>checked</b>");

    // Metrics: labelled columns per scope, and five charts with their target and axes.
    const heads = await page.locator("#repositories thead th").allTextContents();
    for (const label of [
      "Gap → PR",
      "PRs needing changes",
      "False positives",
      "Human review time",
      "Successful deployments",
    ])
      expect.soft(heads.join("|")).toContain(label);
    const charts = page.locator("#metrics figure svg");
    expect.soft(await charts.count()).toBe(5);
    const gapToPr = page.locator("#metrics figure", { hasText: "Gap → PR" }).locator("svg");
    expect.soft(await gapToPr.locator(".target").count()).toBe(1);
    expect.soft(await gapToPr.locator(".axis text").count()).toBeGreaterThanOrEqual(4);
    // One point per day with data: the four earlier days and today.
    expect.soft(await gapToPr.locator("circle.point").count()).toBe(5);
    expect
      .soft((await gapToPr.locator("circle.point title").allTextContents())[0])
      .toMatch(/12 min/);

    // The approval waiting, with the exact command and who may give it.
    const approvals = await textOf(page, "#approvals");
    expect.soft(approvals).toContain(`/approve-team ${SPEC_HASH.slice(0, 12)}`);
    expect.soft(approvals).toMatch(/maintain or admin permission on acme\/agents/);
    expect.soft(approvals).toMatch(/other than @mia, @ola/);
    expect
      .soft((await page.locator("#approvals code").allTextContents())[0])
      .toBe(`/approve-team ${SPEC_HASH.slice(0, 12)}`);

    // The backtest over the store's history: acme/agents' Grafana tasks would have raised a gap.
    const backtest = await textOf(page, "#backtest");
    expect.soft(backtest).toMatch(/would have raised 1 gap/);
    expect.soft(backtest).toMatch(/acme\/agents grafana/);
    expect.soft(await page.locator("#backtest table").count()).toBe(2);

    // Hostile text is text: no element made of it, no script ran.
    expect
      .soft((await page.locator(".title", { hasText: "onerror" }).allTextContents())[0])
      .toBe(HOSTILE);
    expect.soft(await page.locator("main img, script").count()).toBe(0);
    expect
      .soft(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned))
      .toBeUndefined();
    await check(view, "overview");
  });

  it("filters by repository and state through the GET form (no script), and pages through gaps", async () => {
    const view = await open("/team-factory/");
    const { page } = view;
    await page.fill('input[name="repo"]', AGENTS);
    await page.selectOption('select[name="state"]', "awaiting-approval");
    await Promise.all([page.waitForURL(/state=awaiting-approval/), page.click("form button")]);
    expect(new URL(page.url()).searchParams.get("repo")).toBe(AGENTS);
    const rows = page.locator("#gaps tbody tr");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("Spanish support triage");
    expect(await textOf(page, "#approvals")).toContain("/approve-team abcdef012345");
    await check(view, "filtered");

    const paged = await open(`/team-factory/?repo=${encodeURIComponent(API)}&source=explicit`);
    expect(await paged.page.locator("#gaps tbody tr").count()).toBe(25);
    expect(await textOf(paged.page, "#gaps")).toContain("page 1 of 2 (30 gaps)");
    await Promise.all([paged.page.waitForURL(/page=2/), paged.page.click("#gaps a[rel=next]")]);
    expect(await paged.page.locator("#gaps tbody tr").count()).toBe(5);
    expect(await textOf(paged.page, "#gaps")).toContain("page 2 of 2 (30 gaps)");
    expect(await textOf(paged.page, "#gaps")).toContain("Globex request 10");
    await check(paged, "page-2");

    const detected = await fetch(`${url}/team-factory/?source=detected`, { headers: bearer });
    const detectedGaps = /<section id="gaps"[\s\S]*?<\/section>/.exec(await detected.text())?.[0];
    expect(detectedGaps).toContain("Grafana dashboards keep waiting");
    expect(detectedGaps).not.toContain("Spanish support triage");
  });

  it("refuses a hostile or malformed filter with a 400 that names the parameter and echoes nothing; ignores unknown ones", async () => {
    const get = (query: string) => fetch(`${url}/team-factory/?${query}`, { headers: bearer });
    for (const [query, parameter] of [
      ["state=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "state"],
      ["repo=..%2F..%2Fetc", "repo"],
      [`repo=${"a".repeat(300)}%2Fb`, "repo"],
      ["repo=acme%2Fagents%22%3E%3Cimg%20src%3Dx%3E", "repo"],
      ["source=javascript%3Aalert(1)", "source"],
      ["page=0", "page"],
      ["page=-1", "page"],
      ["page=1e3", "page"],
      ["page=99999999999999999999", "page"],
      ["audit_page=abc", "audit_page"],
      ["page=1&page=2", "page"],
    ] as const) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      const body = await res.text();
      expect(body, query).toContain(`"${parameter}"`);
      expect(body).not.toMatch(/script|img|alert|etc|aaaa/);
    }
    const unknown = await get("utm_source=mail&x=%3Cscript%3E");
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).not.toContain("<script>");
    // An empty value is the form's "all".
    expect((await get("repo=&state=&source=")).status).toBe(200);
  });

  it("links to the GitHub Enterprise host the app talks to", async () => {
    const ghe = await serve(
      (
        await observerWith({
          TEAM_FACTORY_DASHBOARD_TOKEN: TOKEN,
          GHE_HOST: "ghe.example.com",
        })
      ).routes,
    );
    const html = await (await fetch(`${ghe.url}/team-factory/`, { headers: bearer })).text();
    ghe.server.close();
    expect(html).toContain(`href="https://ghe.example.com/${AGENTS}/issues/1"`);
    // A stored PR address on another host than the configured one is not followed.
    expect(html).toContain(`href="https://ghe.example.com/${WEB}/pull/4"`);
    expect(html).not.toContain(`href="https://github.com/`);
  });

  it("keeps scripts forbidden: a script added to the page is refused by its CSP (axe runs through DevTools only)", async () => {
    const view = await open("/team-factory/");
    const refused = view.page.waitForEvent("console", {
      predicate: (m) => m.type() === "error" && /Content Security Policy/.test(m.text()),
      timeout: 5_000,
    });
    const blocked = await view.page.evaluate(`(async () => {
      const script = document.createElement("script");
      script.textContent = "window.__ran = 1";
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return window.__ran;
    })()`);
    expect(blocked).toBeUndefined();
    await refused;
    await view.context.close();
  });

  it("serves Prometheus series behind the same token, and neither route without one set", async () => {
    const res = await fetch(`${url}/metrics`, { headers: bearer });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('team_factory_slots_remaining{scope="installation:7"} 4');
    expect(text).toContain("team_factory_paused_repositories 1");
    expect(text).toContain("team_factory_paused_installations 1");
    for (const series of [
      "team_factory_webhooks_total",
      "team_factory_jobs_total",
      "team_factory_gap_to_pr_seconds",
      "team_factory_github_requests_total",
      "team_factory_model_calls_total",
      "team_factory_model_fallbacks_total",
    ])
      expect(text).toContain(`# TYPE ${series}`);
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    const off = await serve((await observerWith({})).routes);
    expect((await fetch(`${off.url}/team-factory/`, { headers: bearer })).status).toBe(404);
    expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
    off.server.close();
  });
});
