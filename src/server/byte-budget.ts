/** Bytes that webhook bodies may hold in memory at once, across every connection. */
export interface ByteBudget {
  readonly max: number;
  /** Reserves `bytes` when they fit under `max`; false (nothing reserved) when they do not. */
  take(bytes: number): boolean;
  release(bytes: number): void;
  inFlight(): number;
  /** The most ever reserved at once. */
  peak(): number;
}

export function createByteBudget(max: number): ByteBudget {
  let inFlight = 0;
  let peak = 0;
  return {
    max,
    take(bytes) {
      if (inFlight + bytes > max) return false;
      inFlight += bytes;
      peak = Math.max(peak, inFlight);
      return true;
    },
    release(bytes) {
      inFlight -= bytes;
    },
    inFlight: () => inFlight,
    peak: () => peak,
  };
}
