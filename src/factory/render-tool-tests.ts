/**
 * tests/test_tools.py: each catalogue tool of the team called for real against a local fake of
 * its service (a stdlib http.server on 127.0.0.1), and without its settings. PostgreSQL is the one
 * service not faked: its query test runs when TEAM_TEST_DATABASE_URL names a database.
 */
import { INTEGRATION_FACTS } from "./integrations.ts";
import { pyCollection } from "./python.ts";
import type { TeamModel } from "./team-model.ts";
import { LIBRARY_FLAG, toolTests, UNCONFIGURED_TEST, unconfigured } from "./tool-test-cases.ts";

const KUBERNETES_HELPERS = `DEPLOYMENTS = {
    "kind": "DeploymentList",
    "apiVersion": "apps/v1",
    "metadata": {},
    "items": [
        {
            "metadata": {"name": "checkout", "namespace": "shop"},
            "spec": {
                "replicas": 2,
                "selector": {"matchLabels": {"app": "checkout"}},
                "template": {
                    "spec": {
                        "containers": [
                            {
                                "name": "api",
                                "resources": {
                                    "requests": {"cpu": "250m", "memory": "256Mi"}
                                },
                            }
                        ]
                    }
                },
            },
            "status": {"readyReplicas": 2},
        }
    ],
}


def kubeconfig_for(server: str) -> str:
    """A kubeconfig (JSON is YAML) for \`\`server\`\` with a bearer token."""
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "fake", "cluster": {"server": server}}],
            "users": [{"name": "reader", "user": {"token": "kube-token"}}],
            "contexts": [
                {"name": "fake", "context": {"cluster": "fake", "user": "reader"}}
            ],
            "current-context": "fake",
        }
    )


`;

const FAKE_SERVICE = `class FakeService:
    """A stdlib HTTP server on 127.0.0.1: records requests, answers from a table."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.requests: list[dict[str, Any]] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                service.answer(self)

            def do_POST(self) -> None:
                service.answer(self)

            def log_message(self, format: str, *args: Any) -> None:
                """Keep the test output quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        serve = threading.Thread(target=self.server.serve_forever, args=(0.01,))
        serve.daemon = True
        serve.start()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlsplit(handler.path)
        length = int(handler.headers.get("content-length") or 0)
        self.requests.append(
            {
                "method": handler.command,
                "path": url.path,
                "query": parse_qs(url.query),
                "headers": {
                    key.lower(): value for key, value in handler.headers.items()
                },
                "body": handler.rfile.read(length).decode("utf-8"),
            }
        )
        found = url.path in self.answers
        answer = self.answers.get(url.path, {"message": "Not Found"})
        text = answer if isinstance(answer, str) else json.dumps(answer)
        data = text.encode("utf-8")
        handler.send_response(200 if found else 404)
        kind = "text/plain" if isinstance(answer, str) else "application/json"
        handler.send_header("content-type", kind)
        handler.send_header("content-length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


`;

/** How each framework calls a tool; errors are raised, so the tests can name them. */
const RUN_TOOL = {
  LangGraph: {
    imports: [
      "from langchain_core.messages import AIMessage",
      "from langchain_core.tools import tool as langchain_tool",
      "from langgraph.graph import START, MessagesState, StateGraph",
      "from langgraph.prebuilt import ToolNode",
    ],
    text: `def run_tool(function: Any, arguments: dict[str, Any]) -> str:
    """\`\`function\`\` as a LangChain tool, called by LangGraph's ToolNode in a graph."""
    graph = StateGraph(MessagesState)
    tools = ToolNode([langchain_tool(function)], handle_tool_errors=False)
    graph.add_node("tools", tools)
    graph.add_edge(START, "tools")
    call = {"name": function.__name__, "args": arguments, "id": "call_1"}
    result = graph.compile().invoke({"messages": [AIMessage("", tool_calls=[call])]})
    return str(result["messages"][-1].text)
`,
  },
  CrewAI: {
    imports: ["from crewai.tools import tool as crewai_tool"],
    text: `def run_tool(function: Any, arguments: dict[str, Any]) -> str:
    """\`\`function\`\` as a CrewAI tool, run as CrewAI runs it."""
    return str(crewai_tool(function).run(**arguments))
`,
  },
};

