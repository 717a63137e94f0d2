import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import pg from "pg";

/**
 * A STAND-IN for PostgREST, for tests only: it serves just the RPC convention that supabase-js
 * uses, `POST /rest/v1/rpc/<fn>` with named JSON arguments → `public.<fn>(name => value, ...)` on
 * a real Postgres, and answers errors in PostgREST's shape `{ code, message, details, hint }`.
 * It is not PostgREST: no tables, filters, roles or JWT validation beyond comparing the key.
 */
export interface PostgrestStandIn {
  /** Base URL to give supabase-js (`createClient(url, key)`). */
  url: string;
  stop(): Promise<void>;
}

interface FunctionInfo {
  names: string[];
  types: string[];
  returnsSet: boolean;
}

// The HTTP status PostgREST gives a SQLSTATE (its documented table, reduced to what we meet).
function statusFor(code: string): number {
  if (code === "42501") return 403;
  if (code === "23503" || code === "23505") return 409;
  if (code === "42883" || code === "42P01" || code === "PGRST202") return 404;
  if (code.startsWith("08")) return 503;
  if (code.startsWith("53") || code.startsWith("57") || code.startsWith("XX")) return 500;
  return 400;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startPostgrestStandIn(params: {
  databaseUrl: string;
  /** When set, requests must carry it as `apikey` (like Supabase's gateway). */
  serviceRoleKey?: string;
}): Promise<PostgrestStandIn> {
  const pool = new pg.Pool({ connectionString: params.databaseUrl, max: 10 });
  pool.on("error", () => {});
  const lookup = async (name: string): Promise<FunctionInfo[]> => {
    const { rows } = await pool.query<{
      names: string[] | null;
      types: string[];
      returns_set: boolean;
    }>(
      `select p.proargnames as names, p.proargtypes::regtype[]::text[] as types, p.proretset as returns_set
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.proname = $1`,
      [name],
    );
    return rows.map((r) => ({
      names: (r.names ?? []).slice(0, r.types.length),
      types: r.types,
      returnsSet: r.returns_set,
    }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/rest\/v1\/rpc\/([a-z_][a-z0-9_]{0,62})$/.exec(
      new URL(req.url ?? "/", "http://x").pathname,
    );
    if (req.method !== "POST" || !match) {
      return send(res, 404, {
        code: "PGRST125",
        message: "Invalid path specified in request URL",
        details: null,
        hint: null,
      });
    }
    if (params.serviceRoleKey && req.headers.apikey !== params.serviceRoleKey) {
      return send(res, 401, {
        code: "PGRST301",
        message: "Invalid API key",
        details: null,
        hint: null,
      });
    }
    let args: Record<string, unknown>;
    try {
      const text = await readBody(req);
      args = text ? JSON.parse(text) : {};
      if (typeof args !== "object" || args === null || Array.isArray(args))
        throw new Error("not an object");
    } catch {
      return send(res, 400, {
        code: "PGRST102",
        message: "Invalid body, expected a JSON object",
        details: null,
        hint: null,
      });
    }
    const name = match[1];
    const keys = Object.keys(args);
    const fn = (await lookup(name)).find((f) => keys.every((k) => f.names.includes(k)));
    if (!fn) {
      return send(res, 404, {
        code: "PGRST202",
        message: `Could not find the function public.${name}(${keys.sort().join(", ")}) in the schema cache`,
        details:
          "Searched for the function with the given argument names, but no matches were found.",
        hint: null,
      });
    }
    const values = keys.map((k) => {
      const type = fn.types[fn.names.indexOf(k)];
      const v = args[k];
      return v !== null && (type === "jsonb" || type === "json") ? JSON.stringify(v) : v;
    });
    const list = keys
      .map((k, i) => `"${k}" => $${i + 1}::${fn.types[fn.names.indexOf(k)]}`)
      .join(", ");
    const sql = fn.returnsSet
      ? `select * from public."${name}"(${list})`
      : `select public."${name}"(${list}) as v`;
    try {
      const { rows } = await pool.query(sql, values);
      send(res, 200, fn.returnsSet ? rows : (rows[0]?.v ?? null));
    } catch (error) {
      const e = error as { code?: string; message?: string; detail?: string; hint?: string };
      const code = e.code ?? "XX000";
      send(res, statusFor(code), {
        code,
        message: e.message ?? String(error),
        details: e.detail ?? null,
        hint: e.hint ?? null,
      });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) =>
      send(res, 500, { code: "XX000", message: String(error), details: null, hint: null }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
