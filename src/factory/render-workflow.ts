/**
 * A LangGraph team: the state, the steps as a graph of small tool-calling agents (each member a
 * model node and the real `ToolNode`), and `graph.py`, the module-level compiled graph that
 * `langgraph.json` names for `langgraph dev`, LangGraph Studio and the Platform.
 */
import { tasksModule } from "./render-tasks.ts";
import type { TeamModel } from "./team-model.ts";

type Files = { path: string; content: string }[];

const STATE = `"""State shared by the steps of the team's workflow."""

import operator
from typing import Annotated, TypedDict


class TeamInput(TypedDict):
    """What a run starts from: the request."""

    request: str


class TeamState(TeamInput, total=False):
    """The request, the notes of every step so far (appended) and the latest answer."""

    notes: Annotated[list[str], operator.add]
    answer: str


class TeamOutput(TypedDict):
    """What a run returns: the final answer and the notes that led to it."""

    notes: list[str]
    answer: str
`;

const WORKFLOW_BODY = `

def tool_error_message(error: Exception) -> str:
    """What the model reads when one of its tools fails (ToolNode's error handler)."""
    return TOOL_ERRORS.record(None, error)


def member_agent(name: str, chat: Callable[[], Any]) -> Any:
    """One member as a tool-calling agent: model, then tools, until it answers."""
    member = MEMBERS[name]
    tools = [tool(function) for function in member.TOOLS]

    def call_model(state: MessagesState) -> dict[str, list[AnyMessage]]:
        model = chat().bind_tools(tools) if tools else chat()
        reply = model.invoke([SystemMessage(member.SYSTEM_PROMPT), *state["messages"]])
        return {"messages": [reply]}

    agent = StateGraph(MessagesState)
    agent.add_node("model", call_model)
    agent.add_edge(START, "model")
    if tools:
        agent.add_node("tools", ToolNode(tools, handle_tool_errors=tool_error_message))
        agent.add_conditional_edges("model", tools_condition)
        agent.add_edge("tools", "model")
    else:
        agent.add_edge("model", END)
    return agent.compile(name=name)


def step_node(name: str, kind: str, agent: Any) -> Callable[[TeamState], Any]:
    """A graph node: one member's step on the request and the team's notes so far."""

    def run_step(state: TeamState) -> dict[str, Any]:
        prompt = describe_step(kind, state["request"])
        notes = state.get("notes") or []
        if notes:
            prompt = f"{prompt}\\n\\nTeam notes so far:\\n" + "\\n\\n".join(notes)
        result = agent.invoke({"messages": [HumanMessage(prompt)]})
        answer = str(result["messages"][-1].text)
        return {"notes": [f"[{name}] {answer}"], "answer": answer}

    return run_step


def build_graph(llm: Any = None) -> Any:
    """START, one node per step of config/team_config.yaml in order, END.

    Each node hands the notes of the steps before it on, so the skeptic reviews the
    members' work and the manager's final answer comes last. Without \`\`llm\`\` the model
    of config/llm_config.yaml is made on the first step, so the graph builds offline.
    """

    def chat() -> Any:
        return llm if llm is not None else default_llm()

    agents = {name: member_agent(name, chat) for name in MEMBERS}
    graph = StateGraph(TeamState, input_schema=TeamInput, output_schema=TeamOutput)
    previous = START
    for index, (name, kind) in enumerate(SETTINGS.steps, start=1):
        node = f"step_{index}_{name}"
        graph.add_node(node, step_node(name, kind, agents[name]))
        graph.add_edge(previous, node)
        previous = node
    graph.add_edge(previous, END)
    return graph.compile(name=SETTINGS.team["name"])


def run_request(request: str, llm: Any = None) -> str:
    """Run the workflow once on \`\`request\`\` and return the final answer."""
    state = build_graph(llm).invoke({"request": request})
    return str(state["answer"])
`;

/** `state.py`, `tasks.py`, `workflow.py` and `graph.py` in the package, and `langgraph.json`. */
export function renderWorkflow(model: TeamModel): Files {
  const { chatModule, chatClass } = model.provider;
  const workflow = `"""The team's steps as a LangGraph graph, the manager's answer last."""

import functools
from collections.abc import Callable
from typing import Any

from langchain_core.messages import AnyMessage, HumanMessage, SystemMessage
from langchain_core.tools import tool
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode, tools_condition

from .agents import MEMBERS
from .settings import SETTINGS
from .state import TeamInput, TeamOutput, TeamState
from .tasks import describe_step
from .tool_errors import TOOL_ERRORS


def create_llm(model: str | None = None) -> Any:
    """The team's chat model (\`\`${chatModule}\`\` loads on first use)."""
    from ${chatModule} import ${chatClass}

    llm = SETTINGS.llm
    return ${chatClass}(model=model or llm.model, temperature=llm.temperature)


@functools.lru_cache(maxsize=1)
def default_llm() -> Any:
    """The model of config/llm_config.yaml, made once, when a step first needs it."""
    return create_llm()
${WORKFLOW_BODY}`;
  const graph = `"""The compiled graph that langgraph.json names (\`\`langgraph dev\`\`, Studio)."""

from ${model.pkg}.workflow import build_graph

graph = build_graph()
`;
  const langgraphJson = {
    $schema: "https://langgra.ph/schema.json",
    dependencies: ["."],
    graphs: { [model.slug]: `./${model.src}/graph.py:graph` },
    python_version: "3.11",
  };
  return [
    { path: `${model.src}/state.py`, content: STATE },
    { path: `${model.src}/tasks.py`, content: tasksModule(model.spec.done) },
    { path: `${model.src}/workflow.py`, content: workflow },
    { path: `${model.src}/graph.py`, content: graph },
    { path: "langgraph.json", content: `${JSON.stringify(langgraphJson, null, 2)}\n` },
  ];
}
