import { describe, expect, it } from "vitest";
import { createTelemetry, requestKind } from "../../src/metrics/telemetry.ts";
import { NO_TELEMETRY } from "../../src/metrics/telemetry-port.ts";

type Options = { method?: string; url?: string; query?: unknown };
type Request = (options: Options) => Promise<{ status: number }>;
type Wrapper = (request: Request, options: Options) => Promise<{ status: number }>;

/** An installation client as far as the counting sees it: one request hook. */
function hookable() {
  let wrapper: Wrapper | null = null;
  return {
    hook: {
      wrap(_name: "request", w: Wrapper) {
        wrapper = w;
      },
    },
    send(options: Options, answer: () => Promise<{ status: number }>) {
      if (!wrapper) return answer();
      return wrapper(() => answer(), options);
    },
    get wrapped() {
      return wrapper !== null;
    },
  };
}

const snapshot = async () => ({
  slots: [],
  pausedInstallations: 0,
  pausedRepositories: 0,
  retrying: { unreachable: 0, error: 0 },
});

describe("GitHub requests in /metrics", () => {
  it("names a kind without host, port or ids, whatever URL form Octokit used", () => {
    const ghes = "http://ghe.example:8080";
    expect(
      requestKind({
        method: "POST",
        url: `${ghes}/api/graphql`,
        query: "# a comment\n  query TeamFactoryLabels($owner: String!) { x }",
      }),
    ).toBe("graphql TeamFactoryLabels");
    expect(requestKind({ url: "/graphql", query: "{ viewer { login } }" })).toBe("graphql query");
    expect(requestKind({ url: "/graphql", query: "mutation { x }" })).toBe("graphql mutation");
    // The next page of a paginated list: an absolute link with the repository's id.
    expect(
      requestKind({ url: `${ghes}/api/v3/repositories/1296269/issues?state=open&page=2` }),
    ).toBe("GET /repositories/{id}/issues");
    expect(requestKind({ url: "https://api.github.com/installation/repositories?page=3" })).toBe(
      "GET /installation/repositories",
    );
  });

  it("counts an instrumented client's requests by route or GraphQL operation, and status", async () => {
    const telemetry = createTelemetry({ snapshot });
    const octokit = hookable();
    telemetry.instrument(octokit);
    const ok = async () => ({ status: 200 });
    await octokit.send({ url: "/graphql", query: "mutation TeamFactoryPublish { x }" }, ok);
    await octokit.send({ url: "/graphql", query: "query TeamFactoryContext { x }" }, ok);
    await octokit.send({ method: "get", url: "/repos/{owner}/{repo}?x=1" }, ok);
    const refused = Object.assign(new Error("Forbidden"), { status: 403 });
    await expect(
      octokit.send({ method: "POST", url: "/graphql", query: "mutation M {}" }, () =>
        Promise.reject(refused),
      ),
    ).rejects.toBe(refused);
    const { body } = await telemetry.exposition();
    const series = (kind: string, status: string) =>
      `team_factory_github_requests_total{kind="${kind}",status="${status}"}`;
    expect(body).toContain(`${series("graphql TeamFactoryPublish", "200")} 1`);
    expect(body).toContain(`${series("graphql TeamFactoryContext", "200")} 1`);
    expect(body).toContain(`${series("GET /repos/{owner}/{repo}", "200")} 1`);
    expect(body).toContain(`${series("graphql M", "403")} 1`);
  });

  it("without a dashboard token, clients are left as they are and nothing is served", async () => {
    const octokit = hookable();
    NO_TELEMETRY.instrument(octokit);
    expect(octokit.wrapped).toBe(false);
    expect((await NO_TELEMETRY.exposition()).body).toBe("");
  });
});
