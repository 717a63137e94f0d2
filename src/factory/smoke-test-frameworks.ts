// The framework-specific parts of tests/test_team.py: fakes of CrewAI or LangGraph (so the test
// needs neither installed) and the check that the roles act in order.

const FAKES_COMMON = `

def fake_module(name: str, **attributes: Any) -> ModuleType:
    """A stand-in module holding \`\`attributes\`\`."""
    module = ModuleType(name)
    vars(module).update(attributes)
    return module


class Recorder:
    """A stand-in class that keeps the arguments it was built with."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs
`;

export const CREWAI_FAKES = `${FAKES_COMMON}

class FakeCrew(Recorder):
    def kickoff(self) -> str:
        return "the crew's answer"


def framework_fakes() -> dict[str, ModuleType]:
    """Stand-ins for crewai that record how the crew is built."""
    process = fake_module(
        "process", sequential="sequential", hierarchical="hierarchical"
    )
    crewai = fake_module(
        "crewai",
        Agent=Recorder,
        Crew=FakeCrew,
        LLM=Recorder,
        Process=process,
        Task=Recorder,
    )
    tools = fake_module("crewai.tools", tool=lambda f: f)
    return {"crewai": crewai, "crewai.tools": tools}
`;

export const LANGGRAPH_FAKES = `${FAKES_COMMON}

START = "__start__"
END = "__end__"


class FakeGraph:
    """A stand-in StateGraph: nodes, one edge out of each, run along the edges."""

    def __init__(self, schema: Any) -> None:
        self.nodes: dict[str, Any] = {}
        self.edges: dict[str, str] = {}

    def add_node(self, name: str, function: Any) -> None:
        self.nodes[name] = function

    def add_edge(self, start: str, end: str) -> None:
        self.edges[start] = end

    def compile(self) -> "FakeGraph":
        return self

    def path(self) -> list[str]:
        path: list[str] = []
        node = self.edges[START]
        while node != END:
            path.append(node)
            node = self.edges[node]
        return path

    def invoke(self, state: dict[str, Any]) -> dict[str, Any]:
        for node in self.path():
            update = self.nodes[node](state)
            state = {**state, **update, "notes": state["notes"] + update["notes"]}
        return state


class FakeAgent:
    """A stand-in ReAct agent that answers with its system prompt."""

    def __init__(self, llm: Any, tools: Any, prompt: str) -> None:
        self.prompt = prompt

    def invoke(self, inputs: dict[str, Any]) -> dict[str, Any]:
        return {"messages": [fake_module("message", content=self.prompt)]}


def framework_fakes() -> dict[str, ModuleType]:
    """Stand-ins for langgraph and langchain that record the graph and run it."""
    graph = fake_module("langgraph.graph", StateGraph=FakeGraph, START=START, END=END)
    prebuilt = fake_module("langgraph.prebuilt", create_react_agent=FakeAgent)
    return {
        "langgraph": fake_module("langgraph"),
        "langgraph.graph": graph,
        "langgraph.prebuilt": prebuilt,
        "langchain_core": fake_module("langchain_core"),
        "langchain_core.tools": fake_module("langchain_core.tools", tool=lambda f: f),
    }
`;

export const CREWAI_ORDER = `
    def test_roles_act_in_order(self) -> None:
        """The manager plans, members work, the skeptic reviews, the manager answers."""
        with mock.patch.dict(sys.modules, framework_fakes()):
            team = getattr(self.modules["crew"], CREW_CLASS)(llm="a fake llm")
            crew = team.crew("the request")
        settings = self.modules["settings"].SETTINGS
        self.assertEqual(crew.kwargs["process"], settings.process)
        manager = crew.kwargs.get("manager_agent")
        if settings.process == "hierarchical":
            self.assertEqual(manager.kwargs["role"], self.roles()[MANAGER])
            self.assertNotIn(manager, crew.kwargs["agents"])
        done = []
        for task in crew.kwargs["tasks"]:
            # In the hierarchical process the manager runs its own steps.
            done.append((task.kwargs["agent"] or manager).kwargs["role"])
            self.assertIn("the request", task.kwargs["description"])
        self.assertEqual(done, [self.roles()[name] for name, _ in STEPS])
`;

export const LANGGRAPH_ORDER = `
    def test_roles_act_in_order(self) -> None:
        """The manager plans, members work, the skeptic reviews, the manager answers."""
        with mock.patch.dict(sys.modules, framework_fakes()):
            graph = self.modules["workflows"].build_workflow(llm="a fake llm")
            state = graph.invoke({"request": "the request", "notes": [], "answer": ""})
        steps = [node.split("_", 2)[2] for node in graph.path()]
        self.assertEqual(steps, [name for name, _ in STEPS])
        self.assertEqual(len(state["notes"]), len(STEPS))
        manager = self.modules["agents"].MEMBERS[MANAGER]
        self.assertEqual(state["answer"], manager.SYSTEM_PROMPT)
`;
