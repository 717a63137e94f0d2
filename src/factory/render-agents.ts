import type { TeamMember } from "../spec/team-spec.ts";
import { catalogueTool } from "../spec/tool-catalogue.ts";
import { INTEGRATION_CODE, renderIntegrations } from "./integrations.ts";
import {
  pyAssignString,
  pyCallString,
  pyCollection,
  pyFromImport,
  pyString,
  pyStringTuple,
} from "./python.ts";
import type { TeamModel } from "./team-model.ts";

type Files = { path: string; content: string }[];

const pyBool = (value: boolean) => (value ? "True" : "False");

const SYSTEM_PROMPT =
  'SYSTEM_PROMPT = f"You are the {ROLE}.\\n\\nGoal: {GOAL}\\n\\nBackground: {BACKSTORY}"\n';

const MEMBER_NAMES = [
  "ROLE",
  "GOAL",
  "BACKSTORY",
  "SKILLS",
  "IS_MANAGER",
  "IS_SKEPTIC",
  "TOOLS",
  "SYSTEM_PROMPT",
];

/** `agents/<member>.py` of a LangGraph team: the member's prompt texts, skills and tools. */
function memberModule(member: TeamMember): string {
  const imports = member.tools.length
    ? pyFromImport(`..tools.${member.module}_tools`, ["TOOLS"])
    : "from collections.abc import Callable\n";
  return [
    '"""One member of the team: its prompt texts, skills and tools."""\n\n',
    imports,
    "\n",
    pyCollection({ head: "__all__ = ", open: "[", items: MEMBER_NAMES.map(pyString) }),
    pyAssignString("ROLE", member.role),
    pyAssignString("GOAL", member.goal),
    pyAssignString("BACKSTORY", member.backstory),
    pyStringTuple("SKILLS", member.skills),
    `IS_MANAGER = ${pyBool(member.isManager)}\n`,
    `IS_SKEPTIC = ${pyBool(member.isSkeptic)}\n`,
    member.tools.length ? "" : "TOOLS: tuple[Callable[..., str], ...] = ()\n",
    SYSTEM_PROMPT,
  ].join("");
}

// This module binds the member names, which may be any identifier (even `dict` or `str`), so it
// names no builtin after the imports and leaves the types to inference.
function agentsPackage(model: TeamModel): string {
  const names = model.members.map((m) => m.module);
  const order = pyCollection({ head: "MEMBER_MODULES = ", open: "(", items: names });
  return `"""Members of the team, the manager first: \`\`MEMBERS[name].SYSTEM_PROMPT\`\`."""

${pyFromImport(".", names)}
${order}MEMBERS = {member.__name__.rpartition(".")[2]: member for member in MEMBER_MODULES}
MANAGER = ${pyString(model.manager)}

__all__ = ["MANAGER", "MEMBERS"]
`;
}

// The tool functions may shadow builtins; a stub named `str` gets its annotations from an alias.
function toolsModule(member: TeamMember): string {
  const stubs = member.tools.filter((tool) => !catalogueTool(tool));
  const text = stubs.includes("str") ? "Text" : "str";
  const byModule = new Map<string, string[]>();
  for (const name of member.tools) {
    const integration = catalogueTool(name)?.integration;
    if (!integration) continue;
    const module = `.integrations.${INTEGRATION_CODE[integration].module}`;
    byModule.set(module, [...(byModule.get(module) ?? []), name]);
  }
  const fromCatalogue = [...byModule.keys()]
    .sort()
    .map((module) => pyFromImport(module, byModule.get(module) ?? []))
    .join("");
  const imports = [text === "str" ? "" : "from builtins import str as Text\n", fromCatalogue]
    .filter(Boolean)
    .join("\n");
  const functions = stubs.map(
    (tool) => `def ${tool}(query: ${text}) -> ${text}:
    """${tool.charAt(0).toUpperCase()}${tool.slice(1).replace(/_/g, " ")}.

    A stub: no integration of the catalogue fits this tool. Until it is implemented it
    raises NotImplementedError; the agent reads the error as the tool's answer.
    """
${pyCallString("raise NotImplementedError", `${tool} is not implemented yet: no integration of the catalogue fits it. Implement it in tools/${member.module}_tools.py for the ${member.role}: take the agent's text, do what the name says and return the result as text.`, "    ")}`,
  );
  const body = functions.length ? `\n\n${functions.join("\n\n")}\n` : "";
  return `"""Tools of one member: the functions its agent can call."""
${imports ? `\n${imports}` : ""}${body}
${pyCollection({ head: "TOOLS = ", open: "(", items: member.tools })}`;
}

/**
 * `tools/` (package + per-member modules + the catalogue's integrations), and for LangGraph
 * `agents/` (package + one module per member); a CrewAI team's members are config/agents.yaml.
 */
export function renderAgents(model: TeamModel): Files {
  const withTools = model.members.filter((m) => m.tools.length > 0);
  const agents =
    model.spec.framework === "LangGraph"
      ? [
          { path: `${model.src}/agents/__init__.py`, content: agentsPackage(model) },
          ...model.members.map((m) => ({
            path: `${model.src}/agents/${m.module}.py`,
            content: memberModule(m),
          })),
        ]
      : [];
  return [
    ...agents,
    ...(withTools.length
      ? [{ path: `${model.src}/tools/__init__.py`, content: toolsPackage(model) }]
      : []),
    ...withTools.map((m) => ({
      path: `${model.src}/tools/${m.module}_tools.py`,
      content: toolsModule(m),
    })),
    ...renderIntegrations(model),
  ];
}

/** `tools/__init__.py`, written only when some member has tools. */
function toolsPackage(model: TeamModel): string {
  return model.integrations.length
    ? `"""Tools of the team: \`\`tools/<member>_tools.py\`\` for each member with tools.

Catalogue tools are real integrations in \`\`tools/integrations/\`\`; others are stubs.
"""\n`
    : `"""Tools of the team: \`\`tools/<member>_tools.py\`\` for each member with tools."""\n`;
}
