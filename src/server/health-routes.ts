import type { ServerResponse } from "node:http";
import type { HttpRoute } from "../app.ts";

export const HEALTH_PATH = "/healthz";
export const READY_PATH = "/readyz";

function json(res: ServerResponse, status: number, body: Record<string, unknown>) {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
  res.end(`${JSON.stringify(body)}\n`);
}

/**
 * `GET /healthz`: the process answers (liveness). `GET /readyz`: it can take work — the store
 * answers, its migrations are current and the process is not stopping (readiness; 503 with the
 * reason otherwise). The store check is cached for two seconds.
 */
export function createHealthRoutes(params: {
  version: string;
  ready: () => Promise<{ ok: true } | { ok: false; reason: string }>;
  draining: () => boolean;
}): HttpRoute[] {
  const started = Date.now();
  let cached: { at: number; result: Promise<{ ok: true } | { ok: false; reason: string }> } | null =
    null;
  const ready = () => {
    if (!cached || Date.now() - cached.at > 2000)
      cached = { at: Date.now(), result: params.ready() };
    return cached.result;
  };
  const path = (url: string | undefined) => new URL(url ?? "/", "http://localhost").pathname;
  return [
    (req, res) => {
      if (req.method !== "GET" || path(req.url) !== HEALTH_PATH) return false;
      json(res, 200, {
        status: "ok",
        version: params.version,
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
      });
      return true;
    },
    async (req, res) => {
      if (req.method !== "GET" || path(req.url) !== READY_PATH) return false;
      if (params.draining()) {
        json(res, 503, { status: "stopping", reason: "this replica is shutting down" });
        return true;
      }
      const result = await ready();
      if (result.ok) json(res, 200, { status: "ready", version: params.version });
      else json(res, 503, { status: "not ready", reason: result.reason });
      return true;
    },
  ];
}
