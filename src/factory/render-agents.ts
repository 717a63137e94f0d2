import type { TeamMember } from "../spec/team-spec.ts";
import { pyAssignString, pyCollection, pyFromImport, pyString, pyStringTuple } from "./python.ts";
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

// The tool functions may shadow builtins; a tool named `str` gets its annotations from an alias.
function toolsModule(member: TeamMember): string {
  const text = member.tools.includes("str") ? "Text" : "str";
  const functions = member.tools.map(
    (tool) => `def ${tool}(query: ${text}) -> ${text}:
    """${tool.charAt(0).toUpperCase()}${tool.slice(1).replace(/_/g, " ")}.

    A stub: replace the body with the real integration.
    """
    return "not connected yet: " + query
`,
  );
  const imports = text === "str" ? "" : "from builtins import str as Text\n\n";
  return `"""Tools of one member: stubs that the team's agents can already call."""

${imports}
${functions.join("\n\n")}

${pyCollection({ head: "TOOLS = ", open: "(", items: member.tools })}`;
}

/** `agents/` (package + one module per member) and `tools/` (package + per-member stubs). */
export function renderAgents(model: TeamModel): Files {
  const withTools = model.members.filter((m) => m.tools.length > 0);
  return [
    { path: "agents/__init__.py", content: agentsPackage(model) },
    ...model.members.map((m) => ({
      path: `agents/${m.module}.py`,
      content: memberModule(model, m),
    })),
    {
      path: "tools/__init__.py",
      content: `"""Tools of the team: \`\`tools/<member>_tools.py\`\` for each member with tools."""\n`,
    },
    ...withTools.map((m) => ({
      path: `tools/${m.module}_tools.py`,
      content: toolsModule(m),
    })),
  ];
}
