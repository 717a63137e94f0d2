import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { generateTeam } from "../../src/factory/generate-team.ts";
import {
  FRAMEWORKS,
  type Framework,
  PROVIDERS,
  type Provider,
  TeamSpec,
} from "../../src/spec/team-spec.ts";

/** Text that tries to break out of every kind of literal the factory writes. */
export const HOSTILE = [
  `"""; import os; os.system("id") #`,
  `'''; __import__('os').system('id') #`,
  `\\" + __import__("os").getcwd() + \\"`,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal `${…}` is the point here
  "${HOME} $(id) `id` {ROLE} {{request}} %s %(x)s",
  "line one\nline two\r\nline three\ttabbed",
  "🚀 👩‍💻 🏳️‍🌈 数据可视化专家 mérité ñ",
  "مرحبا بالعالم שלום \u202eevil\u202c \u200b\u2028\u2029\u00a0\ufeff",
  "\\N{BULLET} \\x41 \\u0041 # not a comment",
  "- item\nkey: value &anchor *alias !tag yes on null ~ 0x1F 1:30 @x %YAML --- ...",
  "| pipe | <script>alert(1)</script> [link](javascript:alert(1))",
  "ends with a backslash \\",
];

const LONG_WORD = `https://example.com/${"a".repeat(280)}`;

/** Module names that stress sorting, wrapping and shadowing; the same in benign and hostile specs. */
const MODULES = [
  "lead",
  "agents",
  "a10",
  "a2",
  "dict",
  "a_very_long_member_module_name_of_forty_",
  "skeptic",
];
/** Stubs that stress naming, and every catalogue tool: all of them in the teams of 6 and 7. */
const TOOLS = [
  [],
  [
    "fetch_data",
    "query_prometheus",
    "get_aws_costs",
    "get_cloudwatch_metric",
    "query_cloudwatch_logs",
    "list_s3_objects",
    "read_s3_object",
    "score_anomalies",
  ],
  [
    "a_very_long_tool_function_name_of_forty_",
    "fetch_data",
    "fetch_data",
    "send_slack_message",
    "run_sql_query",
    "send_email",
    "render_chart",
    "fetch_web_page",
  ],
  [
    "list_kubernetes_workloads",
    "search_github",
    "create_github_issue",
    "get_pull_request_diff",
    "list_pull_request_reviews",
    "comment_on_pull_request",
    "list_merged_pull_requests",
    "list_failed_workflow_runs",
  ],
  [
    "str",
    "get_api_json",
    "search_jira_issues",
    "create_jira_issue",
    "search_linear_issues",
    "create_linear_issue",
    "check_package_vulnerabilities",
    "list_sentry_issues",
  ],
  [
    "x10",
    "query_supabase_table",
    "fetch_billing_data",
    "fetch_tickets",
    "search_zendesk_tickets",
    "create_zendesk_ticket",
    "list_pagerduty_incidents",
    "create_pagerduty_incident",
  ],
  [],
];

export type SampleOptions = {
  framework: Framework;
  provider: Provider;
  members: number;
  hostile: boolean;
  name?: string;
};

function hostileText(seed: number, length: number): string {
  let text = "";
  for (let i = 0; text.length < length; i++) text += `${HOSTILE[(seed + i) % HOSTILE.length]} `;
  return text.slice(0, length).trim();
}

/** A valid spec with `members` members; hostile specs differ from benign ones only in free text. */
export function sampleSpec(options: SampleOptions): TeamSpec {
  const { framework, provider, members, hostile } = options;
  const n = members;
  const text = (seed: number, benign: string, length: number) =>
    hostile ? hostileText(seed, length) : benign;
  const spec = {
    name: options.name ?? `${framework}-${provider}-${n}-team`.toLowerCase(),
    displayName: hostile ? `${HOSTILE[0]}`.slice(0, 80) : `Sample ${framework} Team`,
    description: hostile
      ? `${hostileText(3, 1600)} ${LONG_WORD}`.slice(0, 2000)
      : "A sample team used by the tests to check the generated files.",
    // The longest department the schema allows: four segments of 31 characters.
    department: hostile
      ? `engineering.${"q".repeat(30)}.${"r".repeat(30)}.${"s_".repeat(15)}t`
      : "engineering.quality_assurance",
    reportsTo: "CTO",
    framework,
    provider,
    model: provider === "OpenAI" ? "gpt-4o-mini" : "claude-haiku-4-5",
    process: n >= 5 ? "hierarchical" : "sequential",
    members: Array.from({ length: n }, (_, i) => ({
      role: hostile ? `${i} ${hostileText(i, 70)}` : `Sample Role ${i}`,
      module: i === n - 1 && n >= 5 ? "skeptic" : (MODULES[i] as string),
      goal: text(i + 1, `Do the part of sample role ${i} well.`, 500),
      backstory: text(i + 2, `Sample role ${i} has done this work for years.`, 1000),
      isManager: i === 0,
      isSkeptic: i === n - 1 && n >= 5,
      skills: i % 2 ? ["c++", "c#", "node.js", "ci/cd"] : [],
      // Seven-member teams hold every catalogue tool; smaller ones a few each (their tests run
      // in every team that holds the tool, so the sweep stays quick).
      tools: (TOOLS[i] ?? []).slice(0, n === 7 ? undefined : 3),
    })),
    skills: ["testing", "c++", "a/b testing"],
    source: { kind: "cli", gapKey: "skill:testing" },
  };
  return TeamSpec.parse(spec);
}

