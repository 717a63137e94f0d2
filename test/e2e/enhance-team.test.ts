import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { TeamSpec } from "../../src/spec/team-spec.ts";
import { runTool } from "../factory/run-tool.ts";
import { recordPublishedTeam } from "../support/published-team.ts";
import { botComments, git, pullsOf } from "../support/team-prs.ts";

const TEAM = "security-review-team";
const GAP = `We need security reviews of our Kubernetes manifests and Terraform changes, plus GDPR compliance checks of what they expose.

Skills: security, kubernetes, terraform, gdpr`;

describe("a gap close to a team Team Factory wrote", () => {
  let stack: Stack;
  let tmp: string;
  beforeAll(async () => {
    const config = `${SAMPLE_CONFIG}reviewers: [max]\nteam_reviewers: [security, ghosts]\n`;
    stack = await startStack({ repos: [{ ...sampleRepo({ config }), teams: ["security"] }] });
    // The sample's team of our own was published by the app (and merged) before: it says so.
    const spec = TeamSpec.parse(
      JSON.parse(git(stack.sim, ["show", `main:teams/${TEAM}/team.json`])).spec,
    );
    const installationId = stack.sim.state.installations[0]?.id as number;
    await recordPublishedTeam(stack.store, {
      ...{ repo: "acme/agents", installationId, spec },
      ...{ issueNumber: 900, prNumber: 901 },
    });
    tmp = mkdtempSync(join(tmpdir(), "enhance-e2e-"));
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("is an enhancement PR: its folder only, members added, the cost change, reviewers asked", async () => {
    const { sim, factory } = stack;
    const { number } = await sim.act.openIssue({
      repo: "acme/agents",
      title: "Security and GDPR reviews",
      body: GAP,
      actor: "mia",
    });
    await sim.act.labelIssue({
      repo: "acme/agents",
      number,
      label: "capability-gap",
      actor: "mia",
    });
    await factory.jobs.whenIdle();

    const [pr] = pullsOf(sim);
    const branch = `team-factory/${TEAM}-enhance-${number}`;
    expect(pr?.pull?.head).toBe(branch);
    const changed = git(sim, ["diff", "--name-only", `main...${branch}`]).split("\n");
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.filter((p) => !p.startsWith(`teams/${TEAM}/`))).toEqual([]);
    expect(pr?.title).toMatch(/^\[Automated\] Enhance security-review team for/);
    expect(pr?.body).toMatch(/### Members added \(1; the team now has 6, hierarchical process\)/);
    expect(pr?.body).toContain("| Compliance Specialist |");
    expect(pr?.body).toMatch(/## Cost: \+\$\d+\.\d\d \/ month/);
    expect(pr?.body).toContain(`Closes #${number}.`);
    // The review team exists in the organization and is asked; the missing one is named.
    expect(pr?.pull?.requestedTeams.map((t) => t.slug)).toEqual(["security"]);
    expect(pr?.pull?.requestedReviewers.map((u) => u.login)).toEqual(["max"]);
    expect(botComments(sim, number).at(-1)).toMatch(
      /🚀 Opened .*with 1 new member \(\+\$.*Not asked to review .*`acme\/ghosts`/,
    );
    const row = await stack.store.getGap({ gapKey: `acme/agents:issue:${number}` });
    expect(row).toMatchObject({ state: "pr-open", slug: null, branch });

    // The enhanced team passes the repository's Python checks.
    execFileSync("sh", [
      "-c",
      `git -C "${sim.repoDir("acme", "agents")}" archive "${branch}" "teams/${TEAM}" | tar -x -C "${tmp}"`,
    ]);
    const python = readdirSync(join(tmp, "teams", TEAM), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".py"))
      .map((f) => join("teams", TEAM, f));
    for (const [tool, args] of [
      ["black", ["--check", "--quiet", ...python]],
      ["isort", ["--check-only", "--profile", "black", ...python]],
      ["flake8", ["--max-line-length", "88", "--extend-ignore", "E203,W503", ...python]],
    ] as const) {
      const run = runTool(tool, [...args], { cwd: tmp });
      expect(run.output.trim(), tool).toBe("");
      expect(run.status).toBe(0);
    }
  });
});
