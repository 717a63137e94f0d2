/**
 * Failed attempts per client (an IP address) in a sliding window: after `limit` failures the
 * client is refused until the oldest of them leaves the window, right token or not, so guessing
 * the secret costs `limit` tries a window. Kept in memory, per process.
 */
export function createFailureLimiter(params: {
  limit: number;
  windowMs: number;
  now?: () => number;
  /** Clients remembered at most (the oldest are forgotten first). */
  maxClients?: number;
}) {
  const now = params.now ?? Date.now;
  const maxClients = params.maxClients ?? 10_000;
  const failures = new Map<string, number[]>();
  const recent = (client: string) => {
    const since = now() - params.windowMs;
    const kept = (failures.get(client) ?? []).filter((t) => t > since);
    if (kept.length) failures.set(client, kept);
    else failures.delete(client);
    return kept;
  };
  return {
    /** Seconds until the client may try again, or 0 when it may now. */
    retryAfter(client: string): number {
      const kept = recent(client);
      if (kept.length < params.limit) return 0;
      const oldest = kept[kept.length - params.limit] ?? now();
      return Math.max(1, Math.ceil((oldest + params.windowMs - now()) / 1000));
    },
    fail(client: string): void {
      const kept = recent(client);
      failures.delete(client);
      failures.set(client, [...kept, now()].slice(-params.limit));
      if (failures.size > maxClients) {
        const first = failures.keys().next().value;
        if (first !== undefined) failures.delete(first);
      }
    },
  };
}
