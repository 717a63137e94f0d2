import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { DASHBOARD_MARKER } from "../../src/dashboard/render-dashboard-issue.ts";
import { breakerScopeFromEnv } from "../../src/observe/create-observer.ts";
import { BREAKER_ACTOR } from "../../src/policy/breaker.ts";
import { startReceiver } from "../support/loopback-receiver.ts";
import { skillGap } from "../support/skill-gap.ts";
import { botComments, pullsOf } from "../support/team-prs.ts";

const A = "acme/agents";
const B = "beta/agents";
const B2 = "beta/tools";
const config = (extra: string) =>
  `${SAMPLE_CONFIG.replace("daily_limit: 5", "daily_limit: 50")}${extra}`;

describe("the circuit breaker, with injected failures", () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await startStack({
      repos: [
        sampleRepo({ config: config("dashboard: true\nnotify: [paused, failure]\n") }),
        ...["agents", "tools"].map((name) =>
          sampleRepo({
            owner: "beta",
            name,
            // A repository tunes its own breaker only: the installation's is the operator's.
            config: config("breaker:\n  min_decided: 2\n  false_positive_rate: 0.3\n"),
          }),
        ),
      ],
      env: { TEAM_FACTORY_NOTIFY_URL: receiver.url },
    });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await receiver?.down();
  });

  const idle = async () => {
    await stack.factory.jobs.whenIdle();
    await stack.factory.observer.notifier.whenIdle();
  };
  const gap = (repo: string, skill: string) => openGap(stack, repo, skill);
  const events = () => receivedEvents(receiver);

  it("pauses a repository after 3 of its last 5 runs failed: one comment on the dashboard issue, one notification", async () => {
    const { sim, store } = stack;
    sim.faults.add({
      graphqlField: "createCommitOnBranch",
      times: 100,
      respond: { status: 422, message: "Something went wrong" },
    });
    const issues = [];
    for (const skill of ["opera singing", "tax filing", "podcast editing"])
      issues.push(await gap(A, skill));
    const installationId = sim.state.installations[0]?.id as number;
    expect(await store.pauseStatus({ installationId, repo: A })).toMatchObject({
      paused: true,
      scope: "repository",
      actor: BREAKER_ACTOR,
    });
    const dashboard = [...sim.repo("acme", "agents").issues.values()].find((i) =>
      i.body?.startsWith(DASHBOARD_MARKER),
    );
    const breakerComments = (dashboard?.comments ?? []).filter((c) =>
      c.body.includes("paused itself"),
    );
    expect(breakerComments).toHaveLength(1);
    expect(breakerComments[0]?.body).toMatch(
      /^⏸️ Team Factory paused itself for this repository: 3 of the last 3 runs failed .*`\/team-factory resume`/,
    );
    expect(events().filter((e) => e.event === "failure")).toHaveLength(3);
    expect(events().filter((e) => e.event === "paused")).toEqual([
      expect.objectContaining({ auto: true, repo: A }),
    ]);
    await stack.factory.observer.dashboards.flush();
    expect(dashboard?.body).toContain(`⏸️ paused for this repository by @${BREAKER_ACTOR}`);

    // While paused, a new gap is kept, and the breaker says nothing more.
    sim.faults.clear();
    const held = await gap(A, "bird watching");
    expect(stack.ends.at(-1)?.end).toMatchObject({ outcome: { kind: "paused" } });
    expect(pullsOf(sim)).toHaveLength(0);
    expect(events().filter((e) => e.event === "paused")).toHaveLength(1);

    // A maintainer's resume lifts it: the kept gap is published, and the count starts again.
    await stack.sim.act.comment({
      repo: A,
      number: held,
      body: "/team-factory resume",
      actor: "mia",
    });
    await idle();
    expect((await store.pauseStatus({ installationId, repo: A })).paused).toBe(false);
    expect(pullsOf(sim)).toHaveLength(1);
    expect(botComments(sim, held).some((c) => c.includes("🚀"))).toBe(true);
    await gap(A, "chess coaching");
    expect(pullsOf(sim)).toHaveLength(2);
    expect(
      await store.metrics.breakerStats({ installationId, repo: A, lastRuns: 5, days: 30 }),
    ).toMatchObject({ runs: 2, failed: 0 });
    expect(issues).toHaveLength(3);
  });

  it("a repository's own thresholds pause that repository only, never the installation", async () => {
    const { sim, store } = stack;
    const installationId = sim.state.installations.find((i) => i.account.login === "beta")
      ?.id as number;
    const first = await gap(B, "wine tasting");
    const second = await gap(B, "origami folding");
    expect(pullsOf(sim, B)).toHaveLength(2);
    for (const number of [first, second]) {
      await stack.sim.act.comment({ repo: B, number, body: "/team-factory dismiss", actor: "mia" });
      await idle();
    }
    expect(await store.pauseStatus({ installationId, repo: B })).toMatchObject({
      paused: true,
      scope: "repository",
      actor: BREAKER_ACTOR,
    });
    expect((await store.pauseStatus({ installationId, repo: "" })).paused).toBe(false);
    // No dashboard issue here: the one comment goes on the issue whose dismissal tripped it.
    expect(botComments(sim, second, B).at(-1)).toMatch(
      /paused itself for this repository: 2 of the last 2 decided gaps were false positives \(100%/,
    );
    // The installation's other repository goes on.
    await gap(B2, "kite flying");
    expect(pullsOf(sim, B2)).toHaveLength(1);
  });
});

