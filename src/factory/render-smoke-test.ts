import { pyString, pyStringTuple } from "./python.ts";
import type { TeamModel } from "./team-model.ts";

const CLASS_BODY = `

class TeamSmokeTest(unittest.TestCase):
    modules: dict[str, ModuleType] = {}

    @classmethod
    def setUpClass(cls) -> None:
        # Forget another team's modules of the same names, then import this team's.
        for cached in list(sys.modules):
            if cached.split(".")[0] in LOCAL_MODULES:
                del sys.modules[cached]
        sys.path.insert(0, str(TEAM_DIR))
        cls.modules = {name: importlib.import_module(name) for name in LOCAL_MODULES}

    @classmethod
    def tearDownClass(cls) -> None:
        sys.path.remove(str(TEAM_DIR))

    def test_agents_export_every_member_in_order(self) -> None:
        agents = self.modules["agents"]
        self.assertEqual(tuple(agents.MEMBERS), MEMBERS)
        self.assertEqual(agents.MANAGER, MANAGER)
        self.assertEqual(tuple(agents.MEMBER_FACTORIES), MEMBERS)
        for name in agents.__all__:
            self.assertTrue(hasattr(agents, name), name)

    def test_every_member_has_prompt_texts_and_a_factory(self) -> None:
        for name, member in self.modules["agents"].MEMBERS.items():
            with self.subTest(member=name):
                for text in (member.ROLE, member.GOAL, member.BACKSTORY):
                    self.assertIsInstance(text, str)
                    self.assertTrue(text.strip())
                self.assertEqual(member.IS_MANAGER, name == MANAGER)
                self.assertTrue(callable(member.create_agent))

    def test_tools_are_documented_and_callable(self) -> None:
        for name, member in self.modules["agents"].MEMBERS.items():
            with self.subTest(member=name):
                names = tuple(f"{name}.{tool.__name__}" for tool in member.TOOLS)
                expected = tuple(t for t in TOOLS if t.startswith(f"{name}."))
                self.assertEqual(names, expected)
                for function in member.TOOLS:
                    self.assertTrue(function.__doc__)
                    self.assertIsInstance(function("ping"), str)

    def test_every_step_belongs_to_a_member(self) -> None:
        tasks = self.modules["tasks"]
        self.assertEqual(tasks.STEPS[-1], (MANAGER, "final"))
        for name, kind in tasks.STEPS:
            self.assertIn(name, MEMBERS)
            text = tasks.describe_step(kind, "the request text")
            self.assertIn("the request text", text)

    def test_server_describes_the_team(self) -> None:
        server = self.modules["team_server"]
        capabilities = server.capabilities()
        self.assertEqual(capabilities["team_id"], TEAM_ID)
        self.assertEqual(tuple(m["module"] for m in capabilities["members"]), MEMBERS)
        self.assertEqual(server.status()["tasks_failed"], 0)
        self.assertTrue(callable(server.create_app))

    def test_team_json_records_this_team(self) -> None:
        provenance = json.loads((TEAM_DIR / "team.json").read_text(encoding="utf-8"))
        self.assertEqual(provenance["spec"]["name"], TEAM_ID)
        modules = sorted(m["module"] for m in provenance["spec"]["members"])
        self.assertEqual(modules, sorted(MEMBERS))
        self.assertEqual(len(provenance["specSha256"]), 64)
`;

/** tests/test_team.py: an offline smoke test (unittest, so pytest runs it too). */
export function renderSmokeTest(model: TeamModel): string {
  const runnerCheck =
    model.spec.framework === "CrewAI"
      ? `
    def test_crew_class_is_importable(self) -> None:
        self.assertTrue(callable(getattr(self.modules["crew"], CREW_CLASS)))
`
      : `
    def test_workflow_package_exports_its_builders(self) -> None:
        workflows = self.modules["workflows"]
        for name in workflows.__all__:
            self.assertTrue(callable(getattr(workflows, name)), name)
`;
  const tools = model.members.flatMap((m) => m.tools.map((t) => `${m.module}.${t}`));
  return `"""Offline smoke test of the team: imports every module and checks that they fit.

From the team's folder: \`\`python -m unittest discover tests\`\` (or \`\`pytest tests\`\`).
It needs no network, API key or agent framework: those load only when the team runs.
"""

import importlib
import json
import sys
import unittest
from pathlib import Path
from types import ModuleType

TEAM_DIR = Path(__file__).resolve().parent.parent
TEAM_ID = ${pyString(model.slug)}
${pyStringTuple("LOCAL_MODULES", model.localModules)}${pyStringTuple(
  "MEMBERS",
  model.members.map((m) => m.module),
)}MANAGER = ${pyString(model.manager)}
${model.spec.framework === "CrewAI" ? `CREW_CLASS = ${pyString(model.crewClass)}\n` : ""}${pyStringTuple("TOOLS", tools)}${CLASS_BODY}${runnerCheck}

if __name__ == "__main__":
    unittest.main()
`;
}
