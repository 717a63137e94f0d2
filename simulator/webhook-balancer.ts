import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A load balancer in front of app replicas: each webhook delivery goes to the next live one, in
 * turn; the simulator's webhook URL points here. `targets` can change while it runs.
 */
export async function startWebhookBalancer(targets: () => string[]): Promise<{
  url: string;
  stop(): Promise<void>;
}> {
  let next = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const live = targets();
    const target = live[next++ % Math.max(live.length, 1)];
    if (!target) return void res.writeHead(503).end();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
    try {
      const answer = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(answer.status).end(await answer.text());
    } catch {
      res.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
