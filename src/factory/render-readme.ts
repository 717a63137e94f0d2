import { INTEGRATION_FACTS } from "./integrations.ts";
import { toolsSecret } from "./render-deploy.ts";
import type { TeamModel } from "./team-model.ts";

const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}\u0085]/gu;

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
      ? `${t.catalogue.summary} Real: \`tools/integrations/${INTEGRATION_FACTS[t.catalogue.integration].module}.py\` (${INTEGRATION_FACTS[t.catalogue.integration].library}).`
      : `A stub: raises \`NotImplementedError\` until you implement it in \`tools/${t.members[0]}_tools.py\`.`;
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

/** `kubectl create secret` for the team's own tool settings, when it has any. */
function secretCommand(model: TeamModel): string {
  const own = model.toolEnv.filter((e) => e.source && e.source.secret === null);
  if (own.length === 0) return "";
  const literals = own.map((e) => `  --from-literal=${e.source?.key}=...`).join(" \\\n");
  return `kubectl create secret generic ${toolsSecret(model.slug)} --namespace elf-teams \\\n${literals}\n`;
}

/** README.md: what the team does, its members, how it works, its tools and how to run it. */
export function renderReadme(model: TeamModel, root: string): string {
  const { spec, slug } = model;
  const rows = model.members.map((m) => {
    const badge = m.isManager ? " (manager)" : m.isSkeptic ? " (skeptic)" : "";
    const tools = m.tools.length ? m.tools.map((t) => `\`${t}\``).join(", ") : "—";
    return `| ${md(m.role, true)}${badge} | \`agents/${m.module}.py\` | ${md(m.goal, true)} | ${md(m.skills.join(", "), true) || "—"} | ${tools} |`;
  });
  const steps = model.steps.map((s, i) => `${i + 1}. \`${s.member}\` ${STEP_TEXT[s.kind]}.`);
  const runner =
    spec.framework === "CrewAI"
      ? `\`crew.py\` builds a CrewAI crew (${spec.process} process) with one task per step`
      : "`workflows/team_workflow.py` builds a LangGraph graph with one node per step";
  const required = model.toolEnv.filter((e) => e.required).map((e) => `export ${e.env}=...\n`);
  const secrets = [
    `\`llm-credentials\` (\`${model.provider.secretKey}\`)`,
    ...[
      ...new Set(
        model.toolEnv.flatMap((e) => (e.source ? [e.source.secret ?? toolsSecret(slug)] : [])),
      ),
    ].map((name) => `\`${name}\``),
  ];
  const clusterRead = model.integrations.includes("kubernetes")
    ? `It runs as the service account \`${slug}\`, which may get and list Deployments in every
namespace (a ClusterRole in the same file).\n`
    : "";
  const toolTests = model.integrations.length
    ? "\n`tests/test_tools.py` calls each real tool against a local fake of its service (the\nPostgreSQL query runs when `TEAM_TEST_DATABASE_URL` names a database)."
    : "";
  return `# ${md(spec.displayName)}

${md(spec.description)}

- Team id: \`${slug}\` · department \`${spec.department}\` (reports to ${spec.reportsTo})
- Framework: ${spec.framework} · LLM: ${spec.provider} \`${model.chatModel}\`, falling back to \`${model.fallbackModel}\` · process: ${spec.process}
- Skills: ${md(spec.skills.join(", "))}

## Members

| Role | Module | Goal | Skills | Tools |
| --- | --- | --- | --- | --- |
${rows.join("\n")}

## How it works

${runner}; \`team_server.py\` serves it over HTTP. For each request:

${steps.join("\n")}

Each step sees the notes of the steps before it, so the final answer weighs every part. The
framework is imported only when the team runs, so the modules import without it.
${toolsSection(model)}
## Configuration

\`settings.py\` reads these files when the team starts and stops with the name of a setting that
is missing or wrong:

- \`config/team_config.yaml\`: the team, its members, the steps of a request (\`workflow\`), its
  tools and the server port.
- \`config/llm_config.yaml\`: the provider, \`model\`, \`fallback_model\` (tried once when a run with
  \`model\` fails), \`temperature\`, the key's variable \`api_key_env\` and \`daily_task_quota\`: at
  most ${model.dailyTaskQuota} tasks a UTC day, the volume the cost estimate assumed; above it \`POST /task\`
  answers 429.
- \`config/a2a_config.yaml\`: the team's card, served at \`GET /capabilities\` with its members.

\`GET /status\` shows the task counters, the quota, whether the LLM key is set and which tools
are ready.

## Run locally

\`\`\`sh
cd ${root}
pip install -r requirements.txt
export ${model.provider.envVar}=...
${required.join("")}python team_server.py   # http://localhost:8000/health
curl -s -X POST localhost:8000/task -H 'content-type: application/json' \\
  -d '{"description": "your request"}'
python -m unittest discover tests   # offline tests
\`\`\`

\`tests/test_team.py\` checks that the modules fit together and that the roles act in order, with
small fakes in place of the framework.${toolTests}

## Deploy

\`\`\`sh
${secretCommand(model)}docker build -t elf-automations/${slug}:latest ${root}
kubectl apply -f ${root}/k8s/deployment.yaml
\`\`\`

The image comes from \`Dockerfile\` (dependencies from \`requirements.txt\`, health check
\`health_check.sh\`). The deployment runs in namespace \`elf-teams\` and reads the secrets
${secrets.join(", ")}.
${clusterRead}\`team.json\` records the spec this folder was generated from and its sha256.
`;
}
