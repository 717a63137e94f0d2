import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ScanReport } from "./run-scan.ts";
import type { ScanLog } from "./scan-repository.ts";

export const SCAN_PATH = "/team-factory/scan";

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}

/** Constant-time comparison of the bearer token with the secret (hashes make the lengths equal). */
function tokenMatches(header: string | undefined, secret: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const given = createHash("sha256")
    .update(match?.[1] ?? "")
    .digest();
  const wanted = createHash("sha256").update(secret).digest();
  return timingSafeEqual(given, wanted) && match !== null;
}

/**
 * `POST /team-factory/scan` for external schedulers (Kubernetes CronJob, Actions schedule,
 * pg_cron): runs one scan and answers its report as JSON. Mount with Probot's `addHandler`;
 * it returns false for any other path so later handlers still run.
 */
export function createScanRoute(params: {
  secret: string | undefined;
  runScan: () => Promise<ScanReport>;
  log: ScanLog;
}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== SCAN_PATH) return false;
    // The body is not used; drain it so the connection can be reused.
    req.resume();
    if (req.method !== "POST") {
      send(res, 405, { message: `Use POST ${SCAN_PATH}.` }, { allow: "POST" });
      return true;
    }
    if (!params.secret) {
      send(res, 503, {
        message:
          "Scans over HTTP are off: set TEAM_FACTORY_SCAN_SECRET to a long random value and send it as `Authorization: Bearer <secret>`.",
      });
      return true;
    }
    if (!tokenMatches(req.headers.authorization, params.secret)) {
      send(
        res,
        401,
        {
          message:
            "Missing or wrong bearer token: send `Authorization: Bearer <TEAM_FACTORY_SCAN_SECRET>`.",
        },
        { "www-authenticate": "Bearer" },
      );
      return true;
    }
    try {
      send(res, 200, await params.runScan());
    } catch (error) {
      params.log.error({ err: error }, "scan: HTTP-triggered scan failed");
      send(res, 500, {
        message: `The scan failed: ${(error as Error).message}. See the app log for details.`,
      });
    }
    return true;
  };
}
