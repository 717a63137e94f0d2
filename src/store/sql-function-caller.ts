import { toStoreError } from "./store-error.ts";

/** The one query method of `pg`'s Pool and Client. */
export interface SqlQueryable {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** Calls one store function by name with named arguments and returns its value. */
export type CallFunction = (name: string, args: Record<string, unknown>) => Promise<unknown>;

const NAME = /^tf_[a-z_]{1,60}$/;
const ARG = /^p_[a-z_]{1,60}$/;

/**
 * The `pg` way to call a store function: `select public.tf_x(p_a => $1, ...)` with the
 * values passed separately; objects and arrays travel as JSON text (every such argument is jsonb).
 */
export function sqlFunctionCaller(db: SqlQueryable): CallFunction {
  return async (name, args) => {
    if (!NAME.test(name)) throw new Error(`not a store function name: ${name}`);
    const keys = Object.keys(args).filter((k) => args[k] !== undefined);
    const values = keys.map((k) => {
      if (!ARG.test(k)) throw new Error(`not a store argument name: ${k}`);
      const v = args[k];
      if (v instanceof Date) return v.toISOString();
      return v !== null && typeof v === "object" ? JSON.stringify(v) : v;
    });
    const list = keys.map((k, i) => `${k} => $${i + 1}`).join(", ");
    try {
      const { rows } = await db.query<{ v: unknown }>(
        `select public.${name}(${list}) as v`,
        values,
      );
      return rows[0]?.v ?? null;
    } catch (error) {
      throw toStoreError(error, name);
    }
  };
}
