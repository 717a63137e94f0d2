import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAISimulator, startOpenAISimulator } from "../../simulator/openai.ts";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { createOpenAIDrafter } from "../../src/llm/openai-drafter.ts";
import { botComments, pullsOf } from "../support/team-prs.ts";

const GAP =
  "We need a team that monitors Kubernetes cost per namespace and flags waste every week.";
// What must never be live in GitHub Markdown that the app writes from untrusted text.
const LIVE = [
  /@everyone/,
  /@acme\/admins/,
  /<img/i,
  /<!-- hidden/,
  /\]\(https:\/\//,
  /fixes #42/i,
  /\u202E/,
];

describe("text from a model, a repository or a provider, attacked through the simulator", () => {
  let stack: Stack;
  let openai: OpenAISimulator;
  const repo = "acme/agents";
  beforeAll(async () => {
    openai = await startOpenAISimulator({ mode: "hostile" });
    const client = new OpenAI({
      apiKey: "sk-proj-test-key-WXYZ",
      baseURL: openai.baseURL,
      maxRetries: 0,
    });
    const infra = SAMPLE_CONFIG.replace(
      "daily_limit: 5",
      "daily_limit: hunter2-password\nstripe_live_key: sk_live_123",
    );
    stack = await startStack({
      repos: [
        sampleRepo(),
        sampleRepo({ name: "extends", config: "_extends: acme/infra:deploy/prod.yml\n" }),
        {
          owner: "acme",
          name: "infra",
          installation: true,
          private: true,
          collaborators: { max: "maintain" },
          files: { "deploy/prod.yml": infra },
        },
      ],
      drafter: createOpenAIDrafter({ client, model: "gpt-4o-mini", timeoutMs: 5000 }),
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await openai?.close();
  });
  const idle = () => stack.factory.jobs.whenIdle();

  it("a schema-valid model draft full of mentions, HTML, images, links and issue references stays inert", async () => {
    const { sim } = stack;
    const { number } = await sim.act.openIssue({
      repo,
      title: "k8s cost",
      body: GAP,
      actor: "mia",
    });
    await sim.act.labelIssue({ repo, number, label: "capability-gap", actor: "mia" });
    await idle();
    const [pr] = pullsOf(sim);
    expect(pr?.body).toContain("Lead @\u200beveryone");
    const progress = botComments(sim, number)
      .join("\n")
      .replace(/^<!-- team-factory:progress[^\n]*\n/gm, "");
    for (const text of [pr?.title ?? "", pr?.body ?? "", progress]) {
      for (const live of LIVE) expect(text).not.toMatch(live);
    }
  });

  it("a provider error (a wrong key) is summarised, never quoted", async () => {
    const { sim } = stack;
    openai.mode = "unauthorized";
    const { number } = await sim.act.openIssue({
      repo,
      title: "Finance reports",
      body: "We need a team that prepares the monthly finance reports and reconciles invoices.",
      actor: "mia",
    });
    await sim.act.labelIssue({ repo, number, label: "capability-gap", actor: "mia" });
    await idle();
    const pr = pullsOf(sim).at(-1);
    expect(pr?.body).toContain("the model API answered 401");
    const everything = [pr?.body ?? "", ...botComments(sim, number)].join("\n");
    expect(everything).not.toMatch(/Incorrect API key|sk-proj|WXYZ/);
  });

  it("_extends may not read for someone what they cannot read, nor quote another repository's file", async () => {
    const { sim } = stack;
    const target = "acme/extends";
    const { number } = await sim.act.openIssue({
      repo: target,
      title: "k8s",
      body: GAP,
      actor: "mia",
    });
    await sim.act.labelIssue({ repo: target, number, label: "capability-gap", actor: "mia" });
    await idle();
    // mia cannot read acme/infra: the app does not read it for her.
    expect(botComments(sim, number, target).at(-1)).toMatch(
      /which does not exist or which the person who triggered this cannot read/,
    );
    const other = await sim.act.openIssue({
      repo: target,
      title: "k8s 2",
      body: GAP,
      actor: "max",
    });
    await sim.act.labelIssue({
      repo: target,
      number: other.number,
      label: "capability-gap",
      actor: "max",
    });
    await idle();
    // max can: its invalid values are refused without being shown.
    expect(botComments(sim, other.number, target).at(-1)).toMatch(
      /not shown here because they come from another repository/,
    );
    const all = [
      ...botComments(sim, number, target),
      ...botComments(sim, other.number, target),
    ].join("\n");
    expect(all).not.toMatch(/hunter2|stripe_live_key|sk_live/);
    expect(pullsOf(sim, target)).toHaveLength(0);
  });
});
