import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { startOpenAISimulator } from "../../simulator/openai.ts";
import { generateTeam } from "../../src/factory/generate-team.ts";
import { TeamSpec } from "../../src/spec/team-spec.ts";
import { bin, cli, envWithout } from "../support/cli.ts";
import { fixtureSpec } from "../support/fixture-spec.ts";

/** `team-factory plan` with no OpenAI settings unless given. */
const plan = (args: string[], env: Record<string, string> = {}, stdin?: string) =>
  cli(["plan", ...args], { env: { ...envWithout(/^OPENAI_/), ...env }, stdin });

describe("team-factory plan", () => {
  it("prints the spec and cost as JSON, offline, without a key", async () => {
    const run = await plan([
      "Kubernetes cost monitoring across our clusters",
      "--skills",
      "kubernetes,monitoring",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.status).toBe("planned");
    expect(out.via).toBe("heuristic");
    expect(TeamSpec.safeParse(out.spec).success).toBe(true);
    expect(out.spec.skills.slice(0, 2)).toEqual(["kubernetes", "monitoring"]);
    expect(out.cost.monthlyUsd).toBeGreaterThan(0);
  });

  it("takes the team name and model, and infers the provider from a Claude model", async () => {
    const run = await plan([
      "Kubernetes cost monitoring",
      "--name",
      "Spend Watch",
      "--model",
      "claude-sonnet-4-20250514",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.spec).toMatchObject({
      name: "spend-watch-team",
      provider: "Anthropic",
      model: "claude-sonnet-4-20250514",
    });
    expect(out.cost.priceSource).toBe("default");
  });

  it("prints a readable table with the requested framework, provider and department", async () => {
    const run = await plan([
      "customer support triage in Spanish",
      "--framework",
      "langgraph",
      "--provider",
      "ANTHROPIC",
      "--department",
      "support.latam",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Team\s+spanish-support-triage-team/);
    expect(run.stdout).toMatch(/LangGraph, Anthropic claude-haiku-4-5/);
    expect(run.stdout).toMatch(/support\.latam, reports to COO/);
    expect(run.stdout).toMatch(/Total\s+\$\d+\.\d\d\/month/);
  });

  it("exits 2 with what was wrong on bad arguments, in one line", async () => {
    const cases: [string[], RegExp][] = [
      [[], /give the missing capability/],
      [["x", "--framework", "autogen"], /not one of CrewAI, LangGraph/],
      [["x", "--colour", "red"], /^team-factory plan: unknown option --colour \(see/],
      [["x", "--skills"], /^team-factory plan: --skills needs a value \(see/],
      [["x", "--json=yes"], /^team-factory plan: --json takes no value \(see/],
    ];
    for (const [args, why] of cases) {
      const run = await plan(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(why);
      expect(run.stderr).toMatch(/ \(see team-factory plan --help\)\n$/);
      expect(run.stderr.split("\n")).toHaveLength(2);
    }
  });

  it("reads the description from standard input for -, as one would pipe it", async () => {
    const description = "Kubernetes cost monitoring for our clusters, alerting on spend anomalies";
    const env = envWithout(/^OPENAI_/);
    const piped = await bin(["plan", "-", "--json"], { stdin: `${description}\n`, env });
    expect(piped).toMatchObject({ code: 0, stderr: "" });
    const typed = await plan([description, "--json"]);
    expect(JSON.parse(piped.stdout).spec).toEqual(JSON.parse(typed.stdout).spec);
  });

  it("reads a 200 KB description from --file (or --file - for standard input), planned from its first 20,000 characters", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-file-"));
    try {
      const description = `Kubernetes cost monitoring for our clusters, alerting on spend anomalies.\n${"Background: the clusters grew last quarter and nobody watches the bill. ".repeat(2800)}`;
      expect(description.length).toBeGreaterThan(200_000);
      const file = join(dir, "gap.md");
      writeFileSync(file, description);
      const cut = `team-factory plan: the description has ${description.trim().length.toLocaleString("en-US")} characters; it is planned from its first 20,000, as an issue's is\n`;
      const run = await plan(["--file", file, "--json"]);
      expect(run).toMatchObject({ code: 0, stderr: cut });
      const spec = JSON.parse(run.stdout).spec;
      expect(spec.skills).toEqual(expect.arrayContaining(["kubernetes", "cost analysis"]));
      const piped = await bin(["plan", "--file", "-", "--json"], {
        stdin: description,
        env: envWithout(/^OPENAI_/),
      });
      expect(piped).toMatchObject({ code: 0, stderr: cut });
      expect(JSON.parse(piped.stdout).spec).toEqual(spec);
      const missing = await plan(["--file", join(dir, "none.md")]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^team-factory plan: cannot read --file .*none\.md: ENOENT/);
      expect((await plan(["words", "--file", file])).stderr).toMatch(
        /^team-factory plan: give the description once: as words, as - for standard input, or with --file /,
      );
      expect((await plan(["-"], {}, "  \n")).stderr).toMatch(
        /^team-factory plan: standard input holds no description/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a --name that is not a plain team name, saying what is allowed", async () => {
    for (const name of ["../../etc", "a/b", ".hidden", "x".repeat(46), "équipe"]) {
      const run = await plan(["Kubernetes cost monitoring for our clusters", "--name", name]);
      expect(run.code, name).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(
        `team-factory plan: team name ${JSON.stringify(name)} is not a plain name: use letters a-z, digits, spaces, hyphens and underscores, starting with a letter or digit, at most 45 characters, like cost-watch or "Cost Watch" (the team is then cost-watch-team) (see team-factory plan --help)\n`,
      );
    }
    for (const [name, slug] of [
      ["cost-watch", "cost-watch-team"],
      ["Cost Watch", "cost-watch-team"],
      ["cost_watch-team", "cost-watch-team"],
    ]) {
      const run = await plan([
        "Kubernetes cost monitoring for our clusters",
        "--name",
        name,
        "--json",
      ]);
      expect(JSON.parse(run.stdout).spec.name, name).toBe(slug);
    }
  });

  it("exits 1 with the rule that failed when the gap says too little", async () => {
    const run = await plan(["charts"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Not planned: The description is too short \(6 characters;/);
    const repeated = await plan(["A".repeat(71)]);
    expect(repeated.stdout).toMatch(/too few different words \(1; at least 3/);
    expect(repeated.stdout).not.toMatch(/too short/);
  });

  it("speaks to CLI users: skills go in --skills, not an issue form field", async () => {
    const chinese = "我们需要一个团队来照顾办公室里的植物并记录浇水的时间";
    const run = await plan([chinese]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/No skills were found: name them with --skills/);
    expect(run.stdout).not.toMatch(/issue|create-team/);
    const withSkills = await plan([chinese, "--skills", "cost analysis,anomaly detection"]);
    expect(withSkills.code).toBe(0);
  });

  it("plans from a Japanese-only or Chinese-only description, finding its skills", async () => {
    for (const [text, skills] of [
      [
        "顧客からの問い合わせを分類して、返信の下書きを作成するチームが必要です。",
        ["customer support", "reply drafting"],
      ],
      [
        "我们需要一个团队来监控集群成本并在支出异常时发出警报",
        ["monitoring", "kubernetes", "cost analysis", "anomaly detection"],
      ],
    ] as const) {
      const run = await plan([text, "--json"]);
      expect(run.code, text).toBe(0);
      expect(JSON.parse(run.stdout).spec.skills, text).toEqual(skills);
    }
  });

  it("lists the needs of the description, how many working tools cover, and the stubs", async () => {
    const run = await plan([
      "Kubernetes cost monitoring for our clusters, alerting on spend anomalies",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Needs of the description\n {2}4 of 4 needs covered by working tools\n {2}kubernetes\s+working\s+Kubernetes Engineer, with list_kubernetes_workloads/,
    );
    expect(run.stdout).toMatch(
      /anomaly detection\s+working\s+Anomaly Detection Analyst, with score_anomalies/,
    );
    const recruiting = await plan([
      "Screen candidates and schedule interviews for engineering roles",
    ]);
    expect(recruiting.stdout).toContain("0 of 1 needs covered by working tools");
    expect(recruiting.stdout).toMatch(/recruiting\s+STUB\s+Talent Partner: no working tool/);
    expect(recruiting.stdout).toMatch(
      /To implement \(stubs: they raise NotImplementedError\)\n {2}screen_candidate\(query: str\) -> str\s+Talent Partner\s+tools\/talent_partner_tools\.py/,
    );
    const json = JSON.parse(
      (
        await plan([
          "Security review, Playwright tests, a CI/CD pipeline, dbt ETL, React frontend, iOS app and SEO campaigns",
          "--json",
        ])
      ).stdout,
    );
    const missing = json.coverage.needs.filter((n: { status: string }) => n.status === "missing");
    expect(missing.map((n: { need: string }) => n.need)).toEqual(["mobile", "marketing"]);
  });

  it("suggests an existing team found in --teams-dir", async () => {
    const run = await plan([
      "We need charts and dashboards for the metrics",
      "--skills",
      "charts,dashboards",
      "--teams-dir",
      "fixtures/teams",
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/data-visualization-team already covers/);
  });

  it("compares with the teams this generator wrote in --teams-dir (their team.json), and names a missing folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-teams-"));
    try {
      const spec = fixtureSpec("crewai-openai-3");
      for (const f of generateTeam(spec, { teamsDir: "teams" })) {
        mkdirSync(dirname(join(dir, f.path)), { recursive: true });
        writeFileSync(join(dir, f.path), f.content);
      }
      const run = await plan([
        "We need charts and dashboards for the weekly metrics",
        "--teams-dir",
        join(dir, "teams"),
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`^Not planned: ${spec.name} already covers`));
      const missing = await plan([
        "charts and dashboards for the metrics",
        "--teams-dir",
        join(dir, "none"),
      ]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(
        /^team-factory plan: cannot read --teams-dir .*none: ENOENT: no such file or directory \(see/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("drafts with an OpenAI-compatible server when OPENAI_API_KEY is set", async () => {
    const sim = await startOpenAISimulator();
    try {
      const run = await plan(["Kubernetes cost monitoring across our clusters", "--json"], {
        OPENAI_API_KEY: "test",
        OPENAI_BASE_URL: sim.baseURL,
        OPENAI_TIMEOUT_MS: "5000",
      });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).via).toBe("model");
      expect(sim.requests).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });

  it("exits 2 naming the variable when an OpenAI setting is unusable", async () => {
    const run = await plan(["Kubernetes cost monitoring"], {
      OPENAI_API_KEY: "k",
      OPENAI_TIMEOUT_MS: "soon",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/OPENAI_TIMEOUT_MS must be/);
  });
});
