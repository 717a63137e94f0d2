/**
 * tests/test_tools.py: each catalogue tool of the team called for real against a local fake of
 * its service (a stdlib http.server on 127.0.0.1), and without its settings. PostgreSQL is the one
 * service not faked: its query test runs when TEAM_TEST_DATABASE_URL names a database.
 */
import type { CatalogueTool, Integration } from "../spec/tool-catalogue.ts";
import { INTEGRATION_FACTS } from "./integrations.ts";
import { pyCollection } from "./python.ts";
import type { TeamModel } from "./team-model.ts";

const LIBRARY_FLAG: Record<string, string> = {
  httpx: "HAS_HTTPX",
  kubernetes: "HAS_KUBERNETES",
  psycopg: "HAS_PSYCOPG",
};

type ToolTests = { answers: string[]; methods: string };

const skipUnless = (integration: Integration) => {
  const library = INTEGRATION_FACTS[integration].library;
  return `    @unittest.skipUnless(${LIBRARY_FLAG[library]}, "${library} is not installed")\n`;
};

/** A row of UNCONFIGURED: module, tool, the variable it needs and the value that lacks. */
function unconfigured(tool: CatalogueTool): string {
  const module = INTEGRATION_FACTS[tool.integration].module;
  const required = tool.settings.find((s) => s.required);
  const [variable, value] = required ? [required.env, ""] : ["KUBECONFIG", "/nonexistent"];
  return `(${[module, tool.name, variable, value].map((v) => JSON.stringify(v)).join(", ")})`;
}

const UNCONFIGURED_TEST = `
    def test_each_tool_says_what_to_set_when_unconfigured(self) -> None:
        errors = importlib.import_module("tools.integrations")
        for module, tool, variable, value in UNCONFIGURED:
            env = {"KUBERNETES_SERVICE_HOST": "", variable: value}
            with self.subTest(tool=tool):
                with self.assertRaises(errors.NotConfigured) as raised:
                    self.call(module, tool, env, "x")
                self.assertIn(variable, str(raised.exception))
`;

function httpJsonTests(tool: CatalogueTool): ToolTests {
  const [base, token] = tool.settings;
  const env = [
    `        env = {"${base?.env}": f"{self.service.url}/${tool.name}"}\n`,
    ...(token ? [`        env["${token.env}"] = "api-token"\n`] : []),
  ];
  return {
    answers: [`"/${tool.name}/items": {"items": [{"id": 1, "name": "first"}]}`],
    methods: `
${skipUnless("http-json")}    def test_${tool.name}_against_a_local_fake(self) -> None:
${env.join("")}        result = self.call("http_json", "${tool.name}", env, "items?page=2")
        self.assertEqual(json.loads(result), {"items": [{"id": 1, "name": "first"}]})
        (request,) = self.service.requests
        self.assertEqual(request["path"], "/${tool.name}/items")
        self.assertEqual(request["query"], {"page": ["2"]})
${token ? `        self.assertEqual(request["headers"]["authorization"], "Bearer api-token")\n` : ""}        with self.assertRaisesRegex(ValueError, "not a URL"):
            self.call("http_json", "${tool.name}", env, "https://x.example")
`,
  };
}

