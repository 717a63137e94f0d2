// Incidents and errors: PagerDuty (REST API reads, Events API to page) and Sentry (issues).
import { docstring, type IntegrationCode, skipUnless } from "./tool-code.ts";

export const PAGERDUTY: IntegrationCode = {
  module: "pagerduty_api",
  title: "PagerDuty",
  library: "httpx",
  requirement: "httpx>=0.23,<1",
  doc: "PagerDuty: incidents over its REST API, paging through its Events API, with httpx.",
  imports: [],
  names: [
    "as_text",
    "dry_run",
    "join_url",
    "optional_env",
    "planned",
    "request_json",
    "require_env",
  ],
  consts:
    'SEVERITIES = ("critical", "error", "warning", "info")\nEVENTS_URL = "https://events.pagerduty.com/v2/enqueue"\n',
  tools: {
    list_pagerduty_incidents: {
      python: (t) => `def ${t.name}(statuses: str = "triggered,acknowledged") -> str:
${docstring(t)}    token = require_env("${t.name}", "PAGERDUTY_API_TOKEN")
    base = optional_env("PAGERDUTY_API_URL", "https://api.pagerduty.com")
    wanted = [status.strip() for status in statuses.split(",") if status.strip()]
    params = [("statuses[]", status) for status in wanted] + [("limit", "50")]
    headers = {
        "Authorization": f"Token token={token}",
        "Accept": "application/vnd.pagerduty+json;version=2",
    }
    answer = request_json(
        "GET", join_url(base, "incidents"), headers=headers, params=params
    )
    return as_text(
        [
            {
                "number": incident.get("incident_number"),
                "title": incident.get("title"),
                "status": incident.get("status"),
                "urgency": incident.get("urgency"),
                "service": (incident.get("service") or {}).get("summary"),
                "created_at": incident.get("created_at"),
                "url": incident.get("html_url"),
            }
            for incident in answer.get("incidents", [])
        ]
    )
`,
      tests: (t) => ({
        needs: ["http"],
        answers: [
          `"/incidents": {
        "incidents": [{"incident_number": 4, "title": "Down", "status": "triggered"}]
    }`,
        ],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_against_a_local_fake(self) -> None:
        env = {"PAGERDUTY_API_TOKEN": "pd-token", "PAGERDUTY_API_URL": self.service.url}
        call = self.caller("pagerduty_api", "${t.name}", env)
        (incident,) = json.loads(call())
        self.assertEqual((incident["number"], incident["status"]), (4, "triggered"))
        (request,) = self.service.requests
        statuses = ["triggered", "acknowledged"]
        self.assertEqual(request["query"]["statuses[]"], statuses)
        self.assertEqual(request["headers"]["authorization"], "Token token=pd-token")
`,
      }),
    },
    create_pagerduty_incident: {
      python: (t) => `def ${t.name}(summary: str, severity: str = "error") -> str:
${docstring(t)}    key = require_env("${t.name}", "PAGERDUTY_ROUTING_KEY")
    url = optional_env("PAGERDUTY_EVENTS_URL", EVENTS_URL)
    if severity not in SEVERITIES:
        raise ValueError(f"severity is one of {', '.join(SEVERITIES)}")
    payload = {"summary": summary[:1024], "source": "team", "severity": severity}
    if dry_run("${t.name}"):
        return planned("${t.name}", f"POST {url}", {"payload": payload})
    event = {"routing_key": key, "event_action": "trigger", "payload": payload}
    answer = request_json("POST", url, body=event)
    return as_text({key: answer.get(key) for key in ("status", "dedup_key")})
`,
      tests: (t) => ({
        needs: ["http"],
        answers: [`"/v2/enqueue": {"status": "success", "dedup_key": "k-1"}`],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_plans_in_dry_run_then_pages(self) -> None:
        env = {"PAGERDUTY_ROUTING_KEY": "rk-1"}
        env["PAGERDUTY_EVENTS_URL"] = f"{self.service.url}/v2/enqueue"
        call = self.caller("pagerduty_api", "${t.name}", env)
        planned = json.loads(call("API down"))
        self.assertTrue(planned["dry_run"])
        self.assertNotIn("rk-1", json.dumps(planned))
        self.assertEqual(self.service.requests, [])
        result = json.loads(call("API down", live=True))
        (request,) = self.service.requests
        event = json.loads(request["body"])
        self.assertEqual(event["routing_key"], "rk-1")
        self.assertEqual(event["event_action"], "trigger")
        self.assertEqual(result, {"status": "success", "dedup_key": "k-1"})
        with self.assertRaisesRegex(ValueError, "severity"):
            call("x", "fatal")
`,
      }),
    },
  },
};

export const SENTRY: IntegrationCode = {
  module: "sentry_api",
  title: "Sentry",
  library: "httpx",
  requirement: "httpx>=0.23,<1",
  doc: "Sentry: the issues of the team's project over its REST API, with httpx.",
  imports: [],
  names: ["as_text", "bearer", "join_url", "optional_env", "request_json", "require_env"],
  consts: "",
  tools: {
    list_sentry_issues: {
      python: (t) => `def ${t.name}(query: str = "is:unresolved") -> str:
${docstring(t)}    token = require_env("${t.name}", "SENTRY_AUTH_TOKEN")
    org = require_env("${t.name}", "SENTRY_ORG")
    project = require_env("${t.name}", "SENTRY_PROJECT")
    base = optional_env("SENTRY_URL", "https://sentry.io")
    url = join_url(base, f"api/0/projects/{org}/{project}/issues/")
    params = {"query": query, "limit": "25"}
    answer = request_json("GET", url, headers=bearer(token), params=params)
    keys = ("title", "culprit", "level", "count", "userCount", "firstSeen", "lastSeen")
    issues = []
    for issue in answer:
        issues.append({key: issue.get(key) for key in keys})
        issues[-1]["url"] = issue.get("permalink")
    return as_text(issues)
`,
      tests: (t) => ({
        needs: ["http"],
        answers: [
          `"/api/0/projects/acme/app/issues/": [
        {"title": "KeyError: 'id'", "count": "31", "permalink": "https://s/1"}
    ]`,
        ],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_against_a_local_fake(self) -> None:
        env = {"SENTRY_AUTH_TOKEN": "s-token", "SENTRY_ORG": "acme"}
        env.update({"SENTRY_PROJECT": "app", "SENTRY_URL": self.service.url})
        (issue,) = json.loads(self.call("sentry_api", "${t.name}", env))
        self.assertEqual((issue["count"], issue["url"]), ("31", "https://s/1"))
        (request,) = self.service.requests
        self.assertEqual(request["query"]["query"], ["is:unresolved"])
        self.assertEqual(request["headers"]["authorization"], "Bearer s-token")
`,
      }),
    },
  },
};
