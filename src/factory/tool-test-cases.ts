// The test cases of tests/test_tools.py, one set per catalogue tool (our own text only).
import type { CatalogueTool, Integration } from "../spec/tool-catalogue.ts";
import { INTEGRATION_FACTS } from "./integrations.ts";

/** The module-level flag of each library the tests may lack. */
export const LIBRARY_FLAG: Record<string, string> = {
  httpx: "HAS_HTTPX",
  kubernetes: "HAS_KUBERNETES",
  psycopg: "HAS_PSYCOPG",
};

export type ToolTests = { answers: string[]; methods: string };

const skipUnless = (integration: Integration) => {
  const library = INTEGRATION_FACTS[integration].library;
  return `    @unittest.skipUnless(${LIBRARY_FLAG[library]}, "${library} is not installed")\n`;
};

/** A row of UNCONFIGURED: module, tool, the variable it needs and the value that lacks. */
export function unconfigured(tool: CatalogueTool): string {
  const module = INTEGRATION_FACTS[tool.integration].module;
  const required = tool.settings.find((s) => s.required);
  const [variable, value] = required ? [required.env, ""] : ["KUBECONFIG", "/nonexistent"];
  return `(${[module, tool.name, variable, value].map((v) => JSON.stringify(v)).join(", ")})`;
}

export const UNCONFIGURED_TEST = `
    def test_each_tool_says_what_to_set_when_unconfigured(self) -> None:
        errors = importlib.import_module(f"{PACKAGE}.tools.integrations")
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

/** The test methods of one catalogue tool, and what its fake service answers. */
export function toolTests(tool: CatalogueTool): ToolTests {
  return tool.integration === "http-json" ? httpJsonTests(tool) : TESTS[tool.integration](tool);
}
