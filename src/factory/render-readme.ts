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
  challenge: "challenges the work so far",
  final: "reviews and gives the final answer",
} as const;

/** README.md: what the team does, its members, how it works and how to run and deploy it. */
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
      ? `\`crew.py\` builds a CrewAI crew (${spec.process} process)`
      : "`workflows/team_workflow.py` builds a LangGraph graph of the steps";
  return `# ${md(spec.displayName)}

${md(spec.description)}

- Team id: \`${slug}\` · department \`${spec.department}\` (reports to ${spec.reportsTo})
- Framework: ${spec.framework} · LLM: ${spec.provider} \`${spec.model}\` · process: ${spec.process}
- Skills: ${md(spec.skills.join(", "))}

## Members

| Role | Module | Goal | Skills | Tools |
| --- | --- | --- | --- | --- |
${rows.join("\n")}

## How it works

${runner}; \`team_server.py\` serves it over HTTP. For each request:

${steps.join("\n")}

Tools in \`tools/<member>_tools.py\` are stubs: connect them to real services before relying on
them. The framework is imported only when a team runs, so the modules import without it.

## Run locally

\`\`\`sh
cd ${root}
pip install -r requirements.txt
export ${model.provider.envVar}=...
python team_server.py   # http://localhost:8000/health
curl -s -X POST localhost:8000/task -H 'content-type: application/json' \\
  -d '{"description": "your request"}'
python -m unittest discover tests   # offline smoke test
\`\`\`

## Deploy

\`\`\`sh
docker build -t elf-automations/${slug}:latest ${root}
kubectl apply -f ${root}/k8s/deployment.yaml
\`\`\`

The deployment runs in namespace \`elf-teams\` and reads the secrets \`llm-credentials\`
(\`${model.provider.secretKey}\`) and \`supabase-credentials\` (\`url\`, \`key\`). Settings live in
\`config/\`; \`team.json\` records the spec this folder was generated from and its sha256.
`;
}
