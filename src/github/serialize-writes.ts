import type { KeyedQueue } from "../jobs/keyed-queue.ts";

type Wrapper = (
  request: (options: RequestOptions) => Promise<unknown>,
  options: RequestOptions,
) => Promise<unknown>;
// biome-ignore lint/suspicious/noExplicitAny: Octokit's hook types are generic over every endpoint
type HookableOctokit = { hook: { wrap(name: "request", wrapper: any): void } };
interface RequestOptions {
  method?: string;
  url?: string;
  query?: string;
  [key: string]: unknown;
}

/**
 * Content-creating requests: REST writes to a repository and GraphQL mutations (GitHub's
 * secondary-limit guidance). Auth requests (`/app/...`) are not: they run inside other requests.
 */
export function isContentWrite(options: RequestOptions): boolean {
  const method = (options.method ?? "GET").toUpperCase();
  if (options.url === "/graphql") {
    return typeof options.query === "string" && /^\s*mutation\b/.test(options.query);
  }
  return method !== "GET" && method !== "HEAD" && (options.url ?? "").startsWith("/repos/");
}

/** Serialises an installation's content-creating requests through one queue, reads stay parallel. */
export function serializeWrites(params: {
  octokit: HookableOctokit;
  queue: KeyedQueue;
  key: string;
}): void {
  const wrapper: Wrapper = (request, options) => {
    if (!isContentWrite(options)) return request(options);
    const low = (options.request as { priority?: string } | undefined)?.priority === "low";
    return params.queue.run(params.key, () => request(options), { low });
  };
  params.octokit.hook.wrap("request", wrapper);
}
