import type { TeamMember } from "../spec/team-spec.ts";
import { catalogueTool } from "../spec/tool-catalogue.ts";
import { INTEGRATION_FACTS, renderIntegrations } from "./integrations.ts";
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

const CREWAI_FACTORY = `def create_agent(llm: Any = None) -> Any:
    """This member as a CrewAI agent (\`\`crewai\`\` loads on first use)."""
    from crewai import Agent
    from crewai.tools import tool

    return Agent(
        role=ROLE,
        goal=GOAL,
        backstory=BACKSTORY,
        tools=[tool(function) for function in TOOLS],
        llm=llm,
        allow_delegation=IS_MANAGER,
        verbose=True,
    )
`;

const LANGGRAPH_FACTORY = `def create_agent(llm: Any = None) -> Any:
    """This member as a LangGraph ReAct agent (\`\`langgraph\`\` loads on first use)."""
    from langchain_core.tools import tool
    from langgraph.prebuilt import create_react_agent

    return create_react_agent(
        llm, tools=[tool(function) for function in TOOLS], prompt=SYSTEM_PROMPT
    )
`;

const SYSTEM_PROMPT =
  'SYSTEM_PROMPT = f"You are the {ROLE}.\\n\\nGoal: {GOAL}\\n\\nBackground: {BACKSTORY}"\n';

function memberModule(model: TeamModel, member: TeamMember): string {
  const crew = model.spec.framework === "CrewAI";
  const imports = member.tools.length
    ? `from typing import Any\n\n${pyFromImport(`tools.${member.module}_tools`, ["TOOLS"])}`
    : "from collections.abc import Callable\nfrom typing import Any\n";
  return [
    '"""One member of the team: its prompt texts, skills, tools and agent factory."""\n\n',
    imports,
    "\n",
    pyAssignString("ROLE", member.role),
    pyAssignString("GOAL", member.goal),
    pyAssignString("BACKSTORY", member.backstory),
    pyStringTuple("SKILLS", member.skills),
    `IS_MANAGER = ${pyBool(member.isManager)}\n`,
    `IS_SKEPTIC = ${pyBool(member.isSkeptic)}\n`,
    member.tools.length ? "" : "TOOLS: tuple[Callable[[str], str], ...] = ()\n",
    crew ? "" : SYSTEM_PROMPT,
    "\n\n",
    crew ? CREWAI_FACTORY : LANGGRAPH_FACTORY,
  ].join("");
}

// This module binds the member names, which may be any identifier (even `dict` or `str`), so it
// names no builtin after the imports and leaves the types to inference.
function agentsPackage(model: TeamModel): string {
  const names = model.members.map((m) => m.module);
  const order = pyCollection({ head: "MEMBER_MODULES = ", open: "(", items: names });
  return `"""Members of the team, the manager first: \`\`MEMBERS[name].create_agent(llm)\`\`."""

${pyFromImport(".", names)}
${order}MEMBERS = {member.__name__.rpartition(".")[2]: member for member in MEMBER_MODULES}
MANAGER = ${pyString(model.manager)}
MEMBER_FACTORIES = {name: member.create_agent for name, member in MEMBERS.items()}

__all__ = ["MANAGER", "MEMBERS", "MEMBER_FACTORIES"]
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
    const module = `tools.integrations.${INTEGRATION_FACTS[integration].module}`;
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
    raises NotImplementedError, which the agent sees as a failed tool call.
    """
${pyCallString("raise NotImplementedError", `${tool} is not implemented yet: no integration of the catalogue fits it. Implement it in tools/${member.module}_tools.py for the ${member.role}: take the agent's text, do what the name says and return the result as text.`, "    ")}`,
  );
  const body = functions.length ? `\n\n${functions.join("\n\n")}\n` : "";
  return `"""Tools of one member: the functions its agent can call."""
${imports ? `\n${imports}` : ""}${body}
${pyCollection({ head: "TOOLS = ", open: "(", items: member.tools })}`;
}

/** `agents/` (package + one module per member) and `tools/` (package + per-member modules). */
export function renderAgents(model: TeamModel): Files {
  const withTools = model.members.filter((m) => m.tools.length > 0);
  return [
    { path: "agents/__init__.py", content: agentsPackage(model) },
    ...model.members.map((m) => ({
      path: `agents/${m.module}.py`,
      content: memberModule(model, m),
    })),
    ...(withTools.length ? [{ path: "tools/__init__.py", content: toolsPackage(model) }] : []),
    ...withTools.map((m) => ({
      path: `tools/${m.module}_tools.py`,
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
