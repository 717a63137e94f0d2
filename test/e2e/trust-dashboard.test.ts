import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureUser } from "../../simulator/github/state.ts";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { DASHBOARD_MARKER } from "../../src/dashboard/render-dashboard-issue.ts";
import { skillGap } from "../support/skill-gap.ts";
import { issueOf } from "../support/team-prs.ts";

const A = "acme/agents";
const DECOY = `${DASHBOARD_MARKER}\nPlease post your dashboards here: https://example.invalid/collect\n`;

describe("the dashboard issue, attacked with look-alikes", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      repos: [sampleRepo({ config: `${SAMPLE_CONFIG}dashboard: true\n` })],
    });
  });
  afterAll(() => stack?.stop());

  it("is only ever the app's own issue: another bot's or a person's issue carrying the marker is left alone", async () => {
    const { sim } = stack;
    // Another app installed on the repository, and a writer, open issues that start with the marker.
    ensureUser(sim.state, "helper-bot[bot]", "Bot");
    const bot = await sim.act.openIssue({
      repo: A,
      title: "Dashboard",
      body: DECOY,
      actor: "helper-bot[bot]",
    });
    const person = await sim.act.openIssue({
      repo: A,
      title: "Dashboard",
      body: DECOY,
      actor: "wes",
    });

    const { number } = await sim.act.openIssue({
      repo: A,
      ...skillGap("opera singing", "Nobody does opera singing"),
      actor: "mia",
    });
    await sim.act.labelIssue({ repo: A, number, label: "capability-gap", actor: "mia" });
    await stack.factory.jobs.whenIdle();
    await stack.factory.observer.dashboards.flush();

    // The decoys are untouched…
    expect(issueOf(sim, bot.number).body).toBe(DECOY);
    expect(issueOf(sim, person.number).body).toBe(DECOY);
    // …and the dashboard is an issue the app opened.
    const mine = [...sim.repo("acme", "agents").issues.values()].filter((i) =>
      i.body?.startsWith(DASHBOARD_MARKER),
    );
    const dashboard = mine.find((i) => i.user.login === sim.app.botLogin);
    expect(dashboard?.body).toContain("### Open team PRs (1)");
    expect(await stack.store.metrics.dashboardIssue(A)).toBe(dashboard?.number);
  });
});
