// GitHub over its REST API: issue and pull request search, issues, pull request diffs, reviews
// and comments, merged pull requests and failed workflow runs of the team's repository.
import type { CatalogueTool } from "../../spec/tool-catalogue.ts";
import { docstring, type IntegrationCode, read, skipUnless, type ToolCode } from "./tool-code.ts";

const SEARCH_ANSWER = `"/search/issues": {
        "total_count": 1,
        "items": [{"number": 7, "title": "Flaky deploy", "state": "open"}],
    }`;
const ENV = `        env = {"GITHUB_TOKEN": "gh-token", "GITHUB_API_URL": self.service.url}
        env["GITHUB_REPOSITORY"] = "acme/app"
`;

/** A test of a tool that writes: nothing is sent in dry run, then the request it sends. */
function writeTest(tool: CatalogueTool, args: string, check: string): string {
  return `
${skipUnless("httpx")}    def test_${tool.name}_plans_in_dry_run_then_writes(self) -> None:
${ENV}        call = self.caller("github_api", "${tool.name}", env)
        planned = json.loads(call(${args}))
        self.assertTrue(planned["dry_run"])
        self.assertEqual(self.service.requests, [])
        result = json.loads(call(${args}, live=True))
        (request,) = self.service.requests
        self.assertEqual(request["method"], "POST")
        self.assertEqual(request["headers"]["authorization"], "Bearer gh-token")
${check}`;
}

const tool = (python: ToolCode["python"], tests: ToolCode["tests"]): ToolCode => ({
  python,
  tests,
});

