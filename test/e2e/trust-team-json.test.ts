import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { specHash } from "../../src/factory/spec-hash.ts";
import type { TeamSpec } from "../../src/spec/team-spec.ts";
import { call } from "../support/sim.ts";
import { botComments, git, pullsOf } from "../support/team-prs.ts";

const REPO = "acme/agents";
const HAND_WRITTEN = "n8n-interface-team";
/** A low threshold, as in the report: $100 a month. */
const CONFIG = SAMPLE_CONFIG.replace("cost_threshold_usd: 1000", "cost_threshold_usd: 100");

describe("team.json, re-hashed by a writer and merged, against /regenerate and enhancements", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ repos: [sampleRepo({ config: CONFIG })] });
  });
  afterAll(() => stack?.stop());
  const idle = () => stack.factory.jobs.whenIdle();

  /** A gap's team, published by the app (approved by max when its cost asks) and merged. */
  const mergedTeam = async (title: string, skills: string, repo = REPO) => {
    const { sim } = stack;
    const body = `Several projects wait for someone who can do ${title.toLowerCase()} work every week.\n\nSkills: ${skills}`;
    const { number } = await sim.act.openIssue({ repo, title, body, actor: "mia" });
    await sim.act.labelIssue({ repo, number, label: "capability-gap", actor: "mia" });
    await idle();
    await approveIfAsked(repo, number);
    const pr = pullsOf(sim, repo).find((p) => p.body?.includes(`Closes #${number}.`));
    if (!pr?.pull) throw new Error(`no PR for #${number}`);
    await sim.act.mergePullRequest({ repo, number: pr.number, actor: "max" });
    await idle();
    const team = pr.pull.head.replace("team-factory/", "");
    return { issue: number, team };
  };
  const approveIfAsked = (repo: string, number: number) => approveAsked(stack, repo, number);
  const mergeEdit = (repo: string, path: string, text: string) =>
    mergeWritersEdit(stack, repo, path, text);
  const tidy = (team: string, change: (spec: TeamSpec) => TeamSpec, repo = REPO) =>
    tidyTeamJson(stack, repo, team, change);
  const regenerate = async (issue: number, repo = REPO) => {
    await stack.sim.act.comment({ repo, number: issue, body: "/regenerate", actor: "wes" });
    await idle();
    return botComments(stack.sim, issue, repo).at(-1) ?? "";
  };
  const handWrittenTree = () => git(stack.sim, ["rev-parse", `main:teams/${HAND_WRITTEN}`]);

  it("a spec renamed to a hand-written team's name writes nothing there: /regenerate refuses, naming the folder", async () => {
    const { issue, team } = await mergedTeam("Invoice reconciliation", "accounting, invoices");
    await tidy(team, (spec) => ({ ...spec, name: HAND_WRITTEN }));
    const before = { pulls: pullsOf(stack.sim).length, tree: handWrittenTree() };

    const answer = await regenerate(issue);
    expect(pullsOf(stack.sim)).toHaveLength(before.pulls);
    expect(
      pullsOf(stack.sim).filter((p) => p.pull?.head.startsWith(`team-factory/${HAND_WRITTEN}`)),
    ).toEqual([]);
    expect(answer).toMatch(
      new RegExp(
        `^😕 \`teams/${team}/\` cannot be rebuilt: its team\\.json names the team \`${HAND_WRITTEN}\`, not \`${team}\``,
      ),
    );
    expect(handWrittenTree()).toBe(before.tree);
  });

  it("a spec switched to an expensive model opens no upgrade PR: /regenerate refuses, saying what differs", async () => {
    const { issue, team } = await mergedTeam("Spanish triage", "customer support, spanish");
    await tidy(team, (spec) => ({ ...spec, model: "o1-pro" }));
    const pulls = pullsOf(stack.sim).length;

    const answer = await regenerate(issue);
    expect(pullsOf(stack.sim)).toHaveLength(pulls);
    expect(answer).not.toMatch(/unchanged|no daily slot|🚀/);
    expect(answer).toMatch(
      /cannot be rebuilt: the spec in its team\.json is not the one Team Factory recorded for it \(merged in #\d+\); it differs in: model\./,
    );
  });

  it("an enhancement reads the same check: a team whose team.json was re-hashed by hand is not extended", async () => {
    const { sim } = stack;
    const { team } = await mergedTeam("Podcast editing", "podcast editing, audio");
    await tidy(team, (spec) => ({ ...spec, model: "o1-pro" }));
    const pulls = pullsOf(sim).length;
    const { number } = await sim.act.openIssue({
      repo: REPO,
      title: "Podcast editing and show notes",
      body: "Our podcasts wait for editing of the audio and for show notes every week.\n\nSkills: podcast editing, audio, copywriting",
      actor: "mia",
    });
    await sim.act.labelIssue({ repo: REPO, number, label: "capability-gap", actor: "mia" });
    await idle();
    expect(pullsOf(sim).filter((p) => p.pull?.head.includes("-enhance-"))).toEqual([]);
    expect(pullsOf(sim)).toHaveLength(pulls);
    const answer = botComments(sim, number).at(-1);
    // Not planned from the hand-made spec (an o1-pro team, extended without asking).
    expect(answer).not.toMatch(/amending the spec|o1-pro/);
    expect(answer).toMatch(
      new RegExp(
        `💡 .*Team Factory changes only teams it wrote, and ${team} is not one \\(the spec in its team\\.json is not the one Team Factory recorded for it`,
        "s",
      ),
    );
  });

  it("a cost that changed since the team was published goes through the cost gate; an approval opens the upgrade", async () => {
    const { sim } = stack;
    const { issue, team } = await mergedTeam("Kite flying", "kite flying");
    const model = JSON.parse(git(sim, ["show", `main:teams/${team}/team.json`])).spec.model;
    // The same spec, from an older generator (nothing to distrust), and dearer prices since.
    await tidy(team, (spec) => spec);
    await mergeEdit(
      REPO,
      ".github/team-factory.yml",
      `${CONFIG}prices:\n  ${model}: { input_per_1k: 10, output_per_1k: 10 }\n`,
    );
    const pulls = pullsOf(sim).length;

    const answer = await regenerate(issue);
    expect(pullsOf(sim)).toHaveLength(pulls);
    expect(answer).not.toMatch(/Cost estimate — unchanged/);
    expect(answer).toMatch(/Cost estimate — \+\$[\d.]+\/month/);
    expect(answer).toMatch(
      /⏸️ The estimated cost, \$[\d.]+\/month, is above this repository's limit of \$100\/month/,
    );
    // Another maintainer approves the change: the upgrade PR opens and says what the cost does.
    expect(await approveIfAsked(REPO, issue)).toBe(true);
    const upgrade = pullsOf(sim).find((p) =>
      p.pull?.head.startsWith(`team-factory/${team}-upgrade-`),
    );
    expect(upgrade?.body).toMatch(
      /The estimated cost changes: \$[\d.,]+ → \$[\d.,]+ a month \(\+\$/,
    );
    expect(botComments(sim, issue).at(-1)).toMatch(/🚀 Opened .* regenerated with team-factory/);
  });
});

