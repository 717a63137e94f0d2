import type { IncomingMessage, ServerResponse } from "node:http";
import {
  FAILURES_PER_MINUTE,
  MIN_SECRET_LENGTH,
  secretProblem,
  send,
  tokenMatches,
} from "../server/bearer-route.ts";
import { createFailureLimiter } from "../server/failure-limiter.ts";
import type { ScanReport } from "./run-scan.ts";
import type { ScanLog } from "./scan-repository.ts";

export const SCAN_PATH = "/team-factory/scan";

/** Why the configured secret cannot turn the route on, or null when it can. */
export function scanSecretProblem(secret: string | undefined): string | null {
  return secretProblem("TEAM_FACTORY_SCAN_SECRET", secret);
}

/**
 * `POST /team-factory/scan` for external schedulers (Kubernetes CronJob, Actions schedule,
 * pg_cron): runs one scan and answers its report as JSON. Mount with Probot's `addHandler`;
 * it returns false for any other path so later handlers still run. Off (503, saying only that the
 * secret is not set or not valid) without a secret of at least 32 characters; a client (IP
 * address) that sent 10 wrong tokens within a minute gets 429 until the minute has passed.
 */
export function createScanRoute(params: {
  secret: string | undefined;
  runScan: () => Promise<ScanReport>;
  log: ScanLog;
  now?: () => number;
}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const problem = scanSecretProblem(params.secret);
  const limiter = createFailureLimiter({
    limit: FAILURES_PER_MINUTE,
    windowMs: 60_000,
    now: params.now,
  });
  return async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== SCAN_PATH) return false;
    // The body is not used; drain it so the connection can be reused.
    req.resume();
    if (req.method !== "POST") {
      send(res, 405, { message: `Use POST ${SCAN_PATH}.` }, { allow: "POST" });
      return true;
    }
    if (problem || !params.secret) {
      send(res, 503, {
        // What is wrong with the secret (its length, say) is for the start log only.
        message: `Scans over HTTP are off: TEAM_FACTORY_SCAN_SECRET is not set or not valid (the app's start log says which). Set it to a random value of at least ${MIN_SECRET_LENGTH} characters and send it as \`Authorization: Bearer <secret>\`.`,
      });
      return true;
    }
    const client = req.socket.remoteAddress ?? "unknown";
    const wait = limiter.retryAfter(client);
    if (wait > 0) {
      send(
        res,
        429,
        { message: `Too many wrong tokens from this address; try again in ${wait} s.` },
        { "retry-after": String(wait) },
      );
      return true;
    }
    if (!tokenMatches(req.headers.authorization, params.secret)) {
      limiter.fail(client);
      if (limiter.retryAfter(client) > 0)
        params.log.warn(
          { client },
          "scan: too many wrong tokens; this address is refused for a minute",
        );
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