export const GITHUB: IntegrationCode = {
  module: "github_api",
  title: "GitHub",
  library: "httpx",
  requirement: "httpx>=0.23,<1",
  doc: "GitHub: search, issues, pull requests and workflow runs over REST, with httpx.",
  imports: ["import datetime", "import re", "from typing import Any"],
  names: [
    "NotConfigured",
    "as_text",
    "bearer",
    "dry_run",
    "join_url",
    "optional_env",
    "planned",
    "request_json",
    "require_env",
  ],
  consts: `GITHUB_HEADERS = {
    "Accept": "application/vnd.github+json",
    "X-GitHub-Api-Version": "2022-11-28",
}
REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
MAX_BODY_CHARS = 60000
`,
  helpers: `def repo_api(tool: str, path: str) -> tuple[str, dict[str, str]]:
    """The URL of path under the team's repository, and the headers with its token."""
    token = require_env(tool, "GITHUB_TOKEN")
    repository = require_env(tool, "GITHUB_REPOSITORY")
    if not REPOSITORY.fullmatch(repository):
        raise NotConfigured(f"{tool}: GITHUB_REPOSITORY is owner/name: {repository!r}")
    base = optional_env("GITHUB_API_URL", "https://api.github.com")
    headers = {**bearer(token), **GITHUB_HEADERS}
    return join_url(base, f"repos/{repository}/{path}"), headers


def brief(item: dict[str, Any]) -> dict[str, Any]:
    """The fields of an issue or pull request an agent needs."""
    return {
        "number": item.get("number"),
        "title": item.get("title"),
        "state": item.get("state"),
        "url": item.get("html_url"),
        "pull_request": "pull_request" in item,
    }


`,
  tools: {
    search_github: tool(
      (t) => `def ${t.name}(query: str) -> str:
${docstring(t, ["", 'Example query: "repo:acme/app is:issue is:open label:bug".'])}${read(t, "GITHUB_TOKEN", "token")}${read(t, "GITHUB_API_URL", "base")}    answer = request_json(
        "GET",
        join_url(base or "https://api.github.com", "search/issues"),
        headers={**bearer(token), **GITHUB_HEADERS},
        params={"q": query, "per_page": "20"},
    )
    items = [brief(item) for item in answer.get("items", [])]
    return as_text({"total_count": answer.get("total_count"), "items": items})
`,
      (t) => ({
        needs: ["http"],
        answers: [SEARCH_ANSWER],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_against_a_local_fake(self) -> None:
        env = {"GITHUB_TOKEN": "gh-token", "GITHUB_API_URL": self.service.url}
        result = json.loads(self.call("github_api", "${t.name}", env, "is:open"))
        self.assertEqual(result["total_count"], 1)
        self.assertEqual(result["items"][0]["title"], "Flaky deploy")
        (request,) = self.service.requests
        self.assertEqual(request["path"], "/search/issues")
        self.assertEqual(request["query"], {"q": ["is:open"], "per_page": ["20"]})
        self.assertEqual(request["headers"]["authorization"], "Bearer gh-token")
`,
      }),
    ),
    create_github_issue: tool(
      (t) => `def ${t.name}(title: str, body: str) -> str:
${docstring(t)}    url, headers = repo_api("${t.name}", "issues")
    payload = {"title": title[:256], "body": body[:MAX_BODY_CHARS]}
    if dry_run("${t.name}"):
        return planned("${t.name}", f"POST {url}", payload)
    answer = request_json("POST", url, headers=headers, body=payload)
    return as_text({"number": answer.get("number"), "url": answer.get("html_url")})
`,
      (t) => ({
        needs: ["http"],
        answers: [`"/repos/acme/app/issues": {"number": 12, "html_url": "https://x/12"}`],
        methods: writeTest(
          t,
          '"Disk full", "Node 3 is at 98%."',
          `        self.assertEqual(request["path"], "/repos/acme/app/issues")
        self.assertEqual(json.loads(request["body"])["title"], "Disk full")
        self.assertEqual(result, {"number": 12, "url": "https://x/12"})
`,
        ),
      }),
    ),
    get_pull_request_diff: tool(
      (t) => `def ${t.name}(number: str) -> str:
${docstring(t)}    url, headers = repo_api("${t.name}", f"pulls/{int(number)}")
    diff = request_json(
        "GET", url, headers={**headers, "Accept": "application/vnd.github.diff"}
    )
    text = str(diff)
    if len(text) > MAX_BODY_CHARS:
        return f"{text[:MAX_BODY_CHARS]}\\n... (cut: {len(text)} characters in all)"
    return text
`,
      (t) => ({
        needs: ["http"],
        answers: [`"/repos/acme/app/pulls/7": "diff --git a/app.py b/app.py\\n+print(1)\\n"`],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_against_a_local_fake(self) -> None:
${ENV}        result = self.call("github_api", "${t.name}", env, "7")
        self.assertIn("+print(1)", result)
        (request,) = self.service.requests
        self.assertEqual(request["path"], "/repos/acme/app/pulls/7")
        self.assertEqual(request["headers"]["accept"], "application/vnd.github.diff")
        with self.assertRaises(ValueError):
            self.call("github_api", "${t.name}", env, "7; rm")
`,
      }),
    ),
    list_pull_request_reviews: tool(
      (t) => `def ${t.name}(number: str) -> str:
${docstring(t)}    url, headers = repo_api("${t.name}", f"pulls/{int(number)}/reviews")
    reviews = request_json("GET", url, headers=headers, params={"per_page": "50"})
    return as_text(
        [
            {
                "reviewer": (review.get("user") or {}).get("login"),
                "state": review.get("state"),
                "body": review.get("body"),
                "submitted_at": review.get("submitted_at"),
            }
            for review in reviews
        ]
    )
`,
      (t) => ({
        needs: ["http"],
        answers: [
          `"/repos/acme/app/pulls/7/reviews": [
        {"user": {"login": "mia"}, "state": "APPROVED", "body": "ok"}
    ]`,
        ],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_against_a_local_fake(self) -> None:
${ENV}        call = self.caller("github_api", "${t.name}", env)
        (review,) = json.loads(call("7"))
        self.assertEqual((review["reviewer"], review["state"]), ("mia", "APPROVED"))
`,
      }),
    ),
    comment_on_pull_request: tool(
      (t) => `def ${t.name}(number: str, body: str) -> str:
${docstring(t)}    url, headers = repo_api("${t.name}", f"issues/{int(number)}/comments")
    payload = {"body": body[:MAX_BODY_CHARS]}
    if dry_run("${t.name}"):
        return planned("${t.name}", f"POST {url}", payload)
    answer = request_json("POST", url, headers=headers, body=payload)
    return as_text({"id": answer.get("id"), "url": answer.get("html_url")})
`,
      (t) => ({
        needs: ["http"],
        answers: [`"/repos/acme/app/issues/7/comments": {"id": 3, "html_url": "https://x/c3"}`],
        methods: writeTest(
          t,
          '"7", "Looks good"',
          `        self.assertEqual(request["path"], "/repos/acme/app/issues/7/comments")
        self.assertEqual(json.loads(request["body"]), {"body": "Looks good"})
        self.assertEqual(result["id"], 3)
`,
        ),
      }),
    ),
    list_merged_pull_requests: tool(
      (t) => `def ${t.name}(since: str = "") -> str:
${docstring(t)}    _, headers = repo_api("${t.name}", "")
    repository = require_env("${t.name}", "GITHUB_REPOSITORY")
    day = datetime.date.fromisoformat(since) if since else None
    query = f"repo:{repository} is:pr is:merged" + (f" merged:>={day}" if day else "")
    base = optional_env("GITHUB_API_URL", "https://api.github.com")
    answer = request_json(
        "GET",
        join_url(base, "search/issues"),
        headers=headers,
        params={"q": query, "per_page": "50", "sort": "updated"},
    )
    return as_text([brief(item) for item in answer.get("items", [])])
`,
      (t) => ({
        needs: ["http"],
        answers: [SEARCH_ANSWER],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_against_a_local_fake(self) -> None:
${ENV}        call = self.caller("github_api", "${t.name}", env)
        (pull,) = json.loads(call("2026-01-02"))
        self.assertEqual(pull["number"], 7)
        (request,) = self.service.requests
        query = "repo:acme/app is:pr is:merged merged:>=2026-01-02"
        self.assertEqual(request["query"]["q"], [query])
`,
      }),
    ),
    list_failed_workflow_runs: tool(
      (t) => `def ${t.name}(days: str = "7") -> str:
${docstring(t)}    url, headers = repo_api("${t.name}", "actions/runs")
    since = datetime.date.today() - datetime.timedelta(days=int(days))
    answer = request_json(
        "GET",
        url,
        headers=headers,
        params={"status": "failure", "created": f">={since}", "per_page": "50"},
    )
    runs = [
        {
            "workflow": run.get("name"),
            "branch": run.get("head_branch"),
            "commit": run.get("head_sha"),
            "url": run.get("html_url"),
            "created_at": run.get("created_at"),
        }
        for run in answer.get("workflow_runs", [])
    ]
    return as_text(runs)
`,
      (t) => ({
        needs: ["http"],
        answers: [
          `"/repos/acme/app/actions/runs": {
        "workflow_runs": [{"name": "CI", "head_branch": "main", "head_sha": "abc"}]
    }`,
        ],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_against_a_local_fake(self) -> None:
${ENV}        call = self.caller("github_api", "${t.name}", env)
        (run,) = json.loads(call("3"))
        self.assertEqual((run["workflow"], run["commit"]), ("CI", "abc"))
        (request,) = self.service.requests
        self.assertEqual(request["query"]["status"], ["failure"])
`,
      }),
    ),
  },
};
