import type { ByteBudget } from "../../src/server/byte-budget.ts";
import { type RunningServer, startServer } from "../../src/server/start-server.ts";
import { createWebhookRoute, type ReceiveWebhook } from "../../src/server/webhook-route.ts";

/**
 * The app's webhook route on the real server (127.0.0.1, any free port), 404 elsewhere; the
 * deliveries it takes and the lines it logs are kept. Stop it with `server.close()`.
 */
export async function serveWebhookRoute(params: {
  path: string;
  secret: string;
  budget?: ByteBudget;
  bodyTimeoutMs?: number;
}) {
  const received: Parameters<ReceiveWebhook>[0][] = [];
  const logged: string[] = [];
  const log = (obj: object, msg?: string) => logged.push(`${msg} ${JSON.stringify(obj)}`);
  const route = createWebhookRoute({
    ...params,
    receive: async (event) => void received.push(event),
    log: { info: log, warn: log, error: log },
  });
  const server: RunningServer = await startServer({
    host: "127.0.0.1",
    port: 0,
    handler: async (req, res) => {
      if (!(await route(req, res))) res.writeHead(404).end();
    },
  });
  return { server, url: `${server.url}${params.path}`, received, logged };
}
