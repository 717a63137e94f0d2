/**
 * `tests/test_<package>_team.py`: the team's own tests, run on its real framework. Only the
 * model is scripted (smoke-test-frameworks.ts): the framework builds and runs the team, every
 * member acts and calls each of its tools, and a failing tool answers the agent instead of
 * stopping the run. The file name carries the package, so thirty teams test together.
 */

import { pyCollection, pyString, pyStringTuple } from "./python.ts";
import { API_TOKEN_ENV } from "./render-configs.ts";
import { CREWAI_PARTS, LANGGRAPH_PARTS } from "./smoke-test-frameworks.ts";
import type { TeamModel } from "./team-model.ts";

const COMMON_TESTS = `
    def test_settings_are_read_from_config(self) -> None:
        settings = team("settings").SETTINGS
        self.assertEqual(settings.team["name"], TEAM_ID)
        self.assertEqual(settings.steps, STEPS)
        self.assertEqual(settings.llm.model, MODEL)
        self.assertEqual(settings.llm.fallback_model, FALLBACK_MODEL)
        self.assertEqual(settings.token_env, TOKEN_ENV)
        configured = sorted(
            f"{member}.{tool['name']}"
            for tool in settings.tools
            for member in tool["members"]
        )
        self.assertEqual(configured, sorted(TOOLS))

    def test_tools_are_documented_and_stubs_say_what_to_implement(self) -> None:
        for member in MEMBERS:
            expected = tuple(t for t in TOOLS if t.startswith(f"{member}."))
            if not expected:
                continue
            with self.subTest(member=member):
                functions = team(f"tools.{member}_tools").TOOLS
                names = tuple(f"{member}.{function.__name__}" for function in functions)
                self.assertEqual(names, expected)
                for function in functions:
                    self.assertTrue(function.__doc__)
                    if f"{member}.{function.__name__}" not in STUB_TOOLS:
                        continue
                    with self.assertRaisesRegex(NotImplementedError, function.__name__):
                        function("ping")

    def test_daily_quota_counts_tasks_per_utc_day(self) -> None:
        settings = team("settings")
        day = [datetime.date(2030, 1, 1)]
        quota = settings.DailyQuota(2, today=lambda: day[0])
        quota.take()
        quota.take()
        with self.assertRaises(settings.QuotaExceeded):
            quota.take()
        day[0] = datetime.date(2030, 1, 2)
        quota.take()
        self.assertEqual(quota.snapshot(), {"limit": 2, "used": 1, "remaining": 1})

    def test_the_fallback_model_is_for_provider_errors_only(self) -> None:
        server = team("team_server")
        quota = team("settings").DailyQuota(DAILY_TASK_QUOTA)
        models: list[str | None] = []

        def provider_down(model: str | None = None) -> Any:
            models.append(model)
            down = ConnectionError("the provider is down") if model == MODEL else None
            return scripted_model(fail=down)

        def run_request(request: str, llm: Any) -> Any:
            # The failing model runs on the framework; whole runs are tested above.
            if llm.fail is None:
                return "the fallback model's answer"
            return framework_run(request, llm)

        framework_run = server.run_request
        fallbacks = server.STATUS["fallbacks"]
        with mock.patch.object(server, "create_llm", provider_down):
            with mock.patch.object(server, "run_request", run_request):
                with mock.patch.object(server, "QUOTA", quota):
                    answer = server.run_task("a request")
        self.assertEqual(answer, "the fallback model's answer")
        self.assertEqual(models, [MODEL, FALLBACK_MODEL])
        self.assertEqual(server.STATUS["fallbacks"], fallbacks + 1)

        def team_bug(model: str | None = None) -> Any:
            models.append(model)
            return scripted_model(fail=KeyError("a bug of the team's own"))

        models.clear()
        failed = server.STATUS["tasks_failed"]
        with mock.patch.object(server, "create_llm", team_bug):
            with mock.patch.object(server, "QUOTA", quota):
                with self.assertRaises(Exception):
                    server.run_task("a request")
        self.assertEqual(models, [MODEL])
        self.assertEqual(server.STATUS["tasks_failed"], failed + 1)
        status = server.status()
        self.assertEqual(status["quota"]["limit"], DAILY_TASK_QUOTA)
        tools = {t.split(".")[1] for t in TOOLS}
        self.assertEqual(sorted(status["tools"]), sorted(tools))

    def test_the_server_guards_its_task_route(self) -> None:
        server = team("team_server")
        client = TestClient(server.create_app())
        with mock.patch.dict(os.environ, {name: "" for name in REQUIRED_ENV}):
            self.assertEqual(client.get("/health").json()["status"], "alive")
            ready = client.get("/ready")
            self.assertEqual(ready.status_code, 503)
            self.assertEqual(ready.json()["missing"], sorted(REQUIRED_ENV))
            closed = client.post("/task", json={"description": "a request"})
            self.assertEqual(closed.status_code, 503)
        configured = {name: "set" for name in REQUIRED_ENV}
        with mock.patch.dict(os.environ, {**configured, TOKEN_ENV: "s3cret"}):
            self.assertEqual(client.get("/ready").status_code, 200)
            for header in ("", "Bearer wrong", "s3cret", "Bearer s3cret2"):
                auth = {"Authorization": header} if header else {}
                answer = client.post("/task", json={"description": "x"}, headers=auth)
                self.assertEqual(answer.status_code, 401)
            auth = {"Authorization": "Bearer s3cret"}
            big = json.dumps({"description": "x" * 70000}).encode()
            for body in (b"not json", b"{}", big):
                answer = client.post("/task", content=body, headers=auth)
                self.assertEqual(answer.status_code, 422)
            with mock.patch.object(server, "run_task", lambda text: f"done: {text}"):
                answer = client.post("/task", json={"description": "job"}, headers=auth)
            self.assertEqual(answer.status_code, 200)
            self.assertEqual(answer.json()["result"], "done: job")
            quota = team("settings").DailyQuota(1)
            quota.take()
            with mock.patch.object(server, "QUOTA", quota):
                answer = client.post("/task", json={"description": "x"}, headers=auth)
            self.assertEqual(answer.status_code, 429)
        capabilities = client.get("/capabilities").json()
        self.assertEqual(capabilities["team_id"], TEAM_ID)
        self.assertEqual(tuple(m["module"] for m in capabilities["members"]), MEMBERS)

    def test_team_json_records_this_team(self) -> None:
        provenance = json.loads((TEAM_DIR / "team.json").read_text(encoding="utf-8"))
        self.assertEqual(provenance["spec"]["name"], TEAM_ID)
        modules = sorted(m["module"] for m in provenance["spec"]["members"])
        self.assertEqual(modules, sorted(MEMBERS))
        self.assertEqual(len(provenance["specSha256"]), 64)
`;

