import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startSmee } from "../../src/server/smee.ts";
import { freePort } from "../../src/store/embedded-spawn.ts";
import { startReceiver } from "../support/loopback-receiver.ts";

/** A smee.io channel at `url` (on 127.0.0.1): an event stream that sends `delivery` once opened. */
async function startChannel(url: string, delivery: Record<string, unknown>): Promise<Server> {
  const { port, pathname } = new URL(url);
  const server = createServer((req, res) => {
    if (req.url !== pathname) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.write(`event: ready\ndata: {}\n\n`);
    res.write(`data: ${JSON.stringify(delivery)}\n\n`);
  });
  await new Promise<void>((resolve) => server.listen(Number(port), "127.0.0.1", resolve));
  return server;
}

async function until(what: string, check: () => boolean) {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`never: ${what}`);
}

// WEBHOOK_PROXY_URL pointing at a channel nobody answers, as a developer meets it.
describe("the smee channel of WEBHOOK_PROXY_URL, on a closed port", () => {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const retry = { firstMs: 20, maxMs: 80, connectMs: 2000 };

  it("in development: names the setting and host, tries again with growing waits, forwards once it opens", async () => {
    const port = await freePort();
    const target = await startReceiver();
    cleanups.push(() => target.down());
    const lines: string[] = [];
    const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l) };
    const source = `http://127.0.0.1:${port}/Zq8secretChannel`;
    const smee = await startSmee({ source, target: target.url, log, mustConnect: false, retry });
    cleanups.push(() => smee.stop());
    const retries = () => lines.filter((l) => / retrying in /.test(l));
    await until("four retries", () => retries().length >= 4);
    expect(retries()[0]).toBe(
      `WEBHOOK_PROXY_URL: cannot reach the smee channel on 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}); retrying in 20 ms`,
    );
    const waits = retries().map((l) => Number(/retrying in (\d+) ms/.exec(l)?.[1]));
    expect(waits.slice(0, 4)).toEqual([20, 40, 80, 80]);
    expect(lines.join("\n")).not.toMatch(/Zq8secretChannel|\[object /);

    const channel = await startChannel(source, {
      "x-github-event": "ping",
      "x-github-delivery": "d-1",
      body: { zen: "Keep it logically awesome." },
      query: {},
    });
    cleanups.push(
      () =>
        new Promise((r) => {
          channel.closeAllConnections();
          channel.close(r);
        }),
    );
    await until("the delivery forwarded", () => target.received.length === 1);
    expect(target.received[0]?.headers["x-github-event"]).toBe("ping");
    expect(JSON.parse(target.received[0]?.body ?? "{}")).toEqual({
      zen: "Keep it logically awesome.",
    });
    expect(lines).toContain(`smee: forwarding the channel on 127.0.0.1:${port} to ${target.url}`);
  });

  it("in production: stops the start with one line naming the setting and host", async () => {
    const port = await freePort();
    const log = { info() {}, warn() {} };
    await expect(
      startSmee({
        source: `http://127.0.0.1:${port}/Zq8secretChannel`,
        target: "http://127.0.0.1:9/api/github/webhooks",
        log,
        mustConnect: true,
        retry,
      }),
    ).rejects.toThrow(
      `WEBHOOK_PROXY_URL: cannot reach the smee channel on 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}); check the URL, or unset it where GitHub reaches the app directly`,
    );
  });
});