describe("team.json holding a spec a maintainer approved but nobody merged", () => {
  let stack: Stack;
  beforeAll(async () => {
    // Every team needs an approval here ($1 a month), and two new PRs a day at most.
    const config = SAMPLE_CONFIG.replace(
      "cost_threshold_usd: 1000",
      "cost_threshold_usd: 1",
    ).replace("daily_limit: 5", "daily_limit: 2");
    stack = await startStack({ repos: [sampleRepo({ config })] });
  });
  afterAll(() => stack?.stop());

  it("is trusted, but a rebuild that changes the spec takes one of the day's slots", async () => {
    const { sim } = stack;
    const idle = () => stack.factory.jobs.whenIdle();
    const open = async (title: string, body: string) => {
      const { number } = await sim.act.openIssue({ repo: REPO, title, body, actor: "mia" });
      await sim.act.labelIssue({ repo: REPO, number, label: "capability-gap", actor: "mia" });
      await idle();
      expect(await approveAsked(stack, REPO, number)).toBe(true);
      return number;
    };
    // A team (slot 1 of 2), merged; then an enhancement of it, approved (slot 2 of 2), left open.
    const first = await open(
      "Podcast editing",
      "Several projects wait for someone who can do podcast editing work every week.\n\nSkills: podcast editing, audio",
    );
    const [pr] = pullsOf(sim);
    await sim.act.mergePullRequest({ repo: REPO, number: pr?.number ?? 0, actor: "max" });
    await idle();
    const team = pr?.pull?.head.replace("team-factory/", "") as string;
    await open(
      "Podcast editing and show notes",
      "Our podcasts wait for editing of the audio and for show notes every week.\n\nSkills: podcast editing, audio, copywriting",
    );
    const enhance = pullsOf(sim).find((p) => p.pull?.head.includes("-enhance-"));
    expect(enhance).toBeDefined();
    // A writer copies the approved spec onto the default branch by hand.
    const approved = JSON.parse(
      git(sim, ["show", `${enhance?.pull?.head}:teams/${team}/team.json`]),
    ).spec;
    await tidyTeamJson(stack, REPO, team, () => approved);
    const pulls = pullsOf(sim).length;

    await sim.act.comment({ repo: REPO, number: first, body: "/regenerate", actor: "wes" });
    await idle();
    expect(pullsOf(sim)).toHaveLength(pulls);
    expect(botComments(sim, first).at(-1)).toMatch(
      /The daily limit of 2 new teams .* is reached: 0 remaining today \(UTC\)\. Comment `\/regenerate` tomorrow/,
    );
  });
});

