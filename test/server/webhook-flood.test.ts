import { createHmac, randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { type StalledBody, stalledPost } from "../../bench/body-flood.ts";
import { createByteBudget } from "../../src/server/byte-budget.ts";
import type { RunningServer } from "../../src/server/start-server.ts";
import { serveWebhookRoute } from "../support/webhook-server.ts";

// An attacker without the webhook secret sends bodies and stalls them. The
// route (real, on 127.0.0.1) must keep its memory bounded whatever they do.
const MB = 1024 * 1024;
const PATH = "/api/github/webhooks";
const SECRET = "webhook-flood-secret";

const servers: RunningServer[] = [];
const attackers: StalledBody[] = [];
afterEach(async () => {
  for (const body of attackers.splice(0)) body.destroy();
  for (const server of servers.splice(0)) {
    server.server.closeAllConnections();
    await server.close();
  }
});

async function serve(params: { maxInFlight: number; timeoutMs: number }) {
  const budget = createByteBudget(params.maxInFlight);
  const app = await serveWebhookRoute({
    path: PATH,
    secret: SECRET,
    budget,
    bodyTimeoutMs: params.timeoutMs,
  });
  servers.push(app.server);
  return { ...app, budget };
}

const flood = (url: string, n: number, params: Parameters<typeof stalledPost>[1]) => {
  const bodies = Array.from({ length: n }, () => stalledPost(url, params));
  attackers.push(...bodies);
  return bodies;
};
const statuses = (bodies: StalledBody[]) => bodies.map((b) => b.state().status);
/** Milliseconds until the app closes the connection; NaN when it is still open after `ms`. */
const closedWithin = (body: StalledBody, ms: number) =>
  Promise.race([body.closed, new Promise<number>((r) => setTimeout(() => r(Number.NaN), ms))]);

async function signedDelivery(url: string) {
  const body = JSON.stringify({ action: "created", comment: { body: "Thanks!" } });
  const id = randomUUID();
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "issue_comment",
      "x-github-delivery": id,
      "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
    },
    body,
  });
  return { status: res.status, id };
}

describe("a flood of stalled bodies with forged signatures", () => {
  it("is refused with 503 past the cap, at once and unread, and never holds more than the cap", async () => {
    const app = await serve({ maxInFlight: 8 * MB, timeoutMs: 10_000 });
    const bodies = flood(app.url, 16, { announced: 3 * MB, send: 3 * MB - 1 });
    // Two 3 MB bodies fit under 8 MB; the other fourteen are refused without waiting for them.
    await expect
      .poll(() => statuses(bodies).filter((s) => s === 503).length, { timeout: 3000 })
      .toBe(14);
    expect(statuses(bodies).filter((s) => s === null)).toHaveLength(2);
    expect(app.budget.inFlight()).toBe(6 * MB);
    expect(app.budget.peak()).toBeLessThanOrEqual(8 * MB);
    // The refused connections are closed by the app.
    const refused = bodies.filter((b) => b.state().status === 503);
    const closedAfter = await Promise.all(refused.map((b) => closedWithin(b, 4000)));
    expect(closedAfter.every(Number.isFinite)).toBe(true);
    expect(app.logged.filter((l) => l.includes("too many bodies in flight"))).toHaveLength(14);
    expect(app.budget.peak()).toBeLessThanOrEqual(8 * MB);
  });

  it("still lets a signed delivery in while it stalls", async () => {
    const app = await serve({ maxInFlight: 8 * MB, timeoutMs: 10_000 });
    const bodies = flood(app.url, 16, { announced: 3 * MB, send: 3 * MB - 1 });
    await expect
      .poll(() => bodies.every((b) => b.state().status !== null || b.state().sent >= 3 * MB - 1))
      .toBe(true);
    const delivery = await signedDelivery(app.url);
    expect(delivery.status).toBe(200);
    expect(app.received.map((e) => e.id)).toEqual([delivery.id]);
    expect(app.budget.peak()).toBeLessThanOrEqual(8 * MB);
  });

  it("drops a stalled body after the timeout (408), the connection closed and its bytes freed", async () => {
    const app = await serve({ maxInFlight: 8 * MB, timeoutMs: 300 });
    const [body] = flood(app.url, 1, { announced: MB, send: 10_000 });
    const closedAfter = await closedWithin(body as StalledBody, 3000);
    expect(body?.state().status).toBe(408);
    expect(closedAfter).toBeGreaterThanOrEqual(300);
    expect(closedAfter).toBeLessThan(2000);
    expect(app.budget.inFlight()).toBe(0);
    expect(app.logged.join("\n")).toMatch(/did not arrive within 300 ms/);
  });

  it("is refused before its body is read when a GitHub header is missing or malformed", async () => {
    const app = await serve({ maxInFlight: 8 * MB, timeoutMs: 10_000 });
    const cases: [Record<string, string | null>, number][] = [
      [{ "x-hub-signature-256": null }, 401],
      [{ "x-hub-signature-256": "sha256=0000" }, 401],
      [{ "x-github-event": null }, 400],
      [{ "x-github-delivery": null }, 400],
    ];
    for (const [headers, status] of cases) {
      const [body] = flood(app.url, 1, { announced: 4 * MB, send: MB, headers });
      const answered = await Promise.race([
        body?.answered,
        new Promise((r) => setTimeout(() => r("still reading"), 2000)),
      ]);
      expect(answered, JSON.stringify(headers)).toBe(status);
    }
    expect(app.budget.peak()).toBe(0);
  });

  it("is refused at once (413) when its Content-Length alone is over the cap", async () => {
    const app = await serve({ maxInFlight: 8 * MB, timeoutMs: 10_000 });
    const [body] = flood(app.url, 1, { announced: 10 * MB, send: MB });
    const answered = await Promise.race([
      body?.answered,
      new Promise((r) => setTimeout(() => r("still reading"), 2000)),
    ]);
    expect(answered).toBe(413);
    expect(app.budget.peak()).toBe(0);
  });
});
