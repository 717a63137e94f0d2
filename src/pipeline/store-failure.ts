import { StoreError } from "../store/store-error.ts";

/**
 * Fail closed: any store error stops the run before anything is published; this is the comment
 * that says why. Refusals by a store function carry their own message and hint.
 */
export function storeFailureComment(error: unknown): string {
  if (error instanceof StoreError && !error.unreachable) {
    return `Team Factory stopped: its database refused a step (${error.message}${error.hint ? ` — ${error.hint}` : ""}). Nothing was created.`;
  }
  return "Team Factory could not reach its database, so nothing was created: every limit, approval and audit record lives there, and it will not publish without them. Re-add the label or comment `/create-team` once the store is back; an operator can check the app's logs and `DATABASE_URL` / `SUPABASE_URL`.";
}
