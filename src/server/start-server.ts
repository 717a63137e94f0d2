import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RequestHandler } from "./request-handler.ts";
import { WEBHOOK_TIMEOUT_MS } from "./webhook-route.ts";

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Listens on `host:port` (port 0: any free one) and answers every request with `handler`. A request
 * whose headers take longer than `timeoutMs`, or whose body takes a second more, is answered 408
 * and closed by Node (checked every second; its defaults are one and five minutes). The webhook
 * route times its bodies itself, to the millisecond.
 */
export async function startServer(params: {
  handler: RequestHandler;
  host: string;
  port: number;
  timeoutMs?: number;
}): Promise<RunningServer> {
  const timeoutMs = params.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const server = createServer(
    {
      headersTimeout: timeoutMs,
      requestTimeout: timeoutMs + 1000,
      connectionsCheckingInterval: 1000,
    },
    (req, res) => void params.handler(req, res),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(params.port, params.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    server,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeIdleConnections();
        server.close(() => resolve());
      }),
  };
}
