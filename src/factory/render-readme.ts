import { INTEGRATION_CODE } from "./integrations.ts";
import { toolsSecret } from "./render-deploy.ts";
import type { TeamModel } from "./team-model.ts";

const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}\u0085]/gu;

const libraryName = (library: string) =>
  library === "stdlib" ? "Python's standard library" : library;

/** Text for Markdown: no raw HTML or invisible characters; in a table cell no pipes or breaks. */
function md(text: string, cell = false): string {
  const escaped = text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r\n?/g, "\n")
    .replace(INVISIBLE, (c) => `&#x${(c.codePointAt(0) ?? 0).toString(16)};`);
  return cell ? escaped.replace(/\|/g, "\\|").replace(/\s*[\r\n]+\s*/g, " ") : escaped;
}

const STEP_TEXT = {
  plan: "plans the work",
  work: "works on its part",
  challenge: "reviews the specialists' work before the answer",
  final: "reviews and gives the final answer",
} as const;

function toolsSection(model: TeamModel): string {
  if (model.tools.length === 0) return "";
  const rows = model.tools.map((t) => {
    const users = t.members.map((m) => `\`${m}\``).join(", ");
    const what = t.catalogue
      ? `${t.catalogue.summary} Real: \`${model.src}/tools/integrations/${INTEGRATION_CODE[t.catalogue.integration].module}.py\` (${libraryName(INTEGRATION_CODE[t.catalogue.integration].library)}).${t.catalogue.writes ? " **Writes**: starts in dry run." : ""}`
      : `A stub: raises \`NotImplementedError\` until you implement it in \`${model.src}/tools/${t.members[0]}_tools.py\`; the agent reads the error and goes on.`;
    return `| \`${t.name}\` | ${users} | ${what} |`;
  });
  const env = model.toolEnv.map((e) => {
    const where = e.source
      ? `secret \`${e.source.secret ?? toolsSecret(model.slug)}\`, key \`${e.source.key}\``
      : "not set in the cluster (the pod's service account is used)";
    return `| \`${e.env}\` | ${e.required ? "yes" : "no"} | ${e.tools.map((t) => `\`${t}\``).join(", ")} | ${e.meaning} | ${where} |`;
  });
  const envTable = env.length
    ? `

The real tools read these environment variables; a tool called without a required one fails
with a message naming it, and \`GET /status\` lists what each tool misses:

| Variable | Required | Read by | What it holds | In Kubernetes |
| --- | --- | --- | --- | --- |
${env.join("\n")}`
    : "";
  return `
## Tools

| Tool | Used by | What it does |
| --- | --- | --- |
${rows.join("\n")}${envTable}
`;
}

/** `kubectl create secret` for the team's own secret: the API token and its tools' settings. */
function secretCommand(model: TeamModel): string {
  const own = model.toolEnv.filter((e) => e.source && e.source.secret === null);
  const keys = ["api-token", ...own.map((e) => e.source?.key)];
  const literals = keys.map((key) => `  --from-literal=${key}=...`).join(" \\\n");
  return `kubectl create secret generic ${toolsSecret(model.slug)} --namespace elf-teams \\\n${literals}\n`;
}

/** How to run the team with its framework's own tools. */
function runSection(model: TeamModel, root: string): string {
  const required = model.toolEnv.filter((e) => e.required).map((e) => `export ${e.env}=...\n`);
  const setup = `cd ${root}\npip install -e .\nexport ${model.provider.envVar}=...\n${required.join("")}`;
  if (model.spec.framework === "CrewAI") {
    return `It is a CrewAI project as \`crewai create crew\` lays one out (\`pyproject.toml\` with
\`[tool.crewai]\`, \`${model.src}/crew.py\`, \`main.py\`, \`config/agents.yaml\`, \`config/tasks.yaml\`):

\`\`\`sh
${setup}crewai run                      # or: run_crew "your request"
crewai test -n 2 -m gpt-4o-mini # score two runs
\`\`\``;
  }
  return `\`langgraph.json\` names the module-level graph in \`${model.src}/graph.py\`, for \`langgraph dev\`,
LangGraph Studio and the Platform:

\`\`\`sh
${setup}pip install "langgraph-cli[inmem]"
langgraph dev                   # Studio on the team's graph; input: {"request": "..."}
\`\`\``;
}