/** The file's name: unique per team, so `pytest teams` collects every team together. */
export const teamTestPath = (model: TeamModel) => `tests/test_${model.pkg}_team.py`;

/** The team's tests on its real framework (unittest, so pytest runs them too). */
export function renderSmokeTest(model: TeamModel): { path: string; content: string }[] {
  const crew = model.spec.framework === "CrewAI";
  const parts = crew ? CREWAI_PARTS : LANGGRAPH_PARTS;
  const tools = model.members.flatMap((m) => m.tools.map((t) => `${m.module}.${t}`));
  const stubs = model.members.flatMap((m) =>
    m.tools
      .filter((t) => !model.tools.find((u) => u.name === t)?.catalogue)
      .map((t) => `${m.module}.${t}`),
  );
  const steps = pyCollection({
    head: "STEPS = ",
    open: "(",
    items: model.steps.map((s) => `(${pyString(s.member)}, ${pyString(s.kind)})`),
  });
  const required = [
    model.provider.envVar,
    API_TOKEN_ENV,
    ...model.toolEnv.filter((e) => e.required).map((e) => e.env),
  ];
  // A member whose module names something a CrewBase class holds has another agent key.
  const renamed = model.members.filter((m) => model.agentKeys[m.module] !== m.module);
  const agentKeys = crew
    ? `${pyCollection({
        head: "RENAMED_AGENTS: dict[str, str] = ",
        open: "{",
        items: renamed.map(
          (m) => `${pyString(m.module)}: ${pyString(model.agentKeys[m.module] as string)}`,
        ),
      })}AGENT_KEYS = {m: RENAMED_AGENTS.get(m, m) for m in MEMBERS}\n`
    : "";
  const content = `"""The team's tests on the real ${model.spec.framework}: offline, no network, no API key.

Only the model is scripted: ${model.spec.framework} itself builds and runs the team,
every member acts and calls each of its tools, and a tool that fails (offline, every
one does) answers the agent with its error instead of stopping the run.

Run \`\`pytest\`\` on this folder, or \`\`python -m unittest discover tests\`\` in the team's.
"""

${parts.imports}
TEAM_DIR = Path(__file__).resolve().parents[1]
if str(TEAM_DIR / "src") not in sys.path:
    sys.path.insert(0, str(TEAM_DIR / "src"))

PACKAGE = ${pyString(model.pkg)}
TEAM_ID = ${pyString(model.slug)}
${pyStringTuple(
  "MEMBERS",
  model.members.map((m) => m.module),
)}MANAGER = ${pyString(model.manager)}
${steps}${pyStringTuple("TOOLS", tools)}${pyStringTuple("STUB_TOOLS", stubs)}MODEL = ${pyString(model.chatModel)}
FALLBACK_MODEL = ${pyString(model.fallbackModel)}
DAILY_TASK_QUOTA = ${model.dailyTaskQuota}
TOKEN_ENV = ${pyString(API_TOKEN_ENV)}
${pyStringTuple("REQUIRED_ENV", [...new Set(required)])}${crew ? `CREW_CLASS = ${pyString(model.crewClass)}\n${agentKeys}` : ""}

def team(module: str) -> Any:
    """A module of the team's package."""
    return importlib.import_module(f"{PACKAGE}.{module}")


def deprecated_calls_of_the_team(caught: list[warnings.WarningMessage]) -> list[str]:
    """Deprecation warnings the framework raised about the team's own code."""
    return [
        f"{w.filename}:{w.lineno}: {w.message}"
        for w in caught
        if issubclass(w.category, DeprecationWarning) and str(TEAM_DIR) in w.filename
    ]
${parts.model}

class TeamTest(unittest.TestCase):
${parts.tests}${COMMON_TESTS}

if __name__ == "__main__":
    unittest.main()
`;
  return [{ path: teamTestPath(model), content }];
}
