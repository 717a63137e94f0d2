/**
 * An error from the store. `unreachable` means the database could not be reached at all (the
 * pipeline fails closed: no PR, a comment saying why); otherwise a function refused the call
 * and `message`/`hint` say why in words a person can act on.
 */
export class StoreError extends Error {
  readonly code: string;
  readonly hint: string | null;
  readonly unreachable: boolean;

  constructor(params: {
    message: string;
    code?: string;
    hint?: string | null;
    unreachable?: boolean;
  }) {
    super(params.message);
    this.name = "StoreError";
    this.code = params.code ?? "";
    this.hint = params.hint ?? null;
    this.unreachable = params.unreachable ?? false;
  }
}

// Connection failures from node (pg) and fetch (supabase-js): refused, reset, DNS, TLS, timeouts, a
// Unix socket that is gone (ENOENT) and a server shutting down.
const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|EPIPE|ENOENT|fetch failed|Connection terminated|terminating connection|the database system is (shutting down|starting up)|timeout/i;

/** Wraps anything a backend threw into a StoreError, keeping Postgres' code and hint. */
export function toStoreError(error: unknown, context: string): StoreError {
  if (error instanceof StoreError) return error;
  const e = (error ?? {}) as { message?: unknown; code?: unknown; hint?: unknown; cause?: unknown };
  const message = typeof e.message === "string" ? e.message : String(error);
  const code = typeof e.code === "string" ? e.code : "";
  const causeText =
    e.cause instanceof Error
      ? `${e.cause.message} ${String((e.cause as { code?: unknown }).code ?? "")}`
      : "";
  const sqlState = /^[0-9A-Z]{5}$/.test(code) && !code.startsWith("08") && !code.startsWith("57P");
  const unreachable = !sqlState && UNREACHABLE.test(`${message} ${code} ${causeText}`);
  return new StoreError({
    message: unreachable ? `${context}: the store could not be reached (${message})` : message,
    code,
    hint: typeof e.hint === "string" ? e.hint : null,
    unreachable,
  });
}

/** A plain object (jsonb result), or a StoreError naming the function. */
export function asObject(value: unknown, fn: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new StoreError({
      message: `${fn} returned ${JSON.stringify(value)}, expected an object`,
      code: "TF001",
    });
  }
  return value as Record<string, unknown>;
}
