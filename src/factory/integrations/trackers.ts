// Ticket trackers: Jira (REST v2), Linear (GraphQL) and Zendesk (REST v2), each read and create.
import type { CatalogueTool } from "../../spec/tool-catalogue.ts";
import { docstring, type IntegrationCode, skipUnless } from "./tool-code.ts";

const NAMES = ["as_text", "basic", "dry_run", "join_url", "planned", "request_json", "require_env"];

/** A test of a tool that writes: nothing is sent in dry run, then what it sends. */
function writeTest(t: CatalogueTool, module: string, env: string, args: string, check: string) {
  return `
${skipUnless("httpx")}    def test_${t.name}_plans_in_dry_run_then_writes(self) -> None:
${env}        call = self.caller("${module}", "${t.name}", env)
        planned = json.loads(call(${args}))
        self.assertTrue(planned["dry_run"])
        self.assertEqual(self.service.requests, [])
        result = json.loads(call(${args}, live=True))
        (request,) = self.service.requests
        self.assertEqual(request["method"], "POST")
${check}`;
}

const JIRA_ENV = `        env = {"JIRA_URL": self.service.url, "JIRA_EMAIL": "bot@acme.io"}
        env.update({"JIRA_API_TOKEN": "jira-token", "JIRA_PROJECT": "OPS"})
`;

