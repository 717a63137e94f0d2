import type { TokenStore } from "../auth.ts";
import type { Actor, SimRepo, SimState } from "../state.ts";
import { SimError } from "../state.ts";

export interface RestContext {
  state: SimState;
  tokens: TokenStore;
  /** Base URL the simulator answers on (for `url` fields). */
  base: string;
  actor: Actor | null;
  params: Record<string, string>;
  query: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: validated against GitHub's description before use
  body: any;
  /** The repository named by `owner`/`repo`, access already checked. */
  repo: SimRepo;
}

export interface RestResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RestHandler = (ctx: RestContext) => RestResult;

export const ok = (body: unknown, status = 200): RestResult => ({ status, body });

export function actorOf(ctx: RestContext): Actor {
  if (!ctx.actor) throw new SimError(401, "Requires authentication");
  return ctx.actor;
}

export function intParam(ctx: RestContext, name: string): number {
  return Number(ctx.params[name]);
}

/** `page`/`per_page` slicing like GitHub's list endpoints (with a `link` header when more remain). */
export function paginate<T>(ctx: RestContext, items: T[]): RestResult {
  const perPage = Math.min(Number(ctx.query.per_page ?? 30), 100);
  const page = Math.max(Number(ctx.query.page ?? 1), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {};
  if (page * perPage < items.length) {
    const url = new URL(`${ctx.base}/placeholder`);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(page + 1));
    headers.link = `<${url.href}>; rel="next"`;
  }
  return { status: 200, body: slice, headers };
}
