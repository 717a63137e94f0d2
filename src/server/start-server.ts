import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RequestHandler } from "./request-handler.ts";

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0: any free one) and answers every request with `handler`. */
export async function startServer(params: {
  handler: RequestHandler;
  host: string;
  port: number;
}): Promise<RunningServer> {
  const server = createServer((req, res) => void params.handler(req, res));
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
