import { createHash, timingSafeEqual } from "node:crypto";
import type { ServerResponse } from "node:http";

// What the routes other systems call with a bearer secret share (the scan, the signals).

/** A shorter bearer secret could be guessed; the route stays off with one. */
export const MIN_SECRET_LENGTH = 32;
/** Wrong or missing tokens one client may send a minute before it gets 429. */
export const FAILURES_PER_MINUTE = 10;

/** Why the bearer secret in `variable` cannot turn its route on, or null when it can. */
export function secretProblem(variable: string, secret: string | undefined): string | null {
  if (!secret) return `${variable} is not set`;
  if (secret.length < MIN_SECRET_LENGTH)
    return `${variable} has ${secret.length} characters; it needs at least ${MIN_SECRET_LENGTH} (for example \`openssl rand -hex 32\`)`;
  return null;
}

/** A JSON answer (every answer of these routes is one). */
export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}

/** Constant-time comparison of the bearer token with the secret (hashes make the lengths equal). */
export function tokenMatches(header: string | undefined, secret: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const given = createHash("sha256")
    .update(match?.[1] ?? "")
    .digest();
  const wanted = createHash("sha256").update(secret).digest();
  return timingSafeEqual(given, wanted) && match !== null;
}