const TESTS: Record<Exclude<Integration, "http-json">, (tool: CatalogueTool) => ToolTests> = {
  prometheus: (tool) => ({
    answers: [
      `"/api/v1/query": {
        "status": "success",
        "data": {"resultType": "vector", "result": [{"value": [1, "0.25"]}]},
    }`,
    ],
    methods: `
${skipUnless("prometheus")}    def test_${tool.name}_against_a_local_fake(self) -> None:
        env = {"PROMETHEUS_URL": self.service.url, "PROMETHEUS_TOKEN": "prom-token"}
        result = self.call("prometheus", "${tool.name}", env, "sum(rate(x[5m]))")
        self.assertEqual(json.loads(result)["result"], [{"value": [1, "0.25"]}])
        (request,) = self.service.requests
        self.assertEqual(request["path"], "/api/v1/query")
        self.assertEqual(request["query"], {"query": ["sum(rate(x[5m]))"]})
        self.assertEqual(request["headers"]["authorization"], "Bearer prom-token")
`,
  }),
  slack: (tool) => ({
    answers: [`"/services/T1/B2/C3": "ok"`],
    methods: `
${skipUnless("slack")}    def test_${tool.name}_against_a_local_fake(self) -> None:
        env = {"SLACK_WEBHOOK_URL": f"{self.service.url}/services/T1/B2/C3"}
        result = self.call("slack_webhook", "${tool.name}", env, "Spend is up")
        self.assertEqual(result, "posted to Slack: ok")
        (request,) = self.service.requests
        self.assertEqual(request["method"], "POST")
        self.assertEqual(json.loads(request["body"]), {"text": "Spend is up"})
`,
  }),
  github: (tool) => ({
    answers: [
      `"/search/issues": {
        "total_count": 1,
        "items": [{"number": 7, "title": "Flaky deploy", "state": "open"}],
    }`,
    ],
    methods: `
${skipUnless("github")}    def test_${tool.name}_against_a_local_fake(self) -> None:
        env = {"GITHUB_TOKEN": "gh-token", "GITHUB_API_URL": self.service.url}
        result = json.loads(self.call("github_search", "${tool.name}", env, "is:open"))
        self.assertEqual(result["total_count"], 1)
        self.assertEqual(result["items"][0]["title"], "Flaky deploy")
        (request,) = self.service.requests
        self.assertEqual(request["path"], "/search/issues")
        self.assertEqual(request["query"], {"q": ["is:open"], "per_page": ["20"]})
        self.assertEqual(request["headers"]["authorization"], "Bearer gh-token")
`,
  }),
  supabase: (tool) => ({
    answers: [`"/rest/v1/pm_tasks": [{"id": 1, "title": "Chart the spend"}]`],
    methods: `
${skipUnless("supabase")}    def test_${tool.name}_against_a_local_fake(self) -> None:
        env = {"SUPABASE_URL": self.service.url, "SUPABASE_KEY": "sb-key"}
        filters = "select=id,title&status=eq.ready"
        result = self.call(
            "supabase_rest", "query_supabase_table", env, "pm_tasks", filters
        )
        self.assertEqual(json.loads(result), [{"id": 1, "title": "Chart the spend"}])
        (request,) = self.service.requests
        self.assertEqual(request["path"], "/rest/v1/pm_tasks")
        query = {"select": ["id,title"], "status": ["eq.ready"], "limit": ["50"]}
        self.assertEqual(request["query"], query)
        self.assertEqual(request["headers"]["apikey"], "sb-key")
        with self.assertRaisesRegex(ValueError, "not a table name"):
            self.call("supabase_rest", "${tool.name}", env, "pm_tasks; drop")
`,
  }),
  kubernetes: (tool) => ({
    answers: [`"/apis/apps/v1/namespaces/shop/deployments": DEPLOYMENTS`],
    methods: `
${skipUnless("kubernetes")}    def test_${tool.name}_against_a_local_fake(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            kubeconfig = Path(folder) / "config"
            kubeconfig.write_text(kubeconfig_for(self.service.url), encoding="utf-8")
            env = {"KUBERNETES_SERVICE_HOST": "", "KUBECONFIG": str(kubeconfig)}
            result = self.call(
                "kubernetes_read", "list_kubernetes_workloads", env, "shop"
            )
        (workload,) = json.loads(result)
        self.assertEqual((workload["name"], workload["replicas"]), ("checkout", 2))
        requests = {"cpu": "250m", "memory": "256Mi"}
        self.assertEqual(workload["containers"][0]["requests"], requests)
        (request,) = self.service.requests
        self.assertEqual(request["path"], "/apis/apps/v1/namespaces/shop/deployments")
        self.assertEqual(request["headers"]["authorization"], "Bearer kube-token")
`,
  }),
  postgres: (tool) => ({
    answers: [],
    methods: `
    @unittest.skipUnless(HAS_DATABASE, "TEAM_TEST_DATABASE_URL is not set")
    def test_${tool.name}_on_a_database(self) -> None:
        env = {"DATABASE_URL": DATABASE_URL}
        sql = "SELECT 1 AS one, 'a%b' AS text"
        result = self.call("postgres", "${tool.name}", env, sql)
        rows = [{"one": 1, "text": "a%b"}]
        self.assertEqual(json.loads(result), {"rows": rows, "more_rows": False})
        with self.assertRaisesRegex(Exception, "read-only"):
            self.call("postgres", "${tool.name}", env, "CREATE TABLE written (id int)")
`,
  }),
};

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

