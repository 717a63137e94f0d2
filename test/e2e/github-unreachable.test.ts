import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type AppProcess, simulatorAppEnv, startAppProcess } from "../../bench/app-process.ts";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";
import { sampleRepo } from "../../simulator/sample-repo.ts";
import { freePort } from "../../src/store/embedded-spawn.ts";
import { skillGap } from "../support/skill-gap.ts";

// GitHub cannot be reached (a closed port as its URL) while webhooks still
// arrive. `npm start` as deployed (production pacing), with retries a second apart instead of a
// minute and polls every second, so that the five attempts fit in the test.
const TOKEN = "github-unreachable-token-0123456789abcdef";
let sim: GitHubSimulator;
let app: AppProcess;

beforeAll(async () => {
  sim = await startGitHubSimulator();
  sim.createRepo(sampleRepo({}));
  const closed = await freePort();
  app = await startAppProcess({
    secret: sim.app.webhookSecret,
    env: {
      ...simulatorAppEnv(sim),
      GHE_HOST: `127.0.0.1:${closed}`,
      TEAM_FACTORY_DATA_DIR: "memory://",
      TEAM_FACTORY_DASHBOARD_TOKEN: TOKEN,
      TEAM_FACTORY_RETRY_SECONDS: "1",
      TEAM_FACTORY_JOB_LEASE_SECONDS: "3",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
    },
  });
  sim.setWebhookUrl(`${app.url}/api/github/webhooks`);
});
afterAll(async () => {
  await app?.stop();
  await sim?.stop();
});

const get = async (path: string) =>
  (await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("a labelled issue while GitHub cannot be reached", () => {
  it("logs each retry at warn and the last attempt at error, naming the repository and the delivery, and the operator page and /metrics show it", async () => {
    const { number } = await sim.act.openIssue({
      repo: "acme/agents",
      ...skillGap("skill uq"),
      actor: "mia",
    });
    const labelled = await sim.act.labelIssue({
      repo: "acme/agents",
      number,
      label: "capability-gap",
      actor: "mia",
    });
    const logged = (level: number) =>
      app
        .output()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((l) => l.deliveryId === labelled.deliveryId && l.level === level);

    // Within seconds, not after minutes of retries inside each request.
    await vi.waitFor(() => expect(logged(40)).not.toHaveLength(0), {
      timeout: 10_000,
      interval: 50,
    });
    expect(logged(40)[0]).toMatchObject({
      repo: "acme/agents",
      issue: number,
      attempt: 1,
      of: 5,
      unreachable: "GitHub",
      retryInSeconds: 1,
      msg: expect.stringMatching(
        new RegExp(
          `^the job of acme/agents \\(delivery ${labelled.deliveryId}\\) failed \\(attempt 1 of 5\\); trying again in 1 s: GitHub could not be reached \\(connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\)`,
        ),
      ),
    });

    const retrying = text(await get("/team-factory/"));
    expect(retrying).toMatch(
      /runs in the last 24 h: 0 \(0 failed\) · 1 job retrying \(1 could not reach GitHub\)/,
    );
    expect(retrying).toMatch(
      new RegExp(
        `Jobs failing and retrying .* acme/agents #${number} ${labelled.deliveryId} label unreachable [1-4] of 5 `,
      ),
    );
    const during = await get("/metrics");
    expect(during).toMatch(
      /team_factory_github_requests_total\{kind="[^"]+",status="unreachable"\} [1-9]/,
    );
    expect(during).not.toMatch(/status="500"/);
    expect(during).toMatch(/team_factory_jobs_total\{outcome="unreachable"\} [1-9]/);
    expect(during).toMatch(/team_factory_jobs_retrying\{reason="unreachable"\} 1\n/);

    await vi.waitFor(() => expect(logged(50)).toHaveLength(1), { timeout: 40_000, interval: 100 });
    expect(logged(40).map((l) => [l.attempt, l.retryInSeconds])).toEqual([
      [1, 1],
      [2, 2],
      [3, 4],
      [4, 8],
    ]);
    expect(logged(50)[0]).toMatchObject({
      repo: "acme/agents",
      issue: number,
      attempt: 5,
      unreachable: "GitHub",
      msg: expect.stringMatching(
        new RegExp(
          `^the job of acme/agents \\(delivery ${labelled.deliveryId}\\) gave up after 5 attempts: GitHub could not be reached`,
        ),
      ),
    });
    await vi.waitFor(
      async () =>
        expect(text(await get("/team-factory/"))).toMatch(
          /runs in the last 24 h: 1 \(1 failed\) · no job retrying/,
        ),
      { timeout: 5_000, interval: 100 },
    );
    const after = await get("/metrics");
    expect(after).toMatch(/team_factory_jobs_total\{outcome="gave-up"\} 1\n/);
    expect(after).toMatch(/team_factory_jobs_retrying\{reason="unreachable"\} 0\n/);
  }, 90_000);
});