export const JIRA: IntegrationCode = {
  module: "jira_api",
  title: "Jira",
  library: "httpx",
  requirement: "httpx>=0.23,<1",
  doc: "Jira: issue search (JQL) and issue creation over its REST API, with httpx.",
  imports: [],
  names: NAMES,
  consts: "",
  helpers: `def jira_api(tool: str, path: str) -> tuple[str, dict[str, str]]:
    """The URL of path in Jira's REST API, and the headers of the account's token."""
    base = require_env(tool, "JIRA_URL")
    email = require_env(tool, "JIRA_EMAIL")
    token = require_env(tool, "JIRA_API_TOKEN")
    return join_url(base, f"rest/api/2/{path}"), basic(email, token)


`,
  tools: {
    search_jira_issues: {
      python: (t) => `def ${t.name}(jql: str) -> str:
${docstring(t, ["", 'Example: "project = OPS AND status != Done ORDER BY created DESC".'])}    url, headers = jira_api("${t.name}", "search")
    fields = "summary,status,assignee"
    params = {"jql": jql, "maxResults": "20", "fields": fields}
    answer = request_json("GET", url, headers=headers, params=params)
    issues = []
    for issue in answer.get("issues", []):
        found = issue.get("fields") or {}
        issues.append(
            {
                "key": issue.get("key"),
                "summary": found.get("summary"),
                "status": (found.get("status") or {}).get("name"),
                "assignee": (found.get("assignee") or {}).get("displayName"),
            }
        )
    return as_text({"total": answer.get("total"), "issues": issues})
`,
      tests: (t) => ({
        needs: ["http"],
        answers: [
          `"/rest/api/2/search": {
        "total": 1,
        "issues": [{"key": "OPS-1", "fields": {"status": {"name": "Open"}}}],
    }`,
        ],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_against_a_local_fake(self) -> None:
${JIRA_ENV}        call = self.caller("jira_api", "${t.name}", env)
        result = json.loads(call("project = OPS"))
        self.assertEqual(result["issues"][0]["key"], "OPS-1")
        self.assertEqual(result["issues"][0]["status"], "Open")
        (request,) = self.service.requests
        self.assertEqual(request["query"]["jql"], ["project = OPS"])
        basic = "Basic Ym90QGFjbWUuaW86amlyYS10b2tlbg=="
        self.assertEqual(request["headers"]["authorization"], basic)
`,
      }),
    },
    create_jira_issue: {
      python: (t) => `def ${t.name}(summary: str, description: str) -> str:
${docstring(t)}    url, headers = jira_api("${t.name}", "issue")
    project = require_env("${t.name}", "JIRA_PROJECT")
    fields = {
        "project": {"key": project},
        "summary": summary[:255],
        "description": description[:32000],
        "issuetype": {"name": "Task"},
    }
    if dry_run("${t.name}"):
        return planned("${t.name}", f"POST {url}", {"fields": fields})
    answer = request_json("POST", url, headers=headers, body={"fields": fields})
    key = answer.get("key")
    browse = join_url(require_env("${t.name}", "JIRA_URL"), f"browse/{key}")
    return as_text({"key": key, "url": browse})
`,
      tests: (t) => ({
        needs: ["http"],
        answers: [`"/rest/api/2/issue": {"id": "10001", "key": "OPS-2"}`],
        methods: writeTest(
          t,
          "jira_api",
          JIRA_ENV,
          '"Disk full", "Node 3"',
          `        fields = json.loads(request["body"])["fields"]
        self.assertEqual(fields["project"], {"key": "OPS"})
        self.assertEqual(fields["summary"], "Disk full")
        self.assertEqual(result["key"], "OPS-2")
        self.assertTrue(result["url"].endswith("/browse/OPS-2"))
`,
        ),
      }),
    },
  },
};

const LINEAR_ENV = `        env = {"LINEAR_API_KEY": "lin-key", "LINEAR_TEAM_ID": "team-1"}
        env["LINEAR_API_URL"] = f"{self.service.url}/graphql"
`;

export const LINEAR: IntegrationCode = {
  module: "linear_api",
  title: "Linear",
  library: "httpx",
  requirement: "httpx>=0.23,<1",
  doc: "Linear: issue search and creation over its GraphQL API, with httpx.",
  imports: ["from typing import Any"],
  names: ["as_text", "dry_run", "optional_env", "planned", "request_json", "require_env"],
  consts: `SEARCH = """query Search($q: String!) {
  issues(filter: {title: {containsIgnoreCase: $q}}, first: 20) {
    nodes { identifier title url state { name } assignee { name } }
  }
}"""
CREATE = """mutation Create($input: IssueCreateInput!) {
  issueCreate(input: $input) { success issue { identifier url } }
}"""
`,
  helpers: `def linear(tool: str, query: str, variables: dict[str, Any]) -> Any:
    """One GraphQL request to Linear; its errors raised with what Linear said."""
    key = require_env(tool, "LINEAR_API_KEY")
    url = optional_env("LINEAR_API_URL", "https://api.linear.app/graphql")
    body = {"query": query, "variables": variables}
    answer = request_json("POST", url, headers={"Authorization": key}, body=body)
    if not isinstance(answer, dict) or answer.get("errors") or "data" not in answer:
        raise RuntimeError(f"Linear did not answer the request: {as_text(answer)}")
    return answer["data"]


`,
  tools: {
    search_linear_issues: {
      python: (t) => `def ${t.name}(query: str) -> str:
${docstring(t)}    data = linear("${t.name}", SEARCH, {"q": query})
    issues = [
        {
            "identifier": node.get("identifier"),
            "title": node.get("title"),
            "state": (node.get("state") or {}).get("name"),
            "assignee": (node.get("assignee") or {}).get("name"),
            "url": node.get("url"),
        }
        for node in data["issues"]["nodes"]
    ]
    return as_text(issues)
`,
      tests: (t) => ({
        needs: ["http"],
        answers: [
          `"/graphql": {
        "data": {
            "issues": {"nodes": [{"identifier": "ENG-4", "title": "Upgrade"}]},
            "issueCreate": {"issue": {"identifier": "ENG-5", "url": "u"}},
        }
    }`,
        ],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_against_a_local_fake(self) -> None:
${LINEAR_ENV}        call = self.caller("linear_api", "${t.name}", env)
        (issue,) = json.loads(call("upgrade"))
        self.assertEqual(issue["identifier"], "ENG-4")
        (request,) = self.service.requests
        self.assertEqual(json.loads(request["body"])["variables"], {"q": "upgrade"})
        self.assertEqual(request["headers"]["authorization"], "lin-key")
`,
      }),
    },
    create_linear_issue: {
      python: (t) => `def ${t.name}(title: str, description: str) -> str:
${docstring(t)}    require_env("${t.name}", "LINEAR_API_KEY")
    team = require_env("${t.name}", "LINEAR_TEAM_ID")
    issue = {"teamId": team, "title": title[:255], "description": description[:32000]}
    if dry_run("${t.name}"):
        return planned("${t.name}", "issueCreate", issue)
    data = linear("${t.name}", CREATE, {"input": issue})
    return as_text(data["issueCreate"]["issue"])
`,
      tests: (t) => ({
        needs: ["http"],
        answers: [],
        methods: writeTest(
          t,
          "linear_api",
          LINEAR_ENV,
          '"Upgrade x", "Breaking change"',
          `        variables = json.loads(request["body"])["variables"]
        self.assertEqual(variables["input"]["teamId"], "team-1")
        self.assertEqual(result, {"identifier": "ENG-5", "url": "u"})
`,
        ),
      }),
    },
  },
};

