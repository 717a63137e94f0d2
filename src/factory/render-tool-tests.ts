/**
 * tests/test_<package>_tools.py: each catalogue tool of the team called as the agents call it,
 * through the framework's tool wrapper, against a local fake of its service (a stdlib HTTP or SMTP
 * server on 127.0.0.1, botocore's Stubber) and without its settings; a write tool in dry run and
 * then for real. PostgreSQL is the one service not faked: its query test runs when
 * TEAM_TEST_DATABASE_URL names a database.
 */

import { LIBRARY_FLAG, type TestNeed } from "./integrations/tool-code.ts";
import { INTEGRATION_CODE, toolCode } from "./integrations.ts";
import { pyCollection, usedImports } from "./python.ts";
import type { TeamModel } from "./team-model.ts";
import { UNCONFIGURED_TEST, unconfigured } from "./tool-test-cases.ts";
import {
  AWS_FAKES,
  CALL_AWS,
  FAKE_SERVICE,
  FAKE_SMTP,
  KUBERNETES_FAKES,
} from "./tool-test-fakes.ts";

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

const CALL = `    def call(
        self,
        module: str,
        tool: str,
        env: dict[str, str],
        *args: str,
        live: bool = False,
    ) -> str:
        """Call a tool of tools/integrations/ as agents do, \`\`env\`\` set, no proxy; a
        write tool in dry run unless \`\`live\`\`."""
        integration = importlib.import_module(f"{PACKAGE}.tools.integrations.{module}")
        function = getattr(integration, tool)
        arguments = dict(inspect.signature(function).bind(*args).arguments)
        environment = {**env, "NO_PROXY": "*", "no_proxy": "*"}
        with mock.patch.dict(os.environ, environment):
            if not live:
                return run_tool(function, arguments)
            with mock.patch.object(integration, "dry_run", lambda name: False):
                return run_tool(function, arguments)

    def caller(self, module: str, tool: str, env: dict[str, str]) -> Any:
        """\`\`call\`\` of one tool with \`\`env\`\`, as a function of the tool's arguments."""
        return functools.partial(self.call, module, tool, env)
`;

function testClass(http: boolean, aws: boolean, methods: string): string {
  const service = http
    ? `    service: FakeService

    @classmethod
    def setUpClass(cls) -> None:
        cls.service = FakeService(ANSWERS)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.service.close()

    def setUp(self) -> None:
        self.service.requests.clear()

`
    : "";
  return `class ToolTest(unittest.TestCase):
${service}${CALL}${aws ? CALL_AWS : ""}${UNCONFIGURED_TEST}${methods}`;
}

const SRC_ON_PATH = `TEAM_DIR = Path(__file__).resolve().parents[1]
if str(TEAM_DIR / "src") not in sys.path:
    sys.path.insert(0, str(TEAM_DIR / "src"))
`;

/** tests/test_<package>_tools.py, or nothing when the team has no catalogue tool. */
export function renderToolTests(model: TeamModel): { path: string; content: string }[] {
  const tools = model.tools.flatMap((t) => (t.catalogue ? [t.catalogue] : []));
  if (tools.length === 0) return [];
  const suites = tools.map((tool) => toolCode(tool).tests(tool));
  const needs = new Set<TestNeed>(suites.flatMap((s) => s.needs));
  const http = needs.has("http");
  const libraries = [...new Set(model.integrations.map((i) => INTEGRATION_CODE[i].library))].filter(
    (library) => LIBRARY_FLAG[library],
  );
  const imports = [
    "import datetime",
    "import functools",
    "import importlib",
    "import importlib.util",
    "import inspect",
    ...(needs.has("aws") ? ["import io"] : []),
    "import json",
    "import os",
    ...(needs.has("smtp") ? ["import socketserver"] : []),
    "import sys",
    ...(needs.has("tempfile") ? ["import tempfile"] : []),
    ...(http || needs.has("smtp") ? ["import threading"] : []),
    "import unittest",
    ...(http ? ["from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer"] : []),
    "from pathlib import Path",
    "from typing import Any",
    "from unittest import mock",
    ...(http ? ["from urllib.parse import parse_qs, urlsplit"] : []),
  ];
  const run = RUN_TOOL[model.spec.framework];
  const flags = libraries
    .map((l) => `${LIBRARY_FLAG[l]} = importlib.util.find_spec("${l}") is not None\n`)
    .join("");
  const postgres = model.integrations.includes("postgres");
  const database = postgres
    ? 'DATABASE_URL = os.environ.get("TEAM_TEST_DATABASE_URL", "")\nHAS_DATABASE = HAS_PSYCOPG and bool(DATABASE_URL)\n'
    : "";
  const answers = [...new Set(suites.flatMap((s) => s.answers))];
  const unconfiguredRows = tools.flatMap((t) => unconfigured(t) ?? []);
  const fakes = [
    needs.has("kubernetes") ? KUBERNETES_FAKES : "",
    needs.has("aws") ? AWS_FAKES : "",
    needs.has("smtp") ? FAKE_SMTP : "",
    http
      ? `ANSWERS: dict[str, Any] = {\n${answers.map((a) => `    ${a},\n`).join("")}}\n\n\n${FAKE_SERVICE}`
      : "",
  ].join("");
  const body = `${run.text}\n${fakes}${testClass(http, needs.has("aws"), suites.map((s) => s.methods).join(""))}\n${flags}${database}`;
  const content = `"""Offline tests of the team's real tools, each against a local fake of its service.

Each tool is called as the agents call it, through ${model.spec.framework}'s tool wrapper.
They need the tools' libraries (requirements.txt) and no network: stdlib servers on
127.0.0.1 play each service. Without its library a test is skipped.
"""

${usedImports(imports, `${SRC_ON_PATH}${body}`).join("\n")}

${run.imports.join("\n")}

${SRC_ON_PATH}
PACKAGE = "${model.pkg}"
${flags}${database}${pyCollection({ head: "UNCONFIGURED: tuple[tuple[str, str, str, str], ...] = ", open: "(", items: unconfiguredRows })}

${run.text}

${fakes}${testClass(http, needs.has("aws"), suites.map((s) => s.methods).join(""))}

if __name__ == "__main__":
    unittest.main()
`;
  return [{ path: `tests/test_${model.pkg}_tools.py`, content }];
}
