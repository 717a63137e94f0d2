import { beforeAll, describe, expect, it } from "vitest";
import { sampleRepo } from "../../simulator/sample-repo.ts";
import { appsOnSimulator } from "../support/app-processes.ts";
import { pullsOf } from "../support/team-prs.ts";

const TOKEN = "metrics-scrape-dashboard-token-0123456789";

// /metrics as Prometheus and a standard Node.js dashboard read it, after a real gap →
// PR against the simulator on a GitHub Enterprise Server address (GraphQL at <host>/api/graphql).
describe("GET /metrics after a team PR", () => {
  const apps = appsOnSimulator();
  let body: string;
  beforeAll(async () => {
    const sim = apps.sim();
    sim.createRepo(sampleRepo());
    const app = await apps.start({
      TEAM_FACTORY_GITHUB_PACING: "off",
      TEAM_FACTORY_DASHBOARD_TOKEN: TOKEN,
    });
    sim.setWebhookUrl(`${app.url}/api/github/webhooks`);
    const { number } = await sim.act.openIssue({
      repo: "acme/agents",
      title: "k8s cost",
      body: "We need a team that monitors Kubernetes cost per namespace and flags waste every week.",
      actor: "mia",
    });
    await sim.act.labelIssue({
      repo: "acme/agents",
      number,
      label: "capability-gap",
      actor: "mia",
    });
    for (let i = 0; i < 400 && pullsOf(sim).length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(pullsOf(sim)).toHaveLength(1);
    const res = await fetch(`${app.url}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    body = await res.text();
  });

  const kinds = () =>
    [...body.matchAll(/^team_factory_github_requests_total\{kind="([^"]*)"/gm)].map((m) => m[1]);

  it("labels GitHub's GraphQL requests by operation name, never by host and port", () => {
    expect(kinds().length).toBeGreaterThan(3);
    for (const kind of kinds()) expect(kind).not.toMatch(/:\/\/|127\.0\.0\.1|:\d+/);
    expect(kinds()).toEqual(
      expect.arrayContaining(["graphql TeamFactoryContext", "graphql TeamFactoryPublish"]),
    );
    // REST stays by route template.
    expect(
      kinds().some((k) => /^(GET|POST|PATCH|PUT|DELETE) \/repos\/\{owner\}\/\{repo\}/.test(k)),
    ).toBe(true);
  });

  it("serves Node's process series under prom-client's standard names, once prefixed at most", () => {
    for (const series of [
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
      "nodejs_heap_size_used_bytes",
    ])
      expect(body).toMatch(new RegExp(`^# TYPE ${series} `, "m"));
    expect(body).not.toContain("team_factory_process_");
  });
});