const ZENDESK_ENV = `        env = {"ZENDESK_URL": self.service.url, "ZENDESK_EMAIL": "bot@acme.io"}
        env["ZENDESK_API_TOKEN"] = "zd-token"
`;

export const ZENDESK: IntegrationCode = {
  module: "zendesk_api",
  title: "Zendesk",
  library: "httpx",
  requirement: "httpx>=0.23,<1",
  doc: "Zendesk: ticket search and creation over its REST API, with httpx.",
  imports: [],
  names: NAMES,
  consts: "",
  helpers: `def zendesk_api(tool: str, path: str) -> tuple[str, dict[str, str]]:
    """The URL of path in Zendesk's API, and the headers of the agent's API token."""
    base = require_env(tool, "ZENDESK_URL")
    email = require_env(tool, "ZENDESK_EMAIL")
    token = require_env(tool, "ZENDESK_API_TOKEN")
    return join_url(base, f"api/v2/{path}"), basic(f"{email}/token", token)


`,
  tools: {
    search_zendesk_tickets: {
      python: (t) => `def ${t.name}(query: str) -> str:
${docstring(t, ["", 'Example: "status:new priority:urgent".'])}    url, headers = zendesk_api("${t.name}", "search.json")
    params = {"query": f"type:ticket {query}", "per_page": "25"}
    answer = request_json("GET", url, headers=headers, params=params)
    keys = ("id", "subject", "status", "priority", "created_at")
    tickets = answer.get("results", [])
    return as_text([{key: ticket.get(key) for key in keys} for ticket in tickets])
`,
      tests: (t) => ({
        needs: ["http"],
        answers: [`"/api/v2/search.json": {"results": [{"id": 9, "status": "new"}]}`],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_against_a_local_fake(self) -> None:
${ZENDESK_ENV}        call = self.caller("zendesk_api", "${t.name}", env)
        (ticket,) = json.loads(call("status:new"))
        self.assertEqual((ticket["id"], ticket["status"]), (9, "new"))
        (request,) = self.service.requests
        self.assertEqual(request["query"]["query"], ["type:ticket status:new"])
        basic = "Basic Ym90QGFjbWUuaW8vdG9rZW46emQtdG9rZW4="
        self.assertEqual(request["headers"]["authorization"], basic)
`,
      }),
    },
    create_zendesk_ticket: {
      python: (t) => `def ${t.name}(subject: str, body: str) -> str:
${docstring(t)}    url, headers = zendesk_api("${t.name}", "tickets.json")
    ticket = {"ticket": {"subject": subject[:255], "comment": {"body": body[:32000]}}}
    if dry_run("${t.name}"):
        return planned("${t.name}", f"POST {url}", ticket)
    answer = request_json("POST", url, headers=headers, body=ticket)
    created = answer.get("ticket") or {}
    return as_text({"id": created.get("id"), "status": created.get("status")})
`,
      tests: (t) => ({
        needs: ["http"],
        answers: [`"/api/v2/tickets.json": {"ticket": {"id": 10, "status": "new"}}`],
        methods: writeTest(
          t,
          "zendesk_api",
          ZENDESK_ENV,
          '"Refund", "Please refund order 5"',
          `        sent = json.loads(request["body"])["ticket"]
        self.assertEqual(sent["comment"], {"body": "Please refund order 5"})
        self.assertEqual(result, {"id": 10, "status": "new"})
`,
        ),
      }),
    },
  },
};