/** Both frameworks × both providers × 2..7 members × benign and hostile text, plus a 50-char slug. */
export function sweepSpecs(): TeamSpec[] {
  const specs: TeamSpec[] = [];
  for (const framework of FRAMEWORKS) {
    for (const provider of PROVIDERS) {
      for (let members = 2; members <= 7; members++) {
        for (const hostile of [false, true]) {
          const name = `${framework}-${provider}-${members}${hostile ? "-hostile" : ""}-team`;
          specs.push(
            sampleSpec({ framework, provider, members, hostile, name: name.toLowerCase() }),
          );
        }
      }
    }
  }
  const longName = `${"x".repeat(45)}-team`;
  // The name is the point here, not the size: three members keep its crew's tests cheap.
  specs.push(
    sampleSpec({
      framework: "CrewAI",
      provider: "OpenAI",
      members: 3,
      hostile: true,
      name: longName,
    }),
  );
  return specs;
}

/**
 * The LangGraph teams whose own tests run on LangGraph: two of each size (2–7 members), one per
 * provider, with benign and hostile text alternating, so every provider meets both texts at three
 * sizes. Their generated code differs by provider, text and size only; the other twelve of the
 * sweep get the static checks and the contract check (quality-sweep, framework-contracts).
 */
export function langGraphShapes(): TeamSpec[] {
  const graph = sweepSpecs().filter((s) => s.framework === "LangGraph");
  const named = (n: number, provider: string, hostile: boolean) =>
    graph.find(
      (s) => s.name === `langgraph-${provider}-${n}${hostile ? "-hostile" : ""}-team`,
    ) as TeamSpec;
  return [2, 3, 4, 5, 6, 7].flatMap((n) => [
    named(n, "openai", n % 2 === 1),
    named(n, "anthropic", n % 2 === 0),
  ]);
}

/**
 * The CrewAI teams of the sweep split in two: `inPytest`, 2, 4, 5 and 7 members (both providers
 * alternating, benign and hostile text alternating) and the 50-character name (3 members),
 * tested with the LangGraph teams in teams-in-one-repository.test.ts; `inUnittest`, two more (the other
 * provider and text, a sequential and a hierarchical crew), tested in framework-contracts.test.ts.
 * A crew's tests on CrewAI cost seconds of CPU each (a 7-member one about six), so the other 18 get the contract
 * check only.
 */
export function crewAiShapes(): { inPytest: TeamSpec[]; inUnittest: TeamSpec[] } {
  const crew = sweepSpecs().filter((s) => s.framework === "CrewAI");
  const named = (n: number, provider: string, hostile: boolean) =>
    crew.find(
      (s) => s.name === `crewai-${provider}-${n}${hostile ? "-hostile" : ""}-team`,
    ) as TeamSpec;
  const inPytest = [2, 4, 5, 7].map((n) => named(n, n % 2 ? "anthropic" : "openai", n % 2 === 1));
  const inUnittest = [3, 6].map((n) => named(n, n % 2 ? "openai" : "anthropic", n % 2 === 0));
  return { inPytest: [...inPytest, ...crew.filter((s) => s.name.startsWith("xxx"))], inUnittest };
}

/** Generates each spec under `dir/teams/` and returns the team folders. */
export function writeTeams(dir: string, specs: TeamSpec[]): string[] {
  return specs.map((spec) => {
    for (const file of generateTeam(spec, { teamsDir: "teams" })) {
      const path = join(dir, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
    }
    return join(dir, "teams", spec.name);
  });
}
