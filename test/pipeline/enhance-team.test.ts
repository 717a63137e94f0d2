import { describe, expect, it } from "vitest";
import { generateTeam } from "../../src/factory/generate-team.ts";
import { specHash } from "../../src/factory/spec-hash.ts";
import { runGap } from "../../src/pipeline/run-gap.ts";
import { runJob } from "../../src/pipeline/run-job.ts";
import { recordMergedTeam } from "../support/fake-store.ts";
import { fixtureSpec } from "../support/fixture-spec.ts";
import { commented, type Harness, harness, labelled } from "./pipeline-fixtures.ts";

const viz = fixtureSpec("crewai-openai-3");
const ROOT = `teams/${viz.name}/`;
/** The generated team as the context query reads it: paths relative to its folder. */
const ours = {
  slug: viz.name,
  files: Object.fromEntries(
    generateTeam(viz, { teamsDir: "teams" }).map((f) => [f.path.slice(ROOT.length), f.content]),
  ),
};
/** Our team on the default branch, as the app published it (its records say so). */
const withOurs = (h: Harness) => {
  h.github.teams = [ours];
  recordMergedTeam(h.store, viz);
};
const GAP = {
  number: 1,
  title: "Dashboards with GDPR checks",
  body: "We need dashboards and charts of our metrics, queried with SQL and analysed, with GDPR compliance checks of what they show.\n\nSkills: data visualization, sql, analytics, gdpr",
  author: "mia",
};

