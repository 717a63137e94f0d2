import { asGraphqlFailure } from "./graphql-client.ts";

/** A PR GitHub has just created can briefly be unresolvable ("Could not resolve to a node"). */
export function isUnresolvableNode(error: unknown): boolean {
  const failure = asGraphqlFailure(error);
  const messages = failure ? failure.errors.map((e) => e.message) : [String(error)];
  return messages.some((m) => /could not resolve to a node/i.test(m));
}

/** Transient: a 5xx, a timeout or a network error (rate limits are retried by Octokit itself). */
export function isTransient(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  if (typeof status === "number") return status >= 500;
  return asGraphqlFailure(error) === null;
}

/** Runs `run` up to `attempts` times while `retryIf` (default: transient) holds, backing off. */
export async function withRetries<T>(
  options: {
    sleep: (ms: number) => Promise<void>;
    attempts: number;
    retryIf?: (error: unknown) => boolean;
  },
  run: () => Promise<T>,
): Promise<T> {
  const retryIf = options.retryIf ?? isTransient;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= options.attempts || !retryIf(error)) throw error;
      await options.sleep(250 * 2 ** (attempt - 1));
    }
  }
}
