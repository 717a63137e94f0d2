import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_OBSERVED_SETTINGS } from "../../src/config/observed-settings.ts";
import { createObserver, type Observer } from "../../src/observe/create-observer.ts";
import { telemetryFor } from "../../src/observe/telemetry-for.ts";
import { BREAKER_ACTOR } from "../../src/policy/breaker.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

const TOKEN = "operator-token-for-tests-0123456789";
const HOSTILE = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> & "quotes" 'too'`;
const OUTPUT = join(import.meta.dirname, "../../test-output");
const REPO = "acme/agents";

let t = Date.parse("2026-11-28T09:00:00Z");

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
const now = () => new Date(t);

/** Two gaps (one with a hostile title, its PR reviewed and merged), a slot, a breaker pause. */
async function seed(db: TestDatabase) {
  const { store } = db;
  const open = async (n: number, title: string) => {
    const gapKey = `${REPO}:issue:${n}`;
    await store.openGap({
      gapKey,
      repo: REPO,
      installationId: 7,
      issueNumber: n,
      trigger: "label",
      actor: "mia",
    });
    await store.audit({
      action: "gap.received",
      actor: "mia",
      gapKey,
      repo: REPO,
      details: { trigger: "label", title },
    });
    return gapKey;
  };
  const g1 = await open(1, HOSTILE);
  await store.updateGap({ gapKey: g1, actor: "mia", state: "planned", slug: "viz-team" });
  await store.updateGap({ gapKey: g1, actor: "mia", state: "publishing" });
  t += 10 * 60_000;
  await store.updateGap({ gapKey: g1, actor: "mia", state: "pr-open", prNumber: 5 });
  await store.audit({
    action: "pr.opened",
    actor: "mia",
    gapKey: g1,
    repo: REPO,
    details: { pr: 5 },
  });
  t += 45 * 60_000;
  const pr = { installationId: 7, repo: REPO, prNumber: 5, actor: "max" };
  await store.metrics.recordPullRequestEvent({
    ...pr,
    eventKey: "review:1",
    kind: "review",
    reviewState: "approved",
  });
  t += 60 * 60_000;
  await store.metrics.recordPullRequestEvent({
    ...pr,
    eventKey: "closed:1",
    kind: "closed",
    merged: true,
  });
  // What the app does with a merged team PR (recordPullRequestClosed): the gap is merged.
  await store.updateGap({ gapKey: g1, actor: "max", state: "merged" });
  await store.audit({
    action: "pr.merged",
    actor: "max",
    gapKey: g1,
    repo: REPO,
    details: { pr: 5 },
  });
  const g2 = await open(2, "Spanish support triage");
  await store.updateGap({ gapKey: g2, actor: "mia", state: "planned" });
  await store.updateGap({ gapKey: g2, actor: "mia", state: "awaiting-approval" });
  await store.reserveDailySlot({ scope: "installation:7", gapKey: g1, limit: 5 });
  await store.metrics.observeRepo({
    repo: REPO,
    installationId: 7,
    settings: { ...DEFAULT_OBSERVED_SETTINGS, dashboard: true },
  });
  await store.setPaused({ installationId: 7, repo: REPO, paused: true, actor: BREAKER_ACTOR });
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
      telemetry: await telemetryFor({ env, store: db.store }),
      hints: new Map(),
      installationClient: () => Promise.reject(new Error("no GitHub here")),
      appLogin: () => Promise.reject(new Error("no GitHub here")),
      log: { info() {}, warn() {}, error() {} },
      defer: () => {},
    });

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
    // Later the same UTC day: today's slot is still counted.
    t = Date.parse("2026-11-28T12:00:00Z");
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
    await context.close();
  });

  it("shows the seeded gaps, metrics and audit status, escapes a hostile title, and logs no console error", async () => {
    const context = await browser.newContext({
      httpCredentials: { username: "operator", password: TOKEN },
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    const response = await page.goto(`${url}/team-factory/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toContain("default-src 'none'");
    const { rows } = await db.db.query<{ n: number }>(
      "select count(*)::int as n from tf_audit_log",
    );
    expect(rows[0]?.n).toBe(4); // two gap.received, pr.opened, pr.merged
    expect(await page.textContent("#audit-status")).toMatch(
      /audit chain verified: 4 entries intact/,
    );
    const gaps = await page.textContent("#gaps");
    expect(gaps).toMatch(/awaiting-approval\s*1/);
    expect(gaps).toMatch(/merged\s*1/);
    expect(gaps).toContain("Spanish support triage");
    // The hostile title is text: no element was made of it, no script ran.
    expect(await page.locator(".title").first().textContent()).toBe(HOSTILE);
    expect(await page.locator("#gaps img, #audit img, script").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    const metrics = await page.textContent("#metrics");
    expect(metrics).toContain("✅ p50 10 min, p90 10 min (1)");
    expect(metrics).toContain("Human review time");
    expect(metrics).toContain("➖ no data");
    expect(await page.locator("#metrics svg").count()).toBe(5);
    expect(await page.textContent("#repositories")).toMatch(
      /acme\/agents.*⏸️ paused by team-factory-breaker/,
    );
    expect(await page.textContent("#slots")).toMatch(/installation:7\s*1\s*5\s*4/);
    expect(errors).toEqual([]);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, "operator-page.png"), fullPage: true });
    await context.close();
  });

  it("serves Prometheus series behind the same token, and neither route without one set", async () => {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('team_factory_slots_remaining{scope="installation:7"} 4');
    expect(text).toContain("team_factory_paused_repositories 1");
    expect(text).toContain("team_factory_paused_installations 0");
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
    expect(
      (await fetch(`${off.url}/team-factory/`, { headers: { authorization: `Bearer ${TOKEN}` } }))
        .status,
    ).toBe(404);
    expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
    off.server.close();
  });
});