function testClass(http: boolean, methods: string): string {
  return `class ToolTest(unittest.TestCase):
${http ? "    service: FakeService\n\n" : ""}    @classmethod
    def setUpClass(cls) -> None:
        # Forget another team's tools, then import this team's.
        for cached in list(sys.modules):
            if cached.split(".")[0] == "tools":
                del sys.modules[cached]
        sys.path.insert(0, str(TEAM_DIR))
${http ? "        cls.service = FakeService(ANSWERS)\n" : ""}
    @classmethod
    def tearDownClass(cls) -> None:
${http ? "        cls.service.close()\n" : ""}        sys.path.remove(str(TEAM_DIR))
${http ? "\n    def setUp(self) -> None:\n        self.service.requests.clear()\n" : ""}
    def call(self, module: str, tool: str, env: dict[str, str], *args: str) -> str:
        """Call a tool of tools/integrations/ with \`\`env\`\` set and no proxy."""
        integration = importlib.import_module(f"tools.integrations.{module}")
        function = getattr(integration, tool)
        with mock.patch.dict(os.environ, {**env, "NO_PROXY": "*", "no_proxy": "*"}):
            return str(function(*args))
${UNCONFIGURED_TEST}${methods}`;
}

/** tests/test_tools.py, or nothing when the team has no catalogue tool. */
export function renderToolTests(model: TeamModel): { path: string; content: string }[] {
  const tools = model.tools.flatMap((t) => (t.catalogue ? [t.catalogue] : []));
  if (tools.length === 0) return [];
  const suites = tools.map((tool) =>
    tool.integration === "http-json" ? httpJsonTests(tool) : TESTS[tool.integration](tool),
  );
  const http = model.integrations.some((i) => i !== "postgres");
  const kubernetes = model.integrations.includes("kubernetes");
  const postgres = model.integrations.includes("postgres");
  const libraries = [
    ...new Set(model.integrations.map((i) => INTEGRATION_FACTS[i].library)),
  ].sort();
  const imports = [
    "import importlib.util",
    "import json",
    "import os",
    "import sys",
    ...(kubernetes ? ["import tempfile"] : []),
    ...(http ? ["import threading"] : []),
    "import unittest",
    ...(http ? ["from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer"] : []),
    "from pathlib import Path",
    ...(http ? ["from typing import Any"] : []),
    "from unittest import mock",
    ...(http ? ["from urllib.parse import parse_qs, urlsplit"] : []),
  ];
  const flags = libraries
    .map(
      (library) =>
        `${LIBRARY_FLAG[library]} = importlib.util.find_spec("${library}") is not None\n`,
    )
    .join("");
  const answers = suites.flatMap((s) => s.answers);
  const content = `"""Offline tests of the team's real tools, each against a local fake of its service.

They need the tools' libraries (requirements.txt) and no network: a stdlib
http.server on 127.0.0.1 plays each HTTP service. Without its library a test is skipped.
From the team's folder: \`\`python -m unittest discover tests\`\`.
"""

${imports.join("\n")}

TEAM_DIR = Path(__file__).resolve().parent.parent
${flags}${postgres ? 'DATABASE_URL = os.environ.get("TEAM_TEST_DATABASE_URL", "")\nHAS_DATABASE = HAS_PSYCOPG and bool(DATABASE_URL)\n' : ""}${pyCollection({ head: "UNCONFIGURED = ", open: "(", items: tools.map(unconfigured) })}${kubernetes ? `${KUBERNETES_HELPERS}` : ""}${http ? `ANSWERS: dict[str, Any] = {\n${answers.map((a) => `    ${a},\n`).join("")}}\n\n\n${FAKE_SERVICE}` : "\n\n"}${testClass(http, suites.map((s) => s.methods).join(""))}

if __name__ == "__main__":
    unittest.main()
`;
  return [{ path: "tests/test_tools.py", content }];
}
