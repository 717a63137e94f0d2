import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpRoute } from "../server/http-route.ts";
import { type PageQuery, PageQueryError, parsePageQuery } from "./page-query.ts";

export const OPERATOR_PATH = "/team-factory/";
export const METRICS_PATH = "/metrics";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * The token a request carries: `Authorization: Bearer <token>` (scripts, Prometheus) or Basic
 * with the token as the password (a browser asks for it after the 401's `WWW-Authenticate`).
 */
function presentedToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? "";
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1] ?? null;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1] ?? "", "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : decoded.slice(colon + 1);
}

/** Constant time over equal-length digests; false without a token. */
export function tokenAccepted(req: IncomingMessage, token: string): boolean {
  const given = presentedToken(req);
  return timingSafeEqual(digest(given ?? ""), digest(token)) && given !== null;
}

function answer(res: ServerResponse, status: number, type: string, body: string, extra = {}) {
  res.writeHead(status, {
    "content-type": type,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...extra,
  });
  res.end(body);
}

/**
 * `GET /team-factory/` (the operator page) and `GET /metrics` (Prometheus), both behind
 * `TEAM_FACTORY_DASHBOARD_TOKEN`: 401 without it, 404 (off) when the token is not set. The page's
 * query (filters, pages) is checked once the token is: a bad value is a 400 naming the parameter.
 */
export function createOperatorRoutes(params: {
  token: string | undefined;
  page(query: PageQuery): Promise<string>;
  metrics(): Promise<{ contentType: string; body: string }>;
}): HttpRoute[] {
  const guarded =
    (path: RegExp, serve: (res: ServerResponse, url: URL) => Promise<void>): HttpRoute =>
    async (req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (!path.test(url.pathname)) return false;
      req.resume();
      if (req.method !== "GET" && req.method !== "HEAD") {
        answer(res, 405, "text/plain; charset=utf-8", "Use GET.\n", { allow: "GET" });
      } else if (!params.token) {
        answer(
          res,
          404,
          "text/plain; charset=utf-8",
          "The operator page and /metrics are off: set TEAM_FACTORY_DASHBOARD_TOKEN to turn them on.\n",
        );
      } else if (!tokenAccepted(req, params.token)) {
        answer(
          res,
          401,
          "text/plain; charset=utf-8",
          "Send the dashboard token: Authorization: Bearer <TEAM_FACTORY_DASHBOARD_TOKEN> (or as the Basic password).\n",
          {
            "www-authenticate": 'Basic realm="Team Factory", charset="UTF-8"',
          },
        );
      } else await serve(res, url);
      return true;
    };
  return [
    guarded(/^\/team-factory\/?$/, async (res, url) => {
      let query: PageQuery;
      try {
        query = parsePageQuery(url.searchParams);
      } catch (error) {
        if (!(error instanceof PageQueryError)) throw error;
        answer(
          res,
          400,
          "text/plain; charset=utf-8",
          `Bad filter: ${error.message} Fix the address, or open /team-factory/ without a query.\n`,
        );
        return;
      }
      answer(res, 200, "text/html; charset=utf-8", await params.page(query), {
        "content-security-policy":
          "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
        "referrer-policy": "no-referrer",
      });
    }),
    guarded(/^\/metrics$/, async (res) => {
      const { contentType, body } = await params.metrics();
      answer(res, 200, contentType, body);
    }),
  ];
}
