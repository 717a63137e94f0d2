"""Imports every module of each generated team and runs it end to end, offline.

Third-party packages (crewai, langgraph, langchain_*, fastapi, pydantic, uvicorn) are replaced
by small recording stubs injected into sys.modules, so what is checked is the team's own code:
every import between its modules resolves, the runner builds its agents and tasks from what
agents/__init__.py exports, and the HTTP routes answer. Prints one JSON report per team.
"""

import importlib
import json
import pathlib
import sys
import traceback
import types

REQUEST = "the request text"


def stub(name, **attrs):
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    sys.modules[name] = module
    return module


class Recorder:
    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs


def tool(function):
    assert callable(function) and function.__doc__, function
    return ("tool", function.__name__)


class Crew(Recorder):
    def kickoff(self):
        agents = self.kwargs["agents"]
        manager = self.kwargs.get("manager_agent")
        for task in self.kwargs["tasks"]:
            assert task.kwargs["description"].endswith(REQUEST), task.kwargs
            agent = task.kwargs.get("agent")
            assert agent is None or agent in agents, "a task's agent is not in the crew"
        assert manager is None or manager not in agents
        return "crew answer"


class Process:
    sequential = "sequential"
    hierarchical = "hierarchical"


class Message:
    def __init__(self, content):
        self.content = content


class ReactAgent:
    def __init__(self, llm, tools, prompt):
        assert llm is not None
        self.tools = tools
        self.prompt = prompt

    def invoke(self, inputs):
        (role, text), = inputs["messages"]
        assert role == "user" and REQUEST in text
        return {"messages": [Message(f"answer to {len(text)} characters")]}


class Graph:
    def __init__(self, schema):
        self.schema = schema
        self.nodes = {}
        self.edges = {}

    def add_node(self, name, function):
        assert name not in self.nodes, name
        self.nodes[name] = function

    def add_edge(self, start, end):
        assert start not in self.edges, start
        self.edges[start] = end

    def compile(self):
        return self

    def invoke(self, state):
        node = self.edges["__start__"]
        visited = []
        while node != "__end__":
            visited.append(node)
            update = self.nodes[node](state)
            state = {**state, **update, "notes": state["notes"] + update["notes"]}
            node = self.edges[node]
        assert sorted(visited) == sorted(self.nodes), "a node is not on the path"
        return {**state, "visited": visited}


class FastAPI:
    def __init__(self, title):
        self.title = title
        self.routes = {}

    def route(self, method, path):
        def register(function):
            self.routes[f"{method} {path}"] = function
            return function

        return register

    def get(self, path):
        return self.route("GET", path)

    def post(self, path):
        return self.route("POST", path)


class BaseModel:
    def __init__(self, **fields):
        self.__dict__.update(fields)


def install_stubs(report):
    stub("crewai", Agent=Recorder, Task=Recorder, Crew=Crew, Process=Process, LLM=Recorder)
    stub("crewai.tools", tool=tool)
    stub("langgraph")
    stub("langgraph.graph", StateGraph=Graph, START="__start__", END="__end__")
    stub("langgraph.prebuilt", create_react_agent=ReactAgent)
    stub("langchain_core")
    stub("langchain_core.tools", tool=tool)
    stub("langchain_openai", ChatOpenAI=Recorder)
    stub("langchain_anthropic", ChatAnthropic=Recorder)
    stub("fastapi", FastAPI=FastAPI, HTTPException=Exception)
    stub("pydantic", BaseModel=BaseModel, Field=lambda **kw: None)
    stub("uvicorn", run=lambda *a, **kw: None)


def exercise(team_dir, local):
    for name in list(sys.modules):
        if name.split(".")[0] in local:
            del sys.modules[name]
    sys.path.insert(0, str(team_dir))
    try:
        modules = {}
        for path in sorted(team_dir.rglob("*.py")):
            relative = path.relative_to(team_dir).with_suffix("")
            if relative.parts[0] == "tests":
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            modules[".".join(parts)] = importlib.import_module(".".join(parts))
        agents = modules["agents"]
        for name in agents.__all__:
            assert hasattr(agents, name), f"agents.__all__ names {name}, which is missing"
        members = {
            name: {
                "role": member.ROLE,
                "goal": member.GOAL,
                "backstory": member.BACKSTORY,
                "tools": [t.__name__ for t in member.TOOLS],
            }
            for name, member in agents.MEMBERS.items()
        }
        built = {}
        if "crew" in modules:
            crew_module = modules["crew"]
            classes = [v for k, v in vars(crew_module).items() if k.endswith("Crew")]
            crew = classes[0]().crew(REQUEST)
            built["process"] = crew.kwargs["process"]
            built["tasks"] = len(crew.kwargs["tasks"])
            built["agents"] = [a.kwargs["role"] for a in crew.kwargs["agents"]]
            manager = crew.kwargs.get("manager_agent")
            built["manager"] = manager.kwargs["role"] if manager else None
        else:
            graph = modules["workflows"].build_workflow()
            built["visited"] = graph.invoke({"request": REQUEST, "notes": [], "answer": ""})[
                "visited"
            ]
        server = modules["team_server"]
        app = server.create_app()
        answer = app.routes["POST /task"](BaseModel(description=REQUEST))
        return {
            "ok": True,
            "modules": sorted(modules),
            "members": members,
            "manager": agents.MANAGER,
            "built": built,
            "routes": sorted(app.routes),
            "health": app.routes["GET /health"](),
            "capabilities": app.routes["GET /capabilities"](),
            "status": app.routes["GET /status"](),
            "task": answer,
        }
    except Exception:
        return {"ok": False, "error": traceback.format_exc()}
    finally:
        sys.path.remove(str(team_dir))


def main():
    report = {}
    install_stubs(report)
    local = ("agents", "settings", "tasks", "tools", "crew", "workflows", "team_server")
    for root in sys.argv[1:]:
        team_dir = pathlib.Path(root).resolve()
        report[team_dir.name] = exercise(team_dir, local)
    json.dump(report, sys.stdout, default=str)


main()
