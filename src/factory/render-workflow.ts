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


def build_workflow(model: str | None = None, llm: Any = None) -> Any:
    """The graph: START, one node per step of config/team_config.yaml in order, END.

    Each node hands the notes of the steps before it on, so the skeptic reviews the
    members' work and the manager's final answer comes last.
    """
    from langgraph.graph import END, START, StateGraph

    chat = llm if llm is not None else create_llm(model or SETTINGS.llm.model)
    members = {name: create(chat) for name, create in MEMBER_FACTORIES.items()}
    graph = StateGraph(TeamState)
    previous = START
    for index, (name, kind) in enumerate(SETTINGS.steps, start=1):
        node = f"step_{index}_{name}"
        graph.add_node(node, step_node(name, kind, members[name]))
        graph.add_edge(previous, node)
        previous = node
    graph.add_edge(previous, END)
    return graph.compile()


def run(request: str, model: str | None = None, llm: Any = None) -> str:
    """Run the workflow on one request and return the final answer."""
    workflow = build_workflow(model, llm)
    state = workflow.invoke({"request": request, "notes": [], "answer": ""})
    return str(state["answer"])
`;

/** `workflows/`: package, state definitions and the graph (`langgraph` loads on first use). */
export function renderWorkflow(model: TeamModel): Files {
  const { chatModule, chatClass } = model.provider;
  const workflow = `"""The team's steps as a LangGraph graph, the manager's answer last."""

from typing import Any

from agents import MEMBER_FACTORIES
from settings import SETTINGS
from tasks import describe_step

from .state_definitions import TeamState


def create_llm(model: str) -> Any:
    """The team's chat model \`\`model\`\` (\`\`${chatModule}\`\` loads on first use)."""
    from ${chatModule} import ${chatClass}

    return ${chatClass}(model=model, temperature=SETTINGS.llm.temperature)
${WORKFLOW_BODY}`;
  return [
    { path: "workflows/__init__.py", content: PACKAGE },
    { path: "workflows/state_definitions.py", content: STATE },
    { path: "workflows/team_workflow.py", content: workflow },
  ];
}
