import { pyString } from "./python.ts";
import type { TeamModel } from "./team-model.ts";

type Files = { path: string; content: string }[];

const PACKAGE = `"""LangGraph workflow of the team: \`\`run(request)\`\` returns the final answer."""

from .team_workflow import build_workflow, create_llm, run

__all__ = ["build_workflow", "create_llm", "run"]
`;

const STATE = `"""State shared by the steps of the team's workflow."""

import operator
from typing import Annotated, TypedDict


class TeamState(TypedDict):
    """The request, every step's notes (appended) and the latest answer."""

    request: str
    notes: Annotated[list[str], operator.add]
    answer: str
`;

const WORKFLOW_BODY = `

def step_node(name: str, kind: str, agent: Any) -> Any:
    """A graph node: one member's step on the request and the team's notes so far."""

    def run_step(state: TeamState) -> dict[str, Any]:
        prompt = describe_step(kind, state["request"])
        if state["notes"]:
            notes = "\\n\\n".join(state["notes"])
            prompt = f"{prompt}\\n\\nTeam notes so far:\\n{notes}"
        result = agent.invoke({"messages": [("user", prompt)]})
        answer = str(result["messages"][-1].content)
        return {"notes": [f"[{name}] {answer}"], "answer": answer}

    return run_step


def build_workflow(llm: Any = None) -> Any:
    """Compile the graph: START, then each step in order, then END."""
    from langgraph.graph import END, START, StateGraph

    model = llm if llm is not None else create_llm()
    members = {name: create(model) for name, create in MEMBER_FACTORIES.items()}
    graph = StateGraph(TeamState)
    previous = START
    for index, (name, kind) in enumerate(STEPS, start=1):
        node = f"step_{index}_{name}"
        graph.add_node(node, step_node(name, kind, members[name]))
        graph.add_edge(previous, node)
        previous = node
    graph.add_edge(previous, END)
    return graph.compile()


def run(request: str, llm: Any = None) -> str:
    """Run the workflow on one request and return the final answer."""
    state = build_workflow(llm).invoke({"request": request, "notes": [], "answer": ""})
    return str(state["answer"])
`;

/** `workflows/`: package, state definitions and the graph (\`langgraph\` loads on first use). */
export function renderWorkflow(model: TeamModel): Files {
  const { chatModule, chatClass } = model.provider;
  const workflow = `"""The team's steps as a LangGraph graph, the manager's answer last."""

from typing import Any

from agents import MEMBER_FACTORIES
from tasks import STEPS, describe_step

from .state_definitions import TeamState

MODEL = ${pyString(model.chatModel)}
TEMPERATURE = ${model.temperature}


def create_llm() -> Any:
    """The team's chat model (\`\`${chatModule}\`\` loads on first use)."""
    from ${chatModule} import ${chatClass}

    return ${chatClass}(model=MODEL, temperature=TEMPERATURE)
${WORKFLOW_BODY}`;
  return [
    { path: "workflows/__init__.py", content: PACKAGE },
    { path: "workflows/state_definitions.py", content: STATE },
    { path: "workflows/team_workflow.py", content: workflow },
  ];
}
