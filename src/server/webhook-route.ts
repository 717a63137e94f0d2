import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** GitHub never sends a larger payload (it drops them); anything bigger is refused unread. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

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

function answer(res: ServerResponse, status: number, message: string, close = false) {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    ...(close ? { connection: "close" } : {}),
  });
  res.end(`${JSON.stringify({ message })}\n`);
}

/**
 * Answers without reading the body, then lets the sender see the answer: what it keeps sending
 * is discarded (never kept) up to 4 MB, then no longer read (TCP holds the sender back), and the
 * connection is closed after a grace period. Closing at once, while data still arrives, would
 * reset it, and a reset loses the answer the sender has not read.
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
    if (discarded <= 4 * 1024 * 1024) return;
    req.off("data", discard);
    req.pause();
  };
  req.on("data", discard);
  answer(res, status, message);
}

function signatureMatches(secret: string, body: Buffer, header: string | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The body, up to `limit` bytes; null when the sender sends more than it announced. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * `POST <path>`: GitHub's webhooks. A body is read only when it announces its length and that is
 * at most 25 MB (411 or 413 otherwise, unread), then its signature is checked in constant time
 * before anything parses it. Refusals are logged by size and delivery id, never by content. An
 * event the app could not take (its store failing, say) is answered 500 so it can be redelivered.
 */
export function createWebhookRoute(params: {
  path: string;
  secret: string;
  receive: ReceiveWebhook;
  log: WebhookLog;
  maxBytes?: number;
  /** False while the process stops: 503, so that GitHub or the balancer delivers elsewhere. */
  accepting?: () => boolean;
}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const max = params.maxBytes ?? MAX_WEBHOOK_BYTES;
  return async (req, res) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== params.path) return false;
    const id = String(req.headers["x-github-delivery"] ?? "").slice(0, 100);
    const name = String(req.headers["x-github-event"] ?? "").slice(0, 100);
    if (req.method !== "POST") {
      answer(res, 405, "Webhooks are POSTed.");
      return true;
    }
    if (params.accepting && !params.accepting()) {
      params.log.warn({ deliveryId: id, event: name }, "webhook refused: this replica is stopping");
      refuseUnread(req, res, 503, "This replica is stopping; redeliver the webhook.");
      return true;
    }
    const length = Number(req.headers["content-length"]);
    if (!req.headers["content-length"] || !Number.isInteger(length) || length < 0) {
      params.log.warn({ deliveryId: id, event: name }, "webhook refused: no Content-Length");
      refuseUnread(req, res, 411, "A webhook must state its Content-Length.");
      return true;
    }
    if (length > max) {
      params.log.warn({ deliveryId: id, event: name, bytes: length }, "webhook refused: too large");
      refuseUnread(req, res, 413, `A webhook is at most ${max} bytes.`);
      return true;
    }
    const body = await readBody(req, Math.min(length, max));
    if (body === null || body.length !== length) {
      params.log.warn(
        { deliveryId: id, event: name, bytes: length },
        "webhook refused: body does not match its length",
      );
      answer(res, 400, "The body does not match its Content-Length.", true);
      return true;
    }
    if (
      !id ||
      !name ||
      !signatureMatches(
        params.secret,
        body,
        req.headers["x-hub-signature-256"] as string | undefined,
      )
    ) {
      params.log.warn(
        { deliveryId: id, event: name, bytes: length },
        "webhook refused: missing headers or bad signature",
      );
      answer(
        res,
        401,
        "The signature (X-Hub-Signature-256) does not match the body and the app's webhook secret.",
      );
      return true;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString("utf8"));
    } catch {
      params.log.warn({ deliveryId: id, event: name, bytes: length }, "webhook refused: not JSON");
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
        {
          deliveryId: id,
          event: name,
          errors: reasons.map((e) => String((e as Error)?.message ?? e).slice(0, 300)),
        },
        "webhook not taken: answered 500 so that GitHub (or an operator) can redeliver it",
      );
      answer(res, 500, "The app could not take this delivery; redeliver it later.");
    }
    return true;
  };
}
