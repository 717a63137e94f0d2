import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "probot";
import {
  FAILURES_PER_MINUTE,
  MIN_SECRET_LENGTH,
  secretProblem,
  send,
  tokenMatches,
} from "../server/bearer-route.ts";
import { createFailureLimiter } from "../server/failure-limiter.ts";
import { readBody } from "../server/read-body.ts";
import { refuseUnread, WEBHOOK_TIMEOUT_MS } from "../server/webhook-route.ts";
import type { GapSignal } from "./gap-signal.ts";
import { MAX_SIGNALS_PER_BATCH, parseSignalBatch } from "./parse-signal-batch.ts";

export const SIGNALS_PATH = "/team-factory/signals";
export const SIGNALS_SECRET_VARIABLE = "TEAM_FACTORY_SIGNALS_SECRET";
/** A batch's body at most (500 signals with short details fit many times over). */
export const MAX_SIGNAL_BATCH_BYTES = 1024 * 1024;
/** Batches one client (IP address) may send a minute, accepted or not, once its token is right. */
export const BATCHES_PER_MINUTE = 60;

export function signalsSecretProblem(secret: string | undefined): string | null {
  return secretProblem(SIGNALS_SECRET_VARIABLE, secret);
}

const tooMany = (res: ServerResponse, wait: number, what: string) =>
  send(res, 429, { message: `${what}; try again in ${wait} s.` }, { "retry-after": String(wait) });

/**
 * `POST /team-factory/signals`: other systems report failures and unhandled requests, a JSON
 * batch of records (see `parseSignalBatch`). In order, before anything is stored: the bearer
 * secret (`TEAM_FACTORY_SIGNALS_SECRET`, ≥ 32 characters, else the route answers 503; 10 wrong
 * tokens a minute from one address → 429), at most `BATCHES_PER_MINUTE` batches a minute per
 * address (429), a JSON body that states its length and is at most 1 MiB (411, 413, 415, all
 * unread), then every record checked (400 naming the record's index and the field). A batch is
 * recorded whole or not at all; a record whose id its repository already has counts once.
 */
export function createSignalsRoute(params: {
  secret: string | undefined;
  record: (signals: GapSignal[]) => Promise<{ recorded: number; duplicates: number }>;
  log: Pick<Logger, "info" | "warn" | "error">;
  now?: () => Date;
  /** The limiters' clock (ms). */
  clock?: () => number;
  maxBytes?: number;
  batchesPerMinute?: number;
}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const problem = signalsSecretProblem(params.secret);
  const maxBytes = params.maxBytes ?? MAX_SIGNAL_BATCH_BYTES;
  const perMinute = params.batchesPerMinute ?? BATCHES_PER_MINUTE;
  const now = params.now ?? (() => new Date());
  const wrongTokens = createFailureLimiter({
    limit: FAILURES_PER_MINUTE,
    windowMs: 60_000,
    now: params.clock,
  });
  // The same sliding window, counting every authenticated batch.
  const batches = createFailureLimiter({ limit: perMinute, windowMs: 60_000, now: params.clock });
  return async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== SIGNALS_PATH) return false;
    if (req.method !== "POST") {
      refuseUnread(req, res, 405, `Use POST ${SIGNALS_PATH}.`);
      return true;
    }
    if (problem || !params.secret) {
      refuseUnread(
        req,
        res,
        503,
        `Signals over HTTP are off: ${problem}. Set ${SIGNALS_SECRET_VARIABLE} to a random value of at least ${MIN_SECRET_LENGTH} characters and send it as \`Authorization: Bearer <secret>\`.`,
      );
      return true;
    }
    const client = req.socket.remoteAddress ?? "unknown";
    const lockedOut = wrongTokens.retryAfter(client);
    if (lockedOut > 0) {
      req.resume();
      tooMany(res, lockedOut, "Too many wrong tokens from this address");
      return true;
    }
    if (!tokenMatches(req.headers.authorization, params.secret)) {
      wrongTokens.fail(client);
      params.log.warn({ client }, "signals: batch refused, missing or wrong bearer token");
      refuseUnread(
        req,
        res,
        401,
        `Missing or wrong bearer token: send \`Authorization: Bearer <${SIGNALS_SECRET_VARIABLE}>\`. Nothing was recorded.`,
      );
      return true;
    }
    const wait = batches.retryAfter(client);
    if (wait > 0) {
      req.resume();
      tooMany(res, wait, `At most ${perMinute} batches a minute from one address`);
      return true;
    }
    batches.fail(client);
    const type = String(req.headers["content-type"] ?? "application/json");
    if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
      refuseUnread(req, res, 415, "Send the batch as JSON (Content-Type: application/json).");
      return true;
    }
    const length = Number(req.headers["content-length"]);
    if (!req.headers["content-length"] || !Number.isInteger(length) || length < 0) {
      refuseUnread(req, res, 411, "A batch must state its Content-Length.");
      return true;
    }
    if (length > maxBytes) {
      params.log.warn({ client, bytes: length }, "signals: batch refused, too large");
      refuseUnread(
        req,
        res,
        413,
        `A batch is at most ${maxBytes} bytes (this one is ${length}); send several batches of at most ${MAX_SIGNALS_PER_BATCH} signals. Nothing was recorded.`,
      );
      return true;
    }
    const read = await readBody(req, length, WEBHOOK_TIMEOUT_MS);
    if ("refused" in read) {
      const message =
        read.refused === "timeout"
          ? `The batch did not arrive within ${WEBHOOK_TIMEOUT_MS / 1000} s. Nothing was recorded.`
          : "The body does not match its Content-Length. Nothing was recorded.";
      send(res, read.refused === "timeout" ? 408 : 400, { message }, { connection: "close" });
      return true;
    }
    const body = Buffer.concat(read.chunks);
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch (error) {
      send(res, 400, {
        message: `Nothing was recorded: the body is not JSON (${(error as Error).message.slice(0, 200)}).`,
      });
      return true;
    }
    const parsed = parseSignalBatch(json, now());
    if (!parsed.ok) {
      send(res, 400, { message: parsed.message, problems: parsed.problems });
      return true;
    }
    try {
      const { recorded, duplicates } = await params.record(parsed.signals);
      params.log.info(
        { client, received: parsed.signals.length, recorded, duplicates },
        "signals: batch recorded",
      );
      send(res, 200, { received: parsed.signals.length, recorded, duplicates });
    } catch (error) {
      const unreachable = (error as { unreachable?: boolean }).unreachable === true;
      params.log.error({ err: error, client }, "signals: batch not recorded");
      send(res, unreachable ? 503 : 500, {
        message: unreachable
          ? "The store could not be reached; nothing was recorded. Send the batch again later (ids make a resend count once)."
          : "The batch could not be recorded; nothing was. See the app log for details.",
      });
    }
    return true;
  };
}
