import type { ServerResponse } from "node:http";
import type { HttpRoute } from "./http-route.ts";

export const HEALTH_PATH = "/healthz";
export const READY_PATH = "/readyz";

function json(res: ServerResponse, status: number, body: Record<string, unknown>) {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
  res.end(`${JSON.stringify(body)}\n`);
}

type Readiness = { ok: true } | { ok: false; reason: string };

/** What anyone on the public port is told when the store check fails: never its address or error. */
const NOT_READY = "the store is not available; the app's log says why";

/**
 * `GET /healthz`: the process answers (liveness). `GET /readyz`: it can take work — the store
 * answers, its migrations are current and the process is not stopping (readiness; 503 otherwise,
 * with a generic reason: the store's own reason goes to the log, once per check). The store check
 * is cached for two seconds.
 */
export function createHealthRoutes(params: {
  version: string;
  ready: () => Promise<Readiness>;
  draining: () => boolean;
  log: { warn(obj: object, msg?: string): void };
}): HttpRoute[] {
  const started = Date.now();
  let cached: { at: number; result: Promise<Readiness> } | null = null;
  const ready = () => {
    if (!cached || Date.now() - cached.at > 2000) {
      const result = params.ready();
      void result.then((r) => {
        if (!r.ok) params.log.warn({ reason: r.reason }, "readiness: not ready");
      });
      cached = { at: Date.now(), result };
    }
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
      else json(res, 503, { status: "not ready", reason: NOT_READY });
      return true;
    },
  ];
}
