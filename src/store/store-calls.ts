import type { CallFunction } from "./sql-function-caller.ts";
import { asObject } from "./store-error.ts";

/** How the store's methods call their `tf_*` SQL functions. */
export interface StoreCalls {
  call: CallFunction;
  /** `{ p_now }` when a clock is given (tests); else nothing, and the database clock decides. */
  at(): { p_now?: string };
  /** Calls `fn` with `at()` added and requires an object back. */
  object(fn: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export function storeCalls(call: CallFunction, now?: () => Date): StoreCalls {
  const at = () => (now ? { p_now: now().toISOString() } : {});
  return {
    call,
    at,
    object: async (fn, args) => asObject(await call(fn, { ...args, ...at() }), fn),
  };
}