describe("the circuit breaker over a whole installation, the operator's choice", () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const G = "gamma/agents";
  const G2 = "gamma/tools";
  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await startStack({
      repos: ["agents", "tools"].map((name) =>
        sampleRepo({ owner: "gamma", name, config: config("") }),
      ),
      env: { TEAM_FACTORY_NOTIFY_URL: receiver.url, TEAM_FACTORY_BREAKER_SCOPE: "installation" },
    });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await receiver?.down();
  });
  const idle = async () => {
    await stack.factory.jobs.whenIdle();
    await stack.factory.observer.notifier.whenIdle();
  };

  it("pauses every repository when 3 of the installation's last 5 runs failed; a resume in any repository lifts it", async () => {
    const { sim, store } = stack;
    const installationId = sim.state.installations[0]?.id as number;
    sim.faults.add({
      graphqlField: "createCommitOnBranch",
      times: 100,
      respond: { status: 422, message: "Something went wrong" },
    });
    // Neither repository has 3 failures of its own; the installation has.
    await openGap(stack, G, "opera singing");
    await openGap(stack, G2, "tax filing");
    const third = await openGap(stack, G, "podcast editing");
    sim.faults.clear();
    expect(await store.pauseStatus({ installationId, repo: "" })).toMatchObject({
      paused: true,
      scope: "installation",
      actor: BREAKER_ACTOR,
    });
    expect(botComments(sim, third, G).at(-1)).toMatch(
      /^⏸️ Team Factory paused itself for this installation: 3 of the last 3 runs failed/,
    );
    expect(receivedEvents(receiver).filter((e) => e.event === "paused")).toEqual([
      expect.objectContaining({ auto: true, repo: G }),
    ]);
    // The installation's other repository is paused too: its gap is kept.
    const kept = await openGap(stack, G2, "kite flying");
    expect(stack.ends.at(-1)?.end).toMatchObject({ outcome: { kind: "paused" } });
    expect(pullsOf(sim, G2)).toHaveLength(0);

    await sim.act.comment({ repo: G, number: third, body: "/team-factory resume", actor: "max" });
    await idle();
    expect((await store.pauseStatus({ installationId, repo: G })).paused).toBe(false);
    expect((await store.pauseStatus({ installationId, repo: G2 })).paused).toBe(false);
    // What the installation's pause kept in the other repository is published now.
    expect(pullsOf(sim, G2)).toHaveLength(1);
    expect(botComments(sim, kept, G2).some((c) => c.includes("🚀"))).toBe(true);
  });

  it("an operator's setting it cannot use stops the start, naming the variable", () => {
    expect(() => breakerScopeFromEnv({ TEAM_FACTORY_BREAKER_SCOPE: "org" })).toThrow(
      /TEAM_FACTORY_BREAKER_SCOPE must be repository or installation \(got "org"\)/,
    );
  });
});

/** A labelled gap for one skill, run to its end. */
async function openGap(stack: Stack, repo: string, skill: string): Promise<number> {
  const { number } = await stack.sim.act.openIssue({
    repo,
    ...skillGap(skill, `Nobody does ${skill}`),
    actor: "mia",
  });
  await stack.sim.act.labelIssue({ repo, number, label: "capability-gap", actor: "mia" });
  await stack.factory.jobs.whenIdle();
  await stack.factory.observer.notifier.whenIdle();
  return number;
}

const receivedEvents = (receiver: Awaited<ReturnType<typeof startReceiver>>) =>
  receiver.received.map(
    (r) => JSON.parse(r.body) as { event: string; auto: boolean; repo: string; text: string },
  );
