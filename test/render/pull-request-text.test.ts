import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GENERATOR_VERSION } from "../../src/factory/generate-team.ts";
import { pullRequestBody, pullRequestTitle } from "../../src/render/render-pull-request.ts";
import type { Coverage } from "../../src/spec/cover-requirements.ts";
import { estimateCost } from "../../src/spec/estimate-cost.ts";
import type { TeamSpec } from "../../src/spec/team-spec.ts";
import { fixtureSpec } from "../support/fixture-spec.ts";

function body(team: TeamSpec, coverage: Coverage = { needs: [], toImplement: [] }) {
  return pullRequestBody({
    spec: team,
    cost: estimateCost({ spec: team }),
    reason: "charts",
    issueNumber: 7,
    evidence: [],
    trackingId: "acme/elf:issue:7",
    provenance: {
      generatorVersion: GENERATOR_VERSION,
      specHash: "0".repeat(64),
      builtBy: "heuristics",
      trigger: "label",
      actor: "mia",
    },
    teamsDir: "teams",
    fileCount: 30,
    coverage,
  });
}

describe("the pull request's text", () => {
  it("names the team once in the title: no 'team team'", () => {
    const title = pullRequestTitle(fixtureSpec("crewai-openai-3"), "data visualization, charts");
    expect(title).toBe("[Automated] Add data-visualization team for data visualization, charts");
  });

  it("gives the package's version as the generator's, the one version string", () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8"));
    expect(GENERATOR_VERSION).toBe(version);
    expect(body(fixtureSpec("crewai-openai-3"))).toContain(
      `- Generator: team-factory ${version}\n`,
    );
  });

  it("states cost assumptions only for the kinds of member the team has", () => {
    const small = body(fixtureSpec("crewai-openai-3"));
    expect(small).toMatch(/^- manager: 60 calls\/day/m);
    expect(small).toMatch(/^- member: 40 calls\/day/m);
    expect(small).not.toMatch(/skeptic: \d+ calls\/day/);
    expect(body(fixtureSpec("langgraph-anthropic-5"))).toMatch(/^- skeptic: 20 calls\/day/m);
  });

  it("maps the gap's needs to members and lists what the team does not cover", () => {
    const text = body(fixtureSpec("crewai-openai-6-cost-anomalies"), {
      needs: [
        {
          need: "cost",
          kind: "capability",
          status: "working",
          member: "Cost Analyst",
          tools: ["get_aws_costs"],
        },
        { need: "attribution", kind: "skill", status: "stub", member: "Cost Analyst", tools: [] },
        { need: "mobile", kind: "capability", status: "missing", member: null, tools: [] },
        { need: "marketing", kind: "capability", status: "missing", member: null, tools: [] },
      ],
      toImplement: [],
    });
    expect(text).toContain("**1 of 4 needs covered by working tools.**");
    expect(text).toContain("| cost | ✅ working tool | Cost Analyst | `get_aws_costs` |");
    expect(text).toContain("| attribution | ⚠️ stub only | Cost Analyst | — |");
    expect(text).toMatch(/\*\*Not covered\*\*: .*\n\n- mobile\n- marketing\n/);
    expect(body(fixtureSpec("crewai-openai-3"))).toContain("No known need was recognised");
  });

  it("lists each stub to implement with its signature, owner, file and test, and marks it", () => {
    const team = fixtureSpec("crewai-openai-3");
    const stubbed = {
      ...team,
      members: team.members.map((m, i) =>
        i === 1 ? { ...m, tools: [...m.tools, "build_dashboard"] } : m,
      ),
    };
    const owner = stubbed.members[1];
    const text = body(stubbed, {
      needs: [],
      toImplement: [
        {
          tool: "build_dashboard",
          member: owner?.role ?? "",
          module: owner?.module ?? "",
          needs: ["dashboards"],
        },
      ],
    });
    expect(text).toContain("## To implement (1)");
    expect(text).toContain(
      `- [ ] \`build_dashboard(query: str) -> str\` of the ${owner?.role} — for dashboards: implement it in \`teams/${team.name}/src/${team.name.replace(/-/g, "_")}/tools/${owner?.module}_tools.py\``,
    );
    expect(text).toContain(`\`${owner?.module}.build_dashboard\` from \`STUB_TOOLS\``);
    expect(text).toMatch(/build_dashboard \(stub\) \|$/m);
    expect(body(team)).not.toContain("## To implement");
  });

  it("names the write tools in the review checklist, as starting in dry run", () => {
    const team = fixtureSpec("crewai-openai-3");
    const writer = {
      ...team,
      members: team.members.map((m, i) =>
        i === 1 ? { ...m, tools: ["create_jira_issue", "search_jira_issues"] } : m,
      ),
    };
    expect(body(writer)).toMatch(
      /^- \[ \] Write tools start in dry run .*: `create_jira_issue`\. Set `dry_run: false`/m,
    );
    expect(body(team)).not.toContain("Write tools start in dry run");
  });
});
