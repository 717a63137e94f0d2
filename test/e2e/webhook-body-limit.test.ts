import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, simulatorAppEnv, startAppProcess } from "../../bench/app-process.ts";
import { floodStalledBodies, stalledPost } from "../../bench/body-flood.ts";
import { signBody } from "../../bench/load-client.ts";
import { irrelevantDelivery } from "../../bench/webhook-ack.ts";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";

const MB = 1024 * 1024;
const MARKER = "PAYLOAD-MARKER-7f3a";

/** Announces `announced` bytes and sends at most `send` of them; the answer, or how it ended. */
function post(url: string, params: { announced?: number; send: number; chunked?: boolean }) {
  return new Promise<{ status: number | null; error?: string }>((resolve) => {
    const target = new URL(url);
    const req = request({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": "00000000-0000-4000-8000-00000000abcd",
        "x-hub-signature-256": "sha256=0000",
        ...(params.chunked
          ? { "transfer-encoding": "chunked" }
          : { "content-length": String(params.announced) }),
      },
    });
    req.on("response", (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? null });
      req.destroy();
    });
    req.on("error", (error) => resolve({ status: null, error: error.message }));
    const chunk = Buffer.alloc(MB, `{"x":"${MARKER}"}`);
    let sent = 0;
    const pump = () => {
      while (sent < params.send) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (params.chunked) req.end();
    };
    pump();
  });
}

describe("webhook bodies, against the app as npm start runs it", () => {
  let sim: GitHubSimulator;
  let app: AppProcess;
  beforeAll(async () => {
    sim = await startGitHubSimulator();
    app = await startAppProcess({
      secret: sim.app.webhookSecret,
      env: {
        ...simulatorAppEnv(sim),
        TEAM_FACTORY_DATA_DIR: "memory://",
        TEAM_FACTORY_WEBHOOK_TIMEOUT_MS: "1500",
        LOG_LEVEL: "info",
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.stop();
  });
  const webhook = () => `${app.url}/api/github/webhooks`;

  it("refuses a body over 25 MB with 413 before reading it, and three at once cost no memory", async () => {
    const before = app.rssMb();
    // Only 2 MB of each announced 300 MB are ever sent: the answer comes without the rest.
    const answers = await Promise.all(
      [1, 2, 3].map(() => post(webhook(), { announced: 300 * MB, send: 2 * MB })),
    );
    expect(answers.map((a) => a.status)).toEqual([413, 413, 413]);
    expect((await post(webhook(), { announced: 50 * MB, send: 1 * MB })).status).toBe(413);
    expect(app.rssMb() - before).toBeLessThan(60);
  });

  it("refuses a body that does not state its length with 411", async () => {
    expect((await post(webhook(), { chunked: true, send: 1 * MB })).status).toBe(411);
  });

  it("refuses a wrongly signed body with 401 and logs its size and delivery id, never its content", async () => {
    expect((await post(webhook(), { announced: 4 * MB, send: 4 * MB })).status).toBe(401);
    // The child's log reaches this process a moment after its answer.
    await expect
      .poll(() => app.output(), { timeout: 10_000, interval: 20 })
      .toMatch(/bad signature/);
    const log = app.output();
    expect(log).toMatch(/00000000-0000-4000-8000-00000000abcd/);
    expect(log).not.toContain(MARKER);
    expect(log.length).toBeLessThan(20_000);
  });

  it("drops a stalled body after TEAM_FACTORY_WEBHOOK_TIMEOUT_MS with 408 and closes the connection", async () => {
    const body = stalledPost(webhook(), { announced: 2 * MB, send: 64 * 1024 });
    const closedAfter = await Promise.race([
      body.closed,
      new Promise<number>((r) => setTimeout(() => r(Number.NaN), 6000)),
    ]);
    body.destroy();
    expect(body.state().status).toBe(408);
    expect(closedAfter).toBeGreaterThanOrEqual(1500);
    expect(closedAfter).toBeLessThan(4000);
  });

  it("keeps its memory under 16 stalled 24 MB bodies and still takes a signed delivery", async () => {
    const { event, body } = irrelevantDelivery();
    const m = await floodStalledBodies({
      url: webhook(),
      pid: app.pid,
      connections: 16,
      bytes: 24 * MB,
      untilMs: 10_000,
      signed: async () =>
        (
          await fetch(webhook(), {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-github-event": event,
              "x-github-delivery": "00000000-0000-4000-8000-0000000051ed",
              "x-hub-signature-256": signBody(sim.app.webhookSecret, body),
            },
            body,
          })
        ).status,
    });
    expect(m.signedStatus).toBe(200);
    expect(m.statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(15);
    // The one body admitted is dropped once the timeout has passed; every connection is closed.
    expect(m.allClosedMs).toBeLessThan(6000);
    expect(m.peakMb - m.beforeMb).toBeLessThan(50);
  });
});