/** The `/approve-team <hash>` the latest answer on an issue asks for, commented by max. */
async function approveAsked(stack: Stack, repo: string, number: number): Promise<boolean> {
  const latest = botComments(stack.sim, number, repo).at(-1) ?? "";
  const asked = /`(\/approve-team [0-9a-f]{12})`/.exec(latest);
  if (!asked?.[1]) return false;
  await stack.sim.act.comment({ repo, number, body: asked[1], actor: "max" });
  await stack.factory.jobs.whenIdle();
  return true;
}

/** A writer's (wes) PR changing one file on the default branch, merged by a maintainer. */
async function mergeWritersEdit(stack: Stack, repo: string, path: string, text: string) {
  const { sim } = stack;
  const token = sim.userToken("wes");
  const branch = `tidy-${Math.random().toString(36).slice(2, 8)}`;
  const main = git(sim, ["rev-parse", "main"], repo);
  await call(sim, "POST", `/repos/${repo}/git/refs`, {
    token,
    body: { ref: `refs/heads/${branch}`, sha: main },
  });
  const sha = git(sim, ["rev-parse", `main:${path}`], repo);
  const content = Buffer.from(text).toString("base64");
  const put = await call(sim, "PUT", `/repos/${repo}/contents/${path}`, {
    token,
    body: { message: `tidy ${path}`, content, branch, sha },
  });
  expect(put.status).toBe(200);
  const pr = await call(sim, "POST", `/repos/${repo}/pulls`, {
    token,
    body: { title: `Tidy ${path}`, head: branch, base: "main" },
  });
  expect(pr.status).toBe(201);
  await sim.act.mergePullRequest({ repo, number: pr.body.number, actor: "mia" });
  await stack.factory.jobs.whenIdle();
}

/**
 * A "tidy team.json" PR, merged: the spec changed by hand, its sha256 recomputed (anyone can), and
 * the generator version set back so that /regenerate sees an upgrade.
 */
async function tidyTeamJson(
  stack: Stack,
  repo: string,
  team: string,
  change: (spec: TeamSpec) => TeamSpec,
) {
  const path = `teams/${team}/team.json`;
  const json = JSON.parse(git(stack.sim, ["show", `main:${path}`], repo));
  const spec = change(json.spec);
  const tidied = { ...json, generatorVersion: "0.1.0", spec, specSha256: specHash(spec) };
  await mergeWritersEdit(stack, repo, path, `${JSON.stringify(tidied, null, 2)}\n`);
}
