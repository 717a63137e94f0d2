import { createClient } from "@supabase/supabase-js";
import { createStore } from "./create-store.ts";
import type { CallFunction } from "./sql-function-caller.ts";
import type { Store } from "./store.ts";
import { toStoreError } from "./store-error.ts";

/**
 * Supabase through `@supabase/supabase-js`: each store function is a PostgREST RPC call
 * (`POST /rest/v1/rpc/tf_*`) with the service role key. The migrations are applied by the
 * operator (`supabase db push`); `checkSchema()` says what is missing.
 */
export function openSupabaseStore(params: {
  url: string;
  serviceRoleKey: string;
  fetch?: typeof fetch;
  now?: () => Date;
}): Store {
  const client = createClient(params.url, params.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: params.fetch ? { fetch: params.fetch } : {},
  });
  const call: CallFunction = async (name, args) => {
    let result: { data: unknown; error: unknown };
    try {
      result = await client.rpc(name, args);
    } catch (error) {
      throw toStoreError(error, name);
    }
    if (result.error) throw toStoreError(result.error, name);
    return result.data ?? null;
  };
  return createStore({ backend: "supabase", call, now: params.now });
}
