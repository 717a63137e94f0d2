import { pyCollection, pyString, pyStringTuple } from "./python.ts";
import {
  CREWAI_FAKES,
  CREWAI_ORDER,
  LANGGRAPH_FAKES,
  LANGGRAPH_ORDER,
} from "./smoke-test-frameworks.ts";
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

    def roles(self) -> dict[str, str]:
        return {name: m.ROLE for name, m in self.modules["agents"].MEMBERS.items()}

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

    def test_settings_are_read_from_config(self) -> None:
        settings = self.modules["settings"].SETTINGS
        self.assertEqual(settings.team["name"], TEAM_ID)
        self.assertEqual(settings.steps, STEPS)
        self.assertEqual(settings.llm.model, MODEL)
        self.assertEqual(settings.llm.fallback_model, FALLBACK_MODEL)
        configured = sorted(
            f"{member}.{tool['name']}"
            for tool in settings.tools
            for member in tool["members"]
        )
        self.assertEqual(configured, sorted(TOOLS))

    def test_tools_are_documented_and_stubs_say_what_to_implement(self) -> None:
        for name, member in self.modules["agents"].MEMBERS.items():
            with self.subTest(member=name):
                names = tuple(f"{name}.{tool.__name__}" for tool in member.TOOLS)
                expected = tuple(t for t in TOOLS if t.startswith(f"{name}."))
                self.assertEqual(names, expected)
                for function in member.TOOLS:
                    self.assertTrue(function.__doc__)
                    if f"{name}.{function.__name__}" not in STUB_TOOLS:
                        continue
                    with self.assertRaisesRegex(NotImplementedError, function.__name__):
                        function("ping")

    def test_steps_end_with_the_skeptics_review_and_the_managers_answer(self) -> None:
        kinds = [kind for _, kind in STEPS]
        self.assertEqual(STEPS[0], (MANAGER, "plan"))
        self.assertEqual(STEPS[-1], (MANAGER, "final"))
        reviews = [i for i, kind in enumerate(kinds) if kind == "challenge"]
        works = [i for i, kind in enumerate(kinds) if kind == "work"]
        last = len(STEPS) - 1
        self.assertEqual(reviews, list(range(last - len(reviews), last)))
        self.assertLess(max(works, default=0), min(reviews, default=len(STEPS)))

    def test_daily_quota_counts_tasks_per_utc_day(self) -> None:
        settings = self.modules["settings"]
        day = [datetime.date(2030, 1, 1)]
        quota = settings.DailyQuota(2, today=lambda: day[0])
        quota.take()
        quota.take()
        with self.assertRaises(settings.QuotaExceeded):
            quota.take()
        day[0] = datetime.date(2030, 1, 2)
        quota.take()
        self.assertEqual(quota.snapshot(), {"limit": 2, "used": 1, "remaining": 1})

    def test_server_falls_back_to_the_other_model_within_the_quota(self) -> None:
        server = self.modules["team_server"]
        settings = self.modules["settings"]
        models: list[str] = []

        def run_team(request: str, model: str) -> str:
            models.append(model)
            if model == MODEL:
                raise RuntimeError("the model is unavailable")
            return f"answer from {model}"

        with mock.patch.object(server, "run_team", run_team):
            with mock.patch.object(server, "QUOTA", settings.DailyQuota(1)):
                answer = server.run_task("a request")
                self.assertEqual(answer, f"answer from {FALLBACK_MODEL}")
                with self.assertRaises(settings.QuotaExceeded):
                    server.run_task("one request too many")
        self.assertEqual(models, [MODEL, FALLBACK_MODEL])
        status = server.status()
        self.assertGreaterEqual(status["fallbacks"], 1)
        self.assertEqual(status["quota"]["limit"], DAILY_TASK_QUOTA)
        tools = sorted({t.split(".")[1] for t in TOOLS})
        self.assertEqual(sorted(status["tools"]), tools)

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

/** The team's tests (rewritten next). */
export function renderSmokeTest(model: TeamModel): { path: string; content: string }[] {
  return [];
}
