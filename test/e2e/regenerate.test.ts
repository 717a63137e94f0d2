import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "../../simulator/github/start-github-simulator.ts";
import { startGitHubSimulator } from "../../simulator/github/start-github-simulator.ts";
import { sampleRepo } from "../../simulator/sample-repo.ts";
import { type RunningApp, startApp } from "../../simulator/start-app.ts";
import { createTeamFactory, type TeamFactory } from "../../src/compose.ts";
import { GENERATOR_VERSION } from "../../src/factory/generate-team.ts";
import { botComments, git, pullsOf } from "../support/team-prs.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

const REPO = "acme/agents";
const quiet = { info() {}, warn() {}, error() {} };
/** The next minor version: what a newer release of the generator would write into team.json. */
const [major, minor] = GENERATOR_VERSION.split(".").map(Number);
const NEWER = `${major}.${(minor ?? 0) + 1}.0`;

describe("/regenerate", () => {
  let database: TestDatabase;
  let sim: GitHubSimulator;
  let running: { factory: TeamFactory; app: RunningApp } | null = null;
  /** Team Factory of one generator version serving the simulator (a deploy of that release). */
  const deploy = async (generatorVersion?: string) => {
    await running?.app.stop();
    const factory = createTeamFactory({
      store: database.store,
      drafter: null,
      replica: `v${generatorVersion ?? GENERATOR_VERSION}`,
      log: quiet,
      sleep: async () => {},
      generatorVersion,
    });
    running = { factory, app: await startApp({ sim, deps: factory }) };
    return factory;
  };
  beforeAll(async () => {
    [database, sim] = await Promise.all([openTestDatabase(), startGitHubSimulator()]);
    sim.createRepo(sampleRepo());
  });
  afterAll(async () => {
    await running?.app.stop();
    await sim?.stop();
    await database?.close();
  });

  const gap = async (factory: TeamFactory, title: string, skills: string) => {
    const body = `Several projects wait for someone who can do ${title.toLowerCase()} work every week.\n\nSkills: ${skills}`;
    const { number } = await sim.act.openIssue({ repo: REPO, title, body, actor: "mia" });
    await sim.act.labelIssue({ repo: REPO, number, label: "capability-gap", actor: "mia" });
    await factory.jobs.whenIdle();
    const pr = pullsOf(sim).find((p) => p.body?.includes(`Closes #${number}.`));
    if (!pr?.pull) throw new Error(`no PR for #${number}`);
    return { issue: number, pr: pr.number, branch: pr.pull.head };
  };
  const regenerate = async (factory: TeamFactory, number: number, actor = "wes") => {
    await sim.act.comment({ repo: REPO, number, body: "/regenerate", actor });
    await factory.jobs.whenIdle();
    return botComments(sim, number).at(-1) ?? "";
  };
  const teamJson = (rev: string, team: string) =>
    JSON.parse(git(sim, ["show", `${rev}:teams/${team}/team.json`]));

  it("answers nothing to change on the same generator, on a team PR and on a merged gap's issue", async () => {
    const v1 = await deploy();
    const a = await gap(v1, "Spanish triage", "customer support, spanish");
    expect(await regenerate(v1, a.pr)).toMatch(
      /^✅ Nothing to change: `teams\/[a-z-]+-team\/` on `team-factory\/[a-z-]+` is what team-factory .* writes from its team\.json, byte for byte\.$/,
    );
    expect(await regenerate(v1, a.pr, "rob")).toMatch(
      /@rob has read permission; `\/regenerate` needs write/,
    );
    await sim.act.mergePullRequest({ repo: REPO, number: a.pr, actor: "max" });
    await v1.jobs.whenIdle();
    const head = git(sim, ["rev-parse", "main"]);
    expect(await regenerate(v1, a.issue)).toMatch(
      /^✅ Nothing to change: `teams\/[a-z-]+-team\/` is what/,
    );
    expect(git(sim, ["rev-parse", "main"])).toBe(head);
    expect(pullsOf(sim)).toHaveLength(1);
  });

  it("after a generator upgrade: an upgrade PR for a merged team, a new commit on an open team PR", async () => {
    const v1 = running?.factory as TeamFactory;
    const b = await gap(v1, "Invoice reconciliation", "accounting, invoices");
    const [merged] = pullsOf(sim);
    const team = (
      await database.store.findGapByPullRequest({ repo: REPO, prNumber: merged?.number ?? 0 })
    )?.spec?.name as string;
    const issue = Number(/Closes #(\d+)\./.exec(merged?.body ?? "")?.[1]);

    const v2 = await deploy(NEWER);
    const answer = await regenerate(v2, issue);
    expect(answer).toMatch(/🚀 Opened .* regenerated with team-factory .* \(1 file changes\)/);
    const upgrade = pullsOf(sim).find(
      (p) => p.pull?.head === `team-factory/${team}-upgrade-${NEWER}`,
    );
    expect(upgrade?.title).toBe(
      `[Automated] Regenerate ${team.replace(/-team$/, "")} team with team-factory ${NEWER}`,
    );
    expect(upgrade?.body).toContain(`### Changed (1)\n\n- \`team.json\``);
    const changed = git(sim, ["diff", "--name-only", `main...${upgrade?.pull?.head}`]).split("\n");
    expect(changed).toEqual([`teams/${team}/team.json`]);
    expect(teamJson(upgrade?.pull?.head ?? "", team).generatorVersion).toBe(NEWER);
    expect(teamJson("main", team).generatorVersion).toBe(GENERATOR_VERSION);

    // The open team PR gets a commit of its kept spec from the newer generator: no second PR.
    const before = git(sim, ["rev-parse", b.branch]);
    const count = pullsOf(sim).length;
    expect(await regenerate(v2, b.pr)).toMatch(
      /^🔁 Rebuilding .* with team-factory .* progress in #/,
    );
    expect(git(sim, ["rev-parse", `${b.branch}~1`])).toBe(before);
    expect(pullsOf(sim)).toHaveLength(count);
    const bTeam = b.branch.replace("team-factory/", "");
    expect(teamJson(b.branch, bTeam).generatorVersion).toBe(NEWER);
    expect(botComments(sim, b.issue).at(-1)).toMatch(/🚀 Updated/);
    // Once rebuilt, the same generator has nothing to change.
    expect(await regenerate(v2, b.pr)).toMatch(/^✅ Nothing to change/);
  });
});
