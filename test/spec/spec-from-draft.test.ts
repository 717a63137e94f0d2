import { describe, expect, it } from "vitest";
import { draftFor } from "../../simulator/openai.ts";
import { DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";
import { buildHeuristicSpec } from "../../src/spec/build-heuristic-spec.ts";
import { LlmTeamDraft, specFromDraft } from "../../src/spec/spec-draft.ts";
import { gap } from "./gap-fixtures.ts";

const g = gap({ requiredSkills: ["charts", "sql"] });
const fallback = buildHeuristicSpec({ gap: g, config: DEFAULT_REPO_CONFIG });
const draft = (): LlmTeamDraft =>
  draftFor(JSON.stringify({ requiredSkills: ["charts", "sql"] })) as LlmTeamDraft;

describe("specFromDraft", () => {
  it("takes name, model, framework and source from us, not from the model", () => {
    const spec = specFromDraft({ draft: draft(), gap: g, fallback });
    expect(spec.name).toBe("charts-team");
    expect(spec).toMatchObject({
      model: fallback.model,
      framework: fallback.framework,
      source: fallback.source,
    });
    expect(spec.skills.slice(0, 2)).toEqual(["charts", "sql"]);
  });

  it("makes the first member the manager when the model named none, and puts a named one first", () => {
    const none = draft();
    none.members = none.members.map((m) => ({ ...m, isManager: false }));
    expect(specFromDraft({ draft: none, gap: g, fallback }).members[0]?.isManager).toBe(true);
    const last = draft();
    last.members.reverse();
    const spec = specFromDraft({ draft: last, gap: g, fallback });
    expect(spec.members[0]?.role).toBe("Charts Lead");
  });

  it("normalises modules, tools and skills, and replaces an unusable department", () => {
    const messy = draft();
    messy.department = "Engineering / Charts!!";
    messy.members.push({
      ...messy.members[1],
      role: "Charts-Specialist",
      isManager: false,
      tools: [],
      missingTools: ["Render Chart", "render chart", "!!"],
      skills: ["  SQL "],
    } as LlmTeamDraft["members"][number]);
    const spec = specFromDraft({ draft: messy, gap: g, fallback });
    expect(spec.department).toBe(fallback.department);
    const modules = spec.members.map((m) => m.module);
    expect(new Set(modules).size).toBe(modules.length);
    // The skill sql calls for the catalogue's real SQL tool, added after the member's own.
    expect(spec.members.at(-1)).toMatchObject({
      tools: ["render_chart", "run_sql_query"],
      skills: ["sql"],
    });
  });

  it("lets the model pick working tools from the catalogue only; a missing one becomes a stub", () => {
    const picked = draft();
    const [lead, member] = picked.members;
    if (!lead || !member) throw new Error("the simulator's draft has two members");
    const invented = { ...picked, members: [lead, { ...member, tools: ["query_the_data_lake"] }] };
    expect(LlmTeamDraft.safeParse(invented).success).toBe(false);
    const honest = {
      ...picked,
      members: [
        lead,
        { ...member, tools: ["get_aws_costs"], missingTools: ["query_the_data_lake"] },
      ],
    };
    const spec = specFromDraft({ draft: LlmTeamDraft.parse(honest), gap: g, fallback });
    expect(spec.members[1]?.tools.slice(0, 2)).toEqual(["get_aws_costs", "query_the_data_lake"]);
    expect(spec.members[1]).not.toHaveProperty("missingTools");
  });

  it("lets the requester's department win and derives the reporting line", () => {
    const spec = specFromDraft({
      draft: draft(),
      gap: gap({ requiredSkills: ["charts"], request: { department: "finance.reporting" } }),
      fallback,
    });
    expect(spec).toMatchObject({ department: "finance.reporting", reportsTo: "CFO" });
  });

  it("rejects a draft that breaks the team rules", () => {
    const two = draft();
    two.members = two.members.map((m) => ({ ...m, isManager: true }));
    expect(() => specFromDraft({ draft: two, gap: g, fallback })).toThrow(/exactly one manager/);
  });
});
