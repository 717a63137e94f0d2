import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApplicationFunction, Probot } from "probot";
import type { HttpRoute } from "./http-route.ts";
import { createWebhookRoute, type WebhookLog } from "./webhook-route.ts";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * The app's HTTP surface: our webhook route (size, memory and time limits and the signature
 * before anything is parsed), the routes the app adds (`addHandler`), `GET /ping`, and 404 for the rest.
 */
export async function createRequestHandler(params: {
  probot: Probot;
  appFn: ApplicationFunction;
  webhookPath: string;
  secret: string;
  /** Where refusals and failures are logged; Probot's own logger (ready once loaded) by default. */
  log?: WebhookLog;
  /** Routes served before the app's own (health). */
  routes?: HttpRoute[];
  /** False while stopping: webhooks are answered 503 so that they are delivered elsewhere. */
  accepting?: () => boolean;
  /** How long a webhook's body may take to arrive (10 s by default). */
  bodyTimeoutMs?: number;
}): Promise<RequestHandler> {
  const { probot } = params;
  const routes: HttpRoute[] = [];
  await probot.load(params.appFn, { cwd: process.cwd(), addHandler: (h) => routes.push(h) });
  const log = params.log ?? probot.log;
  const webhook = createWebhookRoute({
    path: params.webhookPath,
    secret: params.secret,
    log,
    receive: (event) => probot.receive(event as Parameters<Probot["receive"]>[0]),
    accepting: params.accepting,
    bodyTimeoutMs: params.bodyTimeoutMs,
  });
  const ping: HttpRoute = (req, res) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== "/ping") return false;
    res.writeHead(200, { "content-type": "text/plain" }).end("PONG");
    return true;
  };
  return async (req, res) => {
    try {
      for (const route of [webhook, ...(params.routes ?? []), ...routes, ping])
        if (await route(req, res)) return;
      res.writeHead(404, { "content-type": "application/json; charset=utf-8" });
      res.end(`${JSON.stringify({ message: "Not found" })}\n`);
    } catch (error) {
      log.error(
        { url: req.url, error: String((error as Error)?.message ?? error) },
        "request failed",
      );
      if (!res.headersSent) res.writeHead(500).end();
    }
  };
}