describe("runGap step 5: a team close to the gap", () => {
  it("a gap that turns into an enhancement opens that PR only with a slot of today, whatever its old PR", async () => {
    const h = harness({ config: "daily_limit: 1\n" });
    h.github.issue = GAP;
    const label = (issueNumber: number) => ({
      ...labelled("mia"),
      issueNumber,
      deliveryId: `label-${issueNumber}-${Math.random()}`,
    });
    expect(await runGap(label(1), h.deps)).toMatchObject({ kind: "pr", created: true });
    h.store.slots.clear(); // the next day
    expect(await runGap(label(2), h.deps)).toMatchObject({ kind: "pr", created: true });
    // Meanwhile a team of ours close to gap 1 was merged: gap 1 now enhances it, on a branch of
    // its own, while its first PR is still open on the old branch.
    withOurs(h);
    expect((await runGap(label(1), h.deps)).kind).toBe("daily-limit");
    expect(h.github.published.map((p) => p.branchName)).not.toContain(
      `team-factory/${viz.name}-enhance-1`,
    );
  });

  it("ours (team.json) is amended by a PR on its own branch that changes only its folder", async () => {
    const h = harness({ config: "team_reviewers: [reviewers, ghosts]\n" });
    withOurs(h);
    h.github.issue = GAP;
    const outcome = await runGap(labelled("mia"), h.deps);
    expect(outcome).toMatchObject({ kind: "pr", created: true });
    const [publish] = h.github.published;
    expect(publish?.branchName).toBe(`team-factory/${viz.name}-enhance-1`);
    expect(publish?.files.every((f) => f.path.startsWith(ROOT))).toBe(true);
    const json = JSON.parse(
      publish?.files.find((f) => f.path === `${ROOT}team.json`)?.content ?? "",
    );
    expect(json.spec.members.map((m: { role: string }) => m.role)).toEqual([
      ...viz.members.map((m) => m.role),
      "Compliance Specialist",
    ]);
    expect(publish?.pr.title).toMatch(/^\[Automated\] Enhance data-visualization team for/);
    expect(publish?.pr.body).toMatch(/### Members added \(1; the team now has 4/);
    expect(publish?.pr.body).toMatch(/## Cost: \+\$\d+\.\d\d \/ month/);
    expect(publish?.pr.body).toContain("Closes #1.");
    // An enhancement takes a slot and holds no team name.
    expect(h.store.calls).toContain("reserveDailySlot");
    expect(h.store.gaps.get("acme/agents:issue:1")).toMatchObject({
      state: "pr-open",
      slug: null,
      branch: `team-factory/${viz.name}-enhance-1`,
    });
    const planned = h.store.auditRows.find((r) => r.action === "spec.planned");
    expect(planned?.details).toMatchObject({ enhances: viz.name, deltaUsd: expect.any(Number) });
    // Review teams GitHub does not know are named in the comment, not requested.
    expect(h.github.comments.at(-1)?.body).toMatch(
      /with 1 new member \(\+\$.*Not asked to review .*`acme\/reviewers`, `acme\/ghosts`/,
    );
  });

  it("weighs the cost change, not the team's cost, at the cost gate", async () => {
    const h = harness({ config: "cost_threshold_usd: 1\n" });
    withOurs(h);
    h.github.issue = GAP;
    const outcome = await runGap(labelled("mia"), h.deps);
    expect(outcome).toMatchObject({ kind: "awaiting-approval" });
    const roomy = harness({ config: "cost_threshold_usd: 40\n" });
    withOurs(roomy);
    roomy.github.issue = GAP;
    expect((await runGap(labelled("mia"), roomy.deps)).kind).toBe("pr");
  });

  it("a hand-written one gets the dry run of what it would gain, and --new asks for a new team", async () => {
    const h = harness();
    const { "team.json": _, ...handWritten } = ours.files;
    h.github.teams = [{ slug: viz.name, files: handWritten }];
    h.github.issue = GAP;
    const outcome = await runGap(labelled("mia"), h.deps);
    expect(outcome).toMatchObject({ kind: "enhance", team: viz.name });
    const comment = h.github.comments.at(-1)?.body ?? "";
    expect(comment).toMatch(
      /💡 .*it has no team\.json.*Extending it would add: Compliance Specialist/,
    );
    expect(comment).toContain("`/create-team --new`");
    expect(h.github.published).toHaveLength(0);
    const fresh = await runGap(commented("/create-team --new"), h.deps);
    expect(fresh).toMatchObject({ kind: "pr", created: true });
    expect(h.github.published[0]?.branchName).not.toContain(viz.name);
  });

  it("ours covering every need already is named, nothing is written", async () => {
    const h = harness();
    withOurs(h);
    h.github.issue = {
      ...GAP,
      body: "Dashboards and charts of our metrics.\n\nSkills: data visualization, charts",
    };
    expect(await runGap(labelled("mia"), h.deps)).toMatchObject({ kind: "enhance" });
    expect(h.github.comments.at(-1)?.body).toMatch(/member for every need of this gap already/);
  });

  it("a team.json re-hashed by hand while an enhancement waits for approval: the approval publishes nothing", async () => {
    const h = harness({ config: "cost_threshold_usd: 1\n" });
    withOurs(h);
    h.github.issue = GAP;
    expect(await runGap(labelled("mia"), h.deps)).toMatchObject({ kind: "awaiting-approval" });
    const hash = h.store.gaps.get("acme/agents:issue:1")?.specHash ?? "";
    // Meanwhile a writer merges a team.json of their own, its sha256 recomputed.
    const dear = { ...viz, model: "o1-pro" };
    const json = JSON.parse(ours.files["team.json"] ?? "{}");
    const tampered = { ...json, spec: dear, specSha256: specHash(dear) };
    h.github.teams = [
      { slug: viz.name, files: { ...ours.files, "team.json": JSON.stringify(tampered) } },
    ];
    const approved = await runJob(commented(`/approve-team ${hash.slice(0, 12)}`, "max"), h.deps);
    expect(approved).toMatchObject({
      kind: "refused",
      reason: expect.stringMatching(
        /^Nothing was published: `teams\/data-visualization-team\/` is no longer a team Team Factory can change \(the spec in its team\.json is not the one Team Factory recorded for it \(merged in #\u200b?91\); it differs in: model\)/,
      ),
    });
    expect(h.github.published).toHaveLength(0);
  });
});
