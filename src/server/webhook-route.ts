import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_WEBHOOK_TIMEOUT_MS } from "../env/env-schema.ts";
import { type ByteBudget, createByteBudget } from "./byte-budget.ts";
import { readBody } from "./read-body.ts";

/** GitHub never sends a larger payload (it drops them); anything bigger is refused unread. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
/** Body bytes all connections may hold at once: one of GitHub's largest payloads and change. */
export const MAX_IN_FLIGHT_BYTES = 32 * 1024 * 1024;
/** GitHub gives up on an answer after 10 s: a body still arriving then is of no use. */
export const WEBHOOK_TIMEOUT_MS = DEFAULT_WEBHOOK_TIMEOUT_MS;

export interface WebhookLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A verified delivery, handed to the app's handlers (Probot's `receive`). */
export type ReceiveWebhook = (event: {
  id: string;
  name: string;
  payload: unknown;
}) => Promise<void>;

function answer(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(`${JSON.stringify({ message })}\n`);
}

/** Answers a body that was read in part (all the sender sent so far), then closes the connection. */
function answerAndClose(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
) {
  if (req.socket.destroyed) return;
  res.setHeader("connection", "close");
  res.once("finish", () => req.socket.destroy());
  answer(res, status, message);
}

/**
 * Answers without reading the body, then lets the sender see the answer: what it keeps sending
 * is discarded (never kept) up to 64 KB, then no longer read (TCP holds the sender back), and the
 * connection is closed after a grace period. Closing at once, while data still arrives, would
 * reset it, and a reset loses the answer the sender has not read. (Discarding more costs memory
 * too: each chunk read is garbage until the next collection.)
 */
export function refuseUnread(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
) {
  const timer = setTimeout(() => req.socket.destroy(), 2000);
  req.socket.once("close", () => clearTimeout(timer));
  let discarded = 0;
  const discard = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded <= 64 * 1024) return;
    req.off("data", discard);
    req.pause();
  };
  req.on("data", discard);
  answer(res, status, message);
}

