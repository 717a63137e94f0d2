// HTTP JSON APIs: GET a path of a configured service (the team's own API, OpenCost, a helpdesk).
import type { CatalogueTool } from "../../spec/tool-catalogue.ts";
import { docstring, type IntegrationCode, read, skipUnless, type ToolCode } from "./tool-code.ts";

const getJson: ToolCode = {
  python: (tool: CatalogueTool) => {
    const [base, token] = tool.settings;
    return `def ${tool.name}(path: str) -> str:
${docstring(tool)}${read(tool, base?.env ?? "", "base")}${read(tool, token?.env ?? "", "token")}    return as_text(request_json("GET", join_url(base, path), headers=bearer(token)))
`;
  },
  tests: (tool: CatalogueTool) => {
    const [base, token] = tool.settings;
    return {
      needs: ["http"],
      answers: [`"/${tool.name}/items": {"items": [{"id": 1, "name": "first"}]}`],
      methods: `
${skipUnless("httpx")}    def test_${tool.name}_against_a_local_fake(self) -> None:
        env = {"${base?.env}": f"{self.service.url}/${tool.name}"}
        env["${token?.env}"] = "api-token"
        result = self.call("http_json", "${tool.name}", env, "items?page=2")
        self.assertEqual(json.loads(result), {"items": [{"id": 1, "name": "first"}]})
        (request,) = self.service.requests
        self.assertEqual(request["path"], "/${tool.name}/items")
        self.assertEqual(request["query"], {"page": ["2"]})
        self.assertEqual(request["headers"]["authorization"], "Bearer api-token")
        with self.assertRaisesRegex(ValueError, "not a URL"):
            self.call("http_json", "${tool.name}", env, "https://x.example")
`,
    };
  },
};

export const HTTP_JSON: IntegrationCode = {
  module: "http_json",
  title: "HTTP JSON APIs",
  library: "httpx",
  requirement: "httpx>=0.23,<1",
  doc: "HTTP JSON APIs: GET a path of a configured service with httpx.",
  imports: [],
  names: ["as_text", "bearer", "join_url", "optional_env", "request_json", "require_env"],
  consts: "",
  tools: { get_api_json: getJson, fetch_billing_data: getJson, fetch_tickets: getJson },
};
