import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";
import { sampleRepo } from "../../simulator/sample-repo.ts";
import { type RunningApp, startApp } from "../../simulator/start-app.ts";
import { createTeamFactory, type TeamFactory } from "../../src/compose.ts";
import type { ScanReport } from "../../src/scan/run-scan.ts";
import { MAX_SIGNAL_BATCH_BYTES } from "../../src/signals/signals-route.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

const SCAN_SECRET = "scan-secret-for-the-test-at-least-32-chars";
const SIGNALS_SECRET = "signals-secret-for-the-test-at-least-32-chars";
const quiet = { info() {}, warn() {}, error() {} };
const messageOf = async (res: Response) => ((await res.json()) as { message: string }).message;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const etlAt = hoursAgo(72);

// Another system's view: it reports what it could not do, by SQL or over HTTP; the app's scan
// turns what points at one skill into one gap issue, then the pipeline proposes the team.
describe("signals from other systems become a gap", () => {
  let t: TestDatabase;
  let sim: GitHubSimulator;
  let app: RunningApp;
  let factory: TeamFactory;
  // How each job ended: a failed attempt (retried later) says why here rather than as "no PR".
  const ends: string[] = [];
  const post = (body: string, token = SIGNALS_SECRET, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/team-factory/signals`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        ...headers,
      },
      body,
    });
  const stored = async () =>
    Number((await t.db.query("select count(*) as n from gap_signals")).rows[0]?.n);
  const issues = () => [...sim.repo("acme", "agents").issues.values()].filter((i) => !i.pull);
  const batch = [
    {
      id: "router-7f3a",
      repository: "Acme/Agents",
      kind: "unhandled-request",
      skill: "Grafana Dashboards",
      source: "request-router",
      detail: "No team takes 'build a latency dashboard' @octocat <img src=x onerror=alert(1)>",
      occurred_at: hoursAgo(30),
    },
    {
      id: "router-7f3b",
      repository: "acme/agents",
      kind: "unhandled-request",
      skill: "grafana dashboards",
      source: "request-router",
      detail: "Asked for an SLO board, see https://evil.example/x and #12",
      occurred_at: hoursAgo(2),
    },
  ];

  beforeAll(async () => {
    t = await openTestDatabase();
    sim = await startGitHubSimulator();
    sim.createRepo(
      sampleRepo({
        config:
          "mode:\n  detected: full\nscan:\n  enabled: true\nsignals:\n  window_days: 7\n  min_count: 3\n",
      }),
    );
    factory = createTeamFactory({
      store: t.store,
      drafter: null,
      replica: "test",
      log: quiet,
      env: { TEAM_FACTORY_SCAN_SECRET: SCAN_SECRET, TEAM_FACTORY_SIGNALS_SECRET: SIGNALS_SECRET },
      onJobEnd: (_, end) => ends.push(end.kind === "done" ? end.outcome.kind : end.message),
    });
    app = await startApp({ sim, deps: factory });
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.stop();
    await t?.close();
  });

  it("refuses a batch with a forged token, unread, and records nothing", async () => {
    const res = await post(JSON.stringify(batch), "a-forged-token-of-the-right-length-0000000");
    expect(res.status).toBe(401);
    expect(await messageOf(res)).toMatch(/Authorization: Bearer <TEAM_FACTORY_SIGNALS_SECRET>/);
    expect(await stored()).toBe(0);
  });

  it("refuses an oversized batch before reading it, and records nothing", async () => {
    const big = JSON.stringify(
      Array.from({ length: 600 }, (_, i) => ({
        ...batch[0],
        id: `big-${i}`,
        detail: "x".repeat(1900),
      })),
    );
    expect(Buffer.byteLength(big)).toBeGreaterThan(MAX_SIGNAL_BATCH_BYTES);
    // Refused unread, the connection closes soon after: a client must not send on it again.
    const res = await post(big, SIGNALS_SECRET, { connection: "close" });
    expect(res.status).toBe(413);
    expect(await messageOf(res)).toMatch(/at most 1048576 bytes .* Nothing was recorded/);
    expect(await stored()).toBe(0);
  });

  it("refuses a batch with one bad record whole, naming the record and the field", async () => {
    const bad = [
      batch[0],
      { ...batch[1], kind: "crashed" },
      {
        id: "x",
        repository: "acme/agents",
        kind: "task-failed",
        skill: "sql",
        source: "etl",
        occured_at: "now",
      },
    ];
    const res = await post(JSON.stringify(bad));
    expect(res.status).toBe(400);
    const answer = (await res.json()) as {
      message: string;
      problems: { index: number; field: string; message: string }[];
    };
    expect(answer.message).toMatch(
      /^Nothing was recorded: signal 1: kind must be "unhandled-request" or "task-failed" \(got "crashed"\)/,
    );
    expect(answer.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, field: "kind" }),
        expect.objectContaining({ index: 2, field: "occured_at" }),
        expect.objectContaining({ index: 2, field: "occurred_at" }),
      ]),
    );
    expect(await stored()).toBe(0);
  });

  it("records a batch once, however often it is replayed", async () => {
    const first = await post(JSON.stringify({ signals: batch }));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 2, recorded: 2, duplicates: 0 });
    const replay = await post(JSON.stringify({ signals: batch }));
    expect(await replay.json()).toEqual({ received: 2, recorded: 0, duplicates: 2 });
    expect(await stored()).toBe(2);
  });

  it("turns the SQL row and the HTTP batch into one gap issue with the evidence, then a team PR", async () => {
    // Another system writes straight into the table, as docs/operations.md shows.
    await t.db.query(
      `insert into gap_signals (repository, id, kind, skill, source, detail, occurred_at)
       values ('acme/agents', 'etl-991', 'task-failed', 'grafana  dashboards', 'etl-worker',
               'export crashed <!-- hidden --> for @octocat', $1)
       on conflict do nothing`,
      [etlAt],
    );
    // Outside the window, and another repository's: neither counts.
    await t.db.query(
      `insert into gap_signals (repository, id, kind, skill, source, occurred_at) values
       ('acme/agents', 'old-1', 'task-failed', 'grafana dashboards', 'etl-worker', now() - interval '9 days'),
       ('other/repo', 'r-1', 'task-failed', 'grafana dashboards', 'etl-worker', now())`,
    );
    const res = await fetch(`${app.url}/team-factory/scan`, {
      method: "POST",
      headers: { authorization: `Bearer ${SCAN_SECRET}` },
    });
    const report = (await res.json()) as ScanReport;
    expect(report).toMatchObject({ reposScanned: 1, gaps: 1, issuesOpened: 1 });
    const [issue] = issues();
    expect(issue?.title).toBe(
      "Capability gap: grafana dashboards (3 failures or unhandled requests in 7 days)",
    );
    const body = issue?.body ?? "";
    expect(body).toContain("### Evidence from failures and unhandled requests");
    expect(body).toContain(
      "**3** in the last 7 days point at this skill (a gap from 3): 2 unhandled requests and 1 failed tasks reported in `gap_signals`, 0 blocked or cancelled tasks",
    );
    const minute = (iso: string | undefined) => `${iso?.slice(0, 16).replace("T", " ")} UTC`;
    expect(body).toContain(`First seen ${minute(etlAt)}`);
    expect(body).toContain(`last seen ${minute(batch[1]?.occurred_at)}`);
    const rows = body
      .split("\n")
      .filter((l) => / UTC \| (unhandled request|failed task) \|/.test(l));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain("| unhandled request | request-router | Asked for an SLO board");
    expect(rows[2]).toContain("| failed task | etl-worker | export crashed for @\u200boctocat |");
    expect(body).not.toMatch(/@octocat|<img|<!--\s*hidden|https:\/\/evil|#12/);
    expect(body).not.toContain("### Evidence from the task scan");

    await factory.jobs.whenIdle();
    expect(ends).toEqual(["pr"]);
    const pulls = [...sim.repo("acme", "agents").issues.values()].filter((x) => x.pull);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]?.body).toContain("grafana dashboards");
  });
});
