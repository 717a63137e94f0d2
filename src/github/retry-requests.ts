/**
 * GitHub gave no answer at all (connection refused, name not resolved, timed out or reset before
 * answering): not retried inside one request, where it used to hold a job silently for minutes,
 * but handed to the job runner, which logs each retry and waits an outage out.
 */
export class GitHubUnreachableError extends Error {
  /** What could not be reached, for logs, the operator page and `/metrics`. */
  readonly unreachable = "GitHub";
  constructor(cause: unknown, request: { method?: string; url?: string }) {
    const why = (cause as Error).message || "no answer";
    super(
      `GitHub could not be reached (${why}) for ${request.method ?? "GET"} ${request.url ?? ""}`,
      {
        cause,
      },
    );
    this.name = "GitHubUnreachableError";
  }
}

/** Whether `error` says GitHub could not be reached (here, or already turned into that error). */
export function isGitHubUnreachable(error: unknown): boolean {
  if (error instanceof GitHubUnreachableError) return true;
  // @octokit/request turns a failed fetch into a 500 with no response; a real 500 has one.
  const e = error as { name?: string; status?: number; response?: unknown };
  return e?.name === "HttpError" && e.status === 500 && e.response === undefined;
}

// What @octokit/plugin-retry never retried; everything else from 400 up is tried again.
const DO_NOT_RETRY = new Set([400, 401, 403, 404, 410, 422, 451]);
const GRAPHQL_HICCUP = /Something went wrong while executing your query/;

interface RequestOptions {
  method?: string;
  url?: string;
}
type Request = (options: RequestOptions) => Promise<{ data?: unknown }>;

/**
 * An Octokit plugin in place of @octokit/plugin-retry (turned off with `retry.enabled: false`):
 * the same retries of an answered request (after 1, 4 and 9 × `retry.retryAfterBaseValue` ms),
 * but a request GitHub never answered fails at once as a GitHubUnreachableError.
 */
export function retryRequests(
  octokit: { hook: { wrap(name: "request", wrapper: unknown): void } },
  options: { retry?: { retryAfterBaseValue?: number; retries?: number } },
): void {
  const base = options.retry?.retryAfterBaseValue ?? 1000;
  const retries = options.retry?.retries ?? 3;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  octokit.hook.wrap("request", async (request: Request, opts: RequestOptions) => {
    for (let retry = 0; ; retry++) {
      try {
        const response = await request(opts);
        const errors = (response.data as { errors?: { message?: string }[] } | undefined)?.errors;
        if (retry < retries && GRAPHQL_HICCUP.test(errors?.[0]?.message ?? "")) {
          await sleep((retry + 1) ** 2 * base);
          continue;
        }
        return response;
      } catch (error) {
        if (error instanceof GitHubUnreachableError) throw error;
        if (isGitHubUnreachable(error)) throw new GitHubUnreachableError(error, opts);
        const status = (error as { status?: number }).status;
        if (retry >= retries || typeof status !== "number" || status < 400) throw error;
        if (DO_NOT_RETRY.has(status)) throw error;
        await sleep((retry + 1) ** 2 * base);
      }
    }
  });
}