/** README.md: what the team does, its members, how it works, its tools and how to run it. */
export function renderReadme(model: TeamModel, root: string): string {
  const { spec, slug } = model;
  const crew = spec.framework === "CrewAI";
  const rows = model.members.map((m) => {
    const badge = m.isManager ? " (manager)" : m.isSkeptic ? " (skeptic)" : "";
    const tools = m.tools.length ? m.tools.map((t) => `\`${t}\``).join(", ") : "—";
    const where = crew
      ? `\`config/agents.yaml\`: \`${model.agentKeys[m.module]}\``
      : `\`agents/${m.module}.py\``;
    return `| ${md(m.role, true)}${badge} | ${where} | ${md(m.goal, true)} | ${md(m.skills.join(", "), true) || "—"} | ${tools} |`;
  });
  const steps = model.steps.map((s, i) => `${i + 1}. \`${s.member}\` ${STEP_TEXT[s.kind]}.`);
  const runner = crew
    ? `\`crew.py\` is a CrewAI crew (\`@CrewBase\`, ${spec.process} process) with one task per step`
    : "`workflow.py` builds a LangGraph graph with one node per step; each member is a small tool-calling agent (its model node and LangGraph's `ToolNode`)";
  const secrets = [
    `\`llm-credentials\` (\`${model.provider.secretKey}\`)`,
    `\`${toolsSecret(slug)}\` (\`api-token\`${model.toolEnv.some((e) => e.source && e.source.secret === null) ? " and the tools' settings" : ""})`,
    ...[...new Set(model.toolEnv.flatMap((e) => (e.source?.secret ? [e.source.secret] : [])))].map(
      (name) => `\`${name}\``,
    ),
  ];
  const clusterRead = model.integrations.includes("kubernetes")
    ? `It runs as the service account \`${slug}\`, which may get and list Deployments in every
namespace (a ClusterRole in the same file).\n`
    : "";
  const toolTests = model.integrations.length
    ? `\n- \`tests/test_${model.pkg}_tools.py\` calls each real tool through ${spec.framework}'s tool wrapper against a local fake
  of its service (the PostgreSQL query runs when \`TEAM_TEST_DATABASE_URL\` names a database).`
    : "";
  return `# ${md(spec.displayName)}

${md(spec.description)}

- Team id: \`${slug}\` · package \`${model.pkg}\` · department \`${spec.department}\` (reports to ${spec.reportsTo})
- Framework: ${spec.framework} · LLM: ${spec.provider} \`${model.chatModel}\`, falling back to \`${model.fallbackModel}\` · process: ${spec.process}
- Skills: ${md(spec.skills.join(", "))}

## Members

| Role | Defined in | Goal | Skills | Tools |
| --- | --- | --- | --- | --- |
${rows.join("\n")}

## How it works

${runner}; \`team_server.py\` serves it over HTTP. For each request:

${steps.join("\n")}

Each step sees the work of the steps before it, so the final answer weighs every part. A tool
that fails answers its agent with the error, and the run goes on.
${toolsSection(model)}
## Run it

${runSection(model, root)}

## Test it

\`\`\`sh
pytest ${root}/tests
\`\`\`

- \`tests/test_${model.pkg}_team.py\` builds and runs the team on the real ${spec.framework}, offline: only the
  model is scripted; every member acts and calls each of its tools, and the server's routes,
  fallback and quota are checked.${toolTests}

The file names carry the package, so \`pytest\` from the repository's root collects every team.

## Configuration

\`${model.src}/settings.py\` reads these files when the team starts and stops with the name of a
setting that is missing or wrong:

- \`config/team_config.yaml\`: the team, its members, the steps of a request (\`workflow\`), its
  tools and the server (port, and \`token_env\`: the variable holding the API token).
- \`config/llm_config.yaml\`: the provider, \`model\`, \`fallback_model\` (tried once when the model
  or its provider fails; never for a tool's error), \`temperature\`, the key's variable
  \`api_key_env\` and \`daily_task_quota\`: at most ${model.dailyTaskQuota} tasks a UTC day, the volume the cost
  estimate assumed; above it \`POST /task\` answers 429.
- \`config/a2a_config.yaml\`: the team's card, served at \`GET /capabilities\` with its members.

## HTTP server

\`python -m ${model.pkg}.team_server\` (port 8000): \`GET /health\` (liveness), \`GET /ready\` (503 and
the missing variables while the model key, \`TEAM_API_TOKEN\` or a required tool setting is
unset), \`POST /task\` with \`Authorization: Bearer $TEAM_API_TOKEN\` and \`{"description": "..."}\`,
\`GET /capabilities\` and \`GET /status\` (task counters, tool errors, the quota, which tools are
ready).

## Deploy

\`\`\`sh
${secretCommand(model)}docker build -t elf-automations/${slug}:latest ${root}
kubectl apply -f ${root}/k8s/deployment.yaml
\`\`\`

The image comes from \`Dockerfile\` (dependencies from \`requirements.txt\`, health check
\`health_check.sh\`). The deployment runs in namespace \`elf-teams\` (read-only root filesystem,
no privilege escalation, the runtime's seccomp profile) and reads the secrets ${secrets.join(", ")}.
${clusterRead}\`team.json\` records the spec this folder was generated from, its sha256 and the framework
versions its tests ran on; \`pyproject.toml\` pins the same major versions.
`;
}