function signatureMatches(secret: string, chunks: Buffer[], header: string): boolean {
  const hmac = createHmac("sha256", secret);
  for (const chunk of chunks) hmac.update(chunk);
  const expected = Buffer.from(`sha256=${hmac.digest("hex")}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `sha256=` and 64 hex digits: anything else cannot be a signature and is refused unread. */
const SIGNATURE_FORM = /^sha256=[0-9a-f]{64}$/i;

type Refusal = { status: number; message: string; why: string };

/** What the headers alone refuse, before a byte of the body is read. */
function refusalFromHeaders(
  req: IncomingMessage,
  d: { id: string; name: string; length: number; max: number },
): Refusal | null {
  if (!d.id || !d.name)
    return {
      status: 400,
      message: "A webhook states its X-GitHub-Event and X-GitHub-Delivery.",
      why: "missing headers",
    };
  if (!req.headers["content-length"] || !Number.isInteger(d.length) || d.length < 0)
    return {
      status: 411,
      message: "A webhook must state its Content-Length.",
      why: "no Content-Length",
    };
  if (d.length > d.max)
    return { status: 413, message: `A webhook is at most ${d.max} bytes.`, why: "too large" };
  if (!SIGNATURE_FORM.test(String(req.headers["x-hub-signature-256"] ?? "")))
    return {
      status: 401,
      message: "A webhook is signed (X-Hub-Signature-256: sha256=<HMAC of the body>).",
      why: "bad signature",
    };
  return null;
}

/**
 * `POST <path>`: GitHub's webhooks. What the headers alone can refuse is refused before the body
 * is read (no event or delivery id, no well-formed signature, no Content-Length, more than 25 MB);
 * then the body must fit in what all connections may hold at once (`budget`, 503 otherwise) and
 * arrive within `bodyTimeoutMs` (408), and its signature is checked in constant time before
 * anything parses it. Refusals are logged by size and delivery id, never by content. An event the
 * app could not take (its store failing, say) is answered 500 so it can be redelivered.
 */
export function createWebhookRoute(params: {
  path: string;
  secret: string;
  receive: ReceiveWebhook;
  log: WebhookLog;
  maxBytes?: number;
  /** Body bytes all connections may hold at once (32 MB by default). */
  budget?: ByteBudget;
  /** How long a body may take to arrive once its headers have (10 s by default). */
  bodyTimeoutMs?: number;
  /** False while the process stops: 503, so that GitHub or the balancer delivers elsewhere. */
  accepting?: () => boolean;
}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const budget = params.budget ?? createByteBudget(MAX_IN_FLIGHT_BYTES);
  const max = Math.min(params.maxBytes ?? MAX_WEBHOOK_BYTES, budget.max);
  const timeoutMs = params.bodyTimeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return async (req, res) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== params.path) return false;
    const id = String(req.headers["x-github-delivery"] ?? "").slice(0, 100);
    const name = String(req.headers["x-github-event"] ?? "").slice(0, 100);
    const length = Number(req.headers["content-length"]);
    const refuse = (refusal: Refusal, refuseWith = refuseUnread) => {
      params.log.warn(
        { deliveryId: id, event: name, ...(length >= 0 ? { bytes: length } : {}) },
        `webhook refused: ${refusal.why}`,
      );
      refuseWith(req, res, refusal.status, refusal.message);
      return true;
    };
    if (req.method !== "POST") {
      answer(res, 405, "Webhooks are POSTed.");
      return true;
    }
    if (params.accepting && !params.accepting())
      return refuse({
        status: 503,
        message: "This replica is stopping; redeliver the webhook.",
        why: "this replica is stopping",
      });
    const early = refusalFromHeaders(req, { id, name, length, max });
    if (early) return refuse(early);
    if (!budget.take(length))
      return refuse({
        status: 503,
        message: "Too many webhook bodies are arriving at once; redeliver this one later.",
        why: `too many bodies in flight (${budget.inFlight()} of ${budget.max} bytes held)`,
      });
    try {
      const read = await readBody(req, length, timeoutMs);
      if (!("refused" in read)) return await deliver(req, res, read.chunks, { id, name, length });
      return refuse(
        read.refused === "timeout"
          ? {
              status: 408,
              message: `The body did not arrive within ${timeoutMs} ms.`,
              why: `its body did not arrive within ${timeoutMs} ms`,
            }
          : {
              status: 400,
              message: "The body does not match its Content-Length.",
              why: "body does not match its length",
            },
        answerAndClose,
      );
    } finally {
      budget.release(length);
    }
  };

  /** A body read in full: its signature, then JSON, then the app's handlers. */
  async function deliver(
    req: IncomingMessage,
    res: ServerResponse,
    chunks: Buffer[],
    { id, name, length }: { id: string; name: string; length: number },
  ): Promise<true> {
    const logged = { deliveryId: id, event: name, bytes: length };
    if (!signatureMatches(params.secret, chunks, String(req.headers["x-hub-signature-256"]))) {
      params.log.warn(logged, "webhook refused: bad signature");
      answer(
        res,
        401,
        "The signature (X-Hub-Signature-256) does not match the body and the app's webhook secret.",
      );
      return true;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.concat(chunks, length).toString("utf8"));
    } catch {
      params.log.warn(logged, "webhook refused: not JSON");
      answer(res, 400, "The body is not JSON.");
      return true;
    }
    try {
      await params.receive({ id, name, payload });
      answer(res, 200, "ok");
    } catch (error) {
      // Nothing of the payload in the log: only which delivery, and why it could not be taken.
      const reasons = (error as { errors?: unknown[] }).errors ?? [error];
      params.log.error(
        { ...logged, errors: reasons.map((e) => String((e as Error)?.message ?? e).slice(0, 300)) },
        "webhook not taken: answered 500 so that GitHub (or an operator) can redeliver it",
      );
      answer(res, 500, "The app could not take this delivery; redeliver it later.");
    }
    return true;
  }
}
