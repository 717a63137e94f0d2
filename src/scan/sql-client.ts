/**
 * The one method the scan needs from a database: `pg` (Pool, Client) and PGlite both have it.
 * Parameters are always passed separately from the text.
 */
export interface SqlClient {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}