function testClass(http: boolean, methods: string): string {
  return `class ToolTest(unittest.TestCase):
${http ? "    service: FakeService\n\n" : ""}${
  http
    ? `    @classmethod
    def setUpClass(cls) -> None:
        cls.service = FakeService(ANSWERS)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.service.close()

    def setUp(self) -> None:
        self.service.requests.clear()

`
    : ""
}    def call(self, module: str, tool: str, env: dict[str, str], *args: str) -> str:
        """Call a tool of tools/integrations/ as agents do, \`\`env\`\` set, no proxy."""
        integration = importlib.import_module(f"{PACKAGE}.tools.integrations.{module}")
        function = getattr(integration, tool)
        arguments = dict(inspect.signature(function).bind(*args).arguments)
        with mock.patch.dict(os.environ, {**env, "NO_PROXY": "*", "no_proxy": "*"}):
            return run_tool(function, arguments)
${UNCONFIGURED_TEST}${methods}`;
}

/** tests/test_tools.py, or nothing when the team has no catalogue tool. */
export function renderToolTests(model: TeamModel): { path: string; content: string }[] {
  const tools = model.tools.flatMap((t) => (t.catalogue ? [t.catalogue] : []));
  if (tools.length === 0) return [];
  const suites = tools.map(toolTests);
  const http = model.integrations.some((i) => i !== "postgres");
  const kubernetes = model.integrations.includes("kubernetes");
  const postgres = model.integrations.includes("postgres");
  const libraries = [
    ...new Set(model.integrations.map((i) => INTEGRATION_FACTS[i].library)),
  ].sort();
  const imports = [
    "import importlib",
    "import importlib.util",
    "import inspect",
    "import json",
    "import os",
    "import sys",
    ...(kubernetes ? ["import tempfile"] : []),
    ...(http ? ["import threading"] : []),
    "import unittest",
    ...(http ? ["from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer"] : []),
    "from pathlib import Path",
    "from typing import Any",
    "from unittest import mock",
    ...(http ? ["from urllib.parse import parse_qs, urlsplit"] : []),
  ];
  const runTool = RUN_TOOL[model.spec.framework];
  const flags = libraries
    .map(
      (library) =>
        `${LIBRARY_FLAG[library]} = importlib.util.find_spec("${library}") is not None\n`,
    )
    .join("");
  const answers = suites.flatMap((s) => s.answers);
  const content = `"""Offline tests of the team's real tools, each against a local fake of its service.

Each tool is called as the agents call it, through ${model.spec.framework}'s tool wrapper.
They need the tools' libraries (requirements.txt) and no network: a stdlib
http.server on 127.0.0.1 plays each HTTP service. Without its library a test is skipped.
"""

${imports.join("\n")}

${runTool.imports.join("\n")}

TEAM_DIR = Path(__file__).resolve().parents[1]
if str(TEAM_DIR / "src") not in sys.path:
    sys.path.insert(0, str(TEAM_DIR / "src"))

PACKAGE = "${model.pkg}"
${flags}${postgres ? 'DATABASE_URL = os.environ.get("TEAM_TEST_DATABASE_URL", "")\nHAS_DATABASE = HAS_PSYCOPG and bool(DATABASE_URL)\n' : ""}${pyCollection({ head: "UNCONFIGURED = ", open: "(", items: tools.map(unconfigured) })}${kubernetes ? `${KUBERNETES_HELPERS.trimEnd()}\n` : ""}\n\n${runTool.text}\n\n${http ? `ANSWERS: dict[str, Any] = {\n${answers.map((a) => `    ${a},\n`).join("")}}\n\n\n${FAKE_SERVICE}` : ""}${testClass(http, suites.map((s) => s.methods).join(""))}

if __name__ == "__main__":
    unittest.main()
`;
  return [{ path: `tests/test_${model.pkg}_tools.py`, content }];
}
