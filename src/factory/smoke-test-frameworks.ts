// The framework-specific parts of the team's tests: imports, the scripted model (the one stand-in:
// it plays the LLM, and the real framework does everything else) and the tests of a whole run.

export type TestParts = { imports: string; model: string; tests: string };

const COMMON_IMPORTS = [
  "import datetime",
  "import importlib",
  "import json",
  "import os",
  "import sys",
  "import unittest",
  "import warnings",
  "from pathlib import Path",
  "from typing import Any",
  "from unittest import mock",
];

export const LANGGRAPH_PARTS: TestParts = {
  imports: `${[
    ...COMMON_IMPORTS.slice(0, 1),
    "import importlib",
    "import importlib.util",
    ...COMMON_IMPORTS.slice(2),
  ].join("\n")}

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langgraph.graph.state import CompiledStateGraph
from pydantic import Field
from starlette.testclient import TestClient
`,
  model: `

class ScriptedModel(BaseChatModel):
    """A chat model that calls each tool bound to it once, then answers.

    It records every turn: the member (by its system prompt), the prompt, the results of
    its tools and its answer.
    """

    bound: dict[str, list[str]] = Field(default_factory=dict)
    turns: list[dict[str, Any]] = Field(default_factory=list)
    fail: Exception | None = None

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
        bound = {t.name: list(t.args) for t in tools}
        return self.model_copy(update={"bound": bound})

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, **kwargs: Any
    ) -> ChatResult:
        if self.fail is not None:
            raise self.fail
        results = [m for m in messages if isinstance(m, ToolMessage)]
        prompt = next(m for m in messages if isinstance(m, HumanMessage))
        turn = {
            "system": messages[0].text,
            "prompt": prompt.text,
            "results": [(m.name, m.status, m.text) for m in results],
        }
        self.turns.append(turn)
        if self.bound and not results:
            calls = [
                {"name": name, "args": {arg: "ping" for arg in args}, "id": f"call_{i}"}
                for i, (name, args) in enumerate(self.bound.items())
            ]
            message = AIMessage(content="", tool_calls=calls)
        else:
            turn["answer"] = f"answer {len(self.turns)}: done"
            message = AIMessage(content=turn["answer"])
        return ChatResult(generations=[ChatGeneration(message=message)])


def scripted_model(fail: Exception | None = None) -> ScriptedModel:
    return ScriptedModel(fail=fail)
`,
  tests: `    def test_langgraph_json_names_the_module_level_graph(self) -> None:
        config = json.loads((TEAM_DIR / "langgraph.json").read_text(encoding="utf-8"))
        self.assertEqual(config["dependencies"], ["."])
        (spec,) = config["graphs"].values()
        path, _, name = spec.partition(":")
        # As \`\`langgraph dev\`\` does: the file is loaded by path, under another name.
        location = importlib.util.spec_from_file_location("by_path", TEAM_DIR / path)
        assert location is not None and location.loader is not None
        module = importlib.util.module_from_spec(location)
        location.loader.exec_module(module)
        graph = getattr(module, name)
        self.assertIsInstance(graph, CompiledStateGraph)
        nodes = [n for n in graph.get_graph().nodes if not n.startswith("__")]
        self.assertEqual(nodes, [f"step_{i}_{m}" for i, (m, _) in enumerate(STEPS, 1)])

    def test_the_team_runs_on_langgraph(self) -> None:
        errors = team("tool_errors").TOOL_ERRORS
        before = errors.snapshot()["count"]
        model = ScriptedModel()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            graph = team("workflow").build_graph(model)
            state = graph.invoke({"request": "the request"})
        self.assertEqual(deprecated_calls_of_the_team(caught), [])
        prompts = {team(f"agents.{m}").SYSTEM_PROMPT: m for m in MEMBERS}
        firsts = [t for t in model.turns if not t["results"]]
        # Each step in order, each seeing the notes of every step before it.
        self.assertEqual([prompts[t["system"]] for t in firsts], [m for m, _ in STEPS])
        for index, turn in enumerate(firsts):
            self.assertIn("the request", turn["prompt"])
            for member, _ in STEPS[:index]:
                self.assertIn(f"[{member}] answer", turn["prompt"])
        self.assertEqual(len(state["notes"]), len(STEPS))
        self.assertEqual(state["answer"], model.turns[-1]["answer"])
        # Every tool ran in LangGraph's ToolNode; offline, each failed into a message.
        called = [
            f"{prompts[t['system']]}.{name}"
            for t in model.turns
            for name, _, _ in t["results"]
        ]
        expected = [t for m, _ in STEPS for t in TOOLS if t.startswith(f"{m}.")]
        self.assertEqual(sorted(called), sorted(expected))
        for turn in model.turns:
            for name, status, text in turn["results"]:
                self.assertEqual(status, "error")
                self.assertIn(" failed: ", text)
        self.assertEqual(errors.snapshot()["count"] - before, len(expected))
`,
};

