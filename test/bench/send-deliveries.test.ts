import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { signBody } from "../../bench/load-client.ts";
import { sendDeliveries } from "../../bench/send-deliveries.ts";
import type { RunningServer } from "../../src/server/start-server.ts";
import { freePort } from "../../src/store/embedded-spawn.ts";
import { serveWebhookRoute } from "../support/webhook-server.ts";

// The soak's client (`npm run bench -- --only soak`) against the app's real HTTP edge on
// 127.0.0.1: signed ~110 KB deliveries, 16 at a time over keep-alive connections.
const PATH = "/api/github/webhooks";
const SECRET = "soak-client-secret";
/** An issue_comment delivery the size of the soak's (its issue carries a ~100 KB body). */
const body = (i: number) =>
  JSON.stringify({ action: "created", issue: { body: "Context line. ".repeat(7800) }, i });

const servers: RunningServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.server.closeAllConnections();
    await server.close();
  }
});

async function serve() {
  const app = await serveWebhookRoute({ path: PATH, secret: SECRET });
  servers.push(app.server);
  return app;
}

/** A delivery the way the GitHub simulator sends one: through this process's `fetch`. */
async function simulatorDelivery(url: string) {
  const payload = body(-1);
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": signBody(SECRET, payload),
    },
    body: payload,
  });
  await res.arrayBuffer();
  return res.status;
}

describe("the soak's deliveries", () => {
  it("all reach the app although it closed the keep-alive connections the simulator's deliveries left idle, as the round began", async () => {
    const app = await serve();
    // The simulator's deliveries (the soak opens its issues through it) leave keep-alive
    // connections idle in this process's pool.
    expect(await Promise.all([1, 2, 3, 4].map(() => simulatorDelivery(app.url)))).toEqual([
      200, 200, 200, 200,
    ]);
    // The app closes a connection idle for its keep-alive window (5 s). The soak's client, busy
    // longer than that building all its bodies before the round, had not read those closes when
    // the round began. Here: closed at once, and the round starts in the same turn.
    app.server.server.closeIdleConnections();
    await sendDeliveries({
      url: app.url,
      secret: SECRET,
      event: "issue_comment",
      count: 64,
      bodyAt: body,
    });
    expect(new Set(app.received.map((e) => e.id)).size).toBe(4 + 64);
    expect(app.logged).toEqual([]);
  });

  it("stop at the first delivery that gets no answer, named with its number and the reason", async () => {
    const url = `http://127.0.0.1:${await freePort()}${PATH}`;
    let built = 0;
    const bodyAt = (i: number) => {
      built++;
      return body(i);
    };
    await expect(
      sendDeliveries({ url, secret: SECRET, event: "issue_comment", count: 100, bodyAt }),
    ).rejects.toThrow(/^delivery \d+ of 100 got no answer from .*: connect ECONNREFUSED/);
    // Each of the 16 senders stopped after its first failure.
    expect(built).toBe(16);
  });
});