export const CREWAI_PARTS: TestParts = {
  imports: `${[...COMMON_IMPORTS.slice(0, 4), "import re", ...COMMON_IMPORTS.slice(4)].join("\n")}

import yaml
from crewai import Agent, Crew, Process, Task
from crewai.llms.base_llm import BaseLLM
from crewai.utilities.string_utils import sanitize_tool_name
from pydantic import PrivateAttr
from starlette.testclient import TestClient
`,
  model: `

DELEGATE = "delegate_work_to_coworker"
# How CrewAI lists an agent's tools in its prompt: name, argument schema, description.
TOOL = re.compile(
    r"^Tool Name: (\\S+)\\nTool Arguments: (.*?)\\n"
    r"Tool Description: (.*?)(?=\\nTool Name: |\\Z)",
    re.M | re.S,
)


class ScriptedLLM(BaseLLM):
    """An LLM that plays each agent in CrewAI's text protocol.

    On a member's task it calls each tool it is offered once, then answers; a manager
    hands a member's task to that member through CrewAI's delegation tool.
    """

    fail: Exception | None = None
    _plans: dict[tuple[int, int], Any] = PrivateAttr(default_factory=dict)
    _turns: list[dict[str, Any]] = PrivateAttr(default_factory=list)

    def call(self, messages: Any, *args: Any, **kwargs: Any) -> str:
        if self.fail is not None:
            raise self.fail
        task, agent = kwargs.get("from_task"), kwargs.get("from_agent")
        key = (id(task), id(agent))
        if key not in self._plans:
            self._plans[key] = iter(self.plan(messages, task))
        self._turns.append({"role": agent.role if agent else None, "task": task})
        step = next(self._plans[key], None)
        if step is not None:
            self._turns[-1]["tool"] = step[0]
            action = f"Action: {step[0]}\\nAction Input: {json.dumps(step[1])}"
            return f"Thought: I use a tool.\\n{action}"
        self._turns[-1]["answer"] = f"answer {len(self._turns)}: done"
        return f"Thought: I know the answer.\\nFinal Answer: {self._turns[-1]['answer']}"

    def plan(self, messages: Any, task: Any) -> list[tuple[str, dict[str, str]]]:
        prompt = messages if isinstance(messages, str) else messages[0]["content"]
        offered = {name: (json.loads(a), d) for name, a, d in TOOL.findall(prompt)}
        kind = str(getattr(task, "name", "") or "").split("_")[2:3]
        if DELEGATE in offered and kind in (["work"], ["challenge"]):
            found = re.search(r"following coworkers: (.*)", offered[DELEGATE][1])
            coworker = found.group(1).strip() if found else ""
            work = {"task": "your part", "context": "the request", "coworker": coworker}
            return [(DELEGATE, work)]
        return [
            (name, {arg: "ping" for arg in schema.get("properties", {})})
            for name, (schema, _) in offered.items()
            if name != DELEGATE and not name.startswith("ask_question")
        ]


def scripted_model(fail: Exception | None = None) -> ScriptedLLM:
    return ScriptedLLM(model="scripted", fail=fail)
`,
  tests: `    def crew_class(self) -> Any:
        return getattr(team("crew"), CREW_CLASS)

    def roles(self) -> dict[str, str]:
        crew = self.crew_class()(scripted_model())
        return {m: getattr(crew, AGENT_KEYS[m])().role for m in MEMBERS}

    def test_crewai_run_finds_the_crew(self) -> None:
        project = (TEAM_DIR / "pyproject.toml").read_text(encoding="utf-8")
        self.assertIn('[tool.crewai]\\ntype = "crew"', project)
        self.assertIn(f'run_crew = "{PACKAGE}.main:run"', project)
        main = team("main")
        for entry in ("run", "train", "replay", "test", "run_with_trigger"):
            self.assertTrue(callable(getattr(main, entry)), entry)
        self.assertTrue(getattr(self.crew_class(), "is_crew_class", False))

    def test_the_config_holds_only_fields_of_crewais_classes(self) -> None:
        config = Path(team("crew").__file__).parent / "config"
        agents = yaml.safe_load((config / "agents.yaml").read_text(encoding="utf-8"))
        tasks = yaml.safe_load((config / "tasks.yaml").read_text(encoding="utf-8"))
        self.assertEqual(sorted(agents), sorted(AGENT_KEYS.values()))
        for fields in agents.values():
            self.assertLessEqual(set(fields), set(Agent.model_fields))
        self.assertEqual(len(tasks), len(STEPS))
        for fields in tasks.values():
            self.assertLessEqual(set(fields) - {"agent"}, set(Task.model_fields))
            self.assertIn(fields.get("agent", AGENT_KEYS[MANAGER]), agents)

    def test_the_crew_is_built_as_crewai_requires(self) -> None:
        crew = self.crew_class()(scripted_model()).crew()
        roles = self.roles()
        self.assertIsInstance(crew, Crew)
        self.assertEqual(len(crew.tasks), len(STEPS))
        if crew.process == Process.hierarchical:
            self.assertEqual(crew.manager_agent.role, roles[MANAGER])
            self.assertNotIn(crew.manager_agent, crew.agents)
            self.assertFalse(crew.manager_agent.tools)
            owners = [roles[m] for m, _ in STEPS if m != MANAGER]
            done = [t.agent.role for t in crew.tasks if t.agent is not None]
        else:
            self.assertIsNone(crew.manager_agent)
            owners = [roles[m] for m, _ in STEPS]
            done = [t.agent.role for t in crew.tasks]
        self.assertEqual(done, owners)

    def test_each_request_gets_a_crew_of_its_own(self) -> None:
        from crewai.project import utils

        memoized = len(utils.cache._cache)
        first, second = scripted_model(), scripted_model()
        for llm in (first, second):
            team("crew").run_request("a request", llm)
        # Each run on its own model, and crewai's memo of the crews is gone with them.
        self.assertTrue(first._turns and second._turns)
        self.assertEqual(len(utils.cache._cache), memoized)

    def test_the_team_runs_on_crewai(self) -> None:
        errors = team("tool_errors").TOOL_ERRORS
        before = errors.snapshot()["count"]
        llm = scripted_model()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            answer = team("crew").run_request("the request", llm)
        self.assertEqual(deprecated_calls_of_the_team(caught), [])
        roles = self.roles()
        acted = {turn["role"] for turn in llm._turns}
        self.assertEqual(acted, set(roles.values()))
        self.assertEqual(answer, llm._turns[-1]["answer"])
        self.assertEqual(llm._turns[-1]["role"], roles[MANAGER])
        # Every member called each of its tools once per step; offline, each one failed.
        names = {role: member for member, role in roles.items()}
        called = [
            f"{names[t['role']]}.{t['tool']}"
            for t in llm._turns
            if t.get("tool") not in (None, DELEGATE)
        ]
        # CrewAI names a tool as its sanitize_tool_name says (no trailing "_", say).
        expected = [
            f"{m}.{sanitize_tool_name(t.split('.')[1])}"
            for m, _ in STEPS
            for t in TOOLS
            if t.startswith(f"{m}.")
        ]
        self.assertEqual(sorted(called), sorted(expected))
        self.assertEqual(errors.snapshot()["count"] - before, len(expected))
`,
};
