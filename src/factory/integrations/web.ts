// The web: a page's readable text (public hosts only, unless allowed), and OSV's vulnerability
// database.
import { docstring, type IntegrationCode, skipUnless } from "./tool-code.ts";

const TEXT_OF_PAGE = `class TextOfPage(HTMLParser):
    """A page's title and visible text, scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.parts: list[str] = []
        self.hidden = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        if tag == "title":
            self.in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_TAGS and self.hidden:
            self.hidden -= 1
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data.strip()
        elif not self.hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def refuse_private(tool: str, host: str, port: int) -> None:
    """Refuse a host that resolves to a private, loopback or link-local address."""
    if optional_env("WEB_FETCH_ALLOW_PRIVATE").lower() == "true":
        return
    for info in socket.getaddrinfo(host, port):
        address = ipaddress.ip_address(info[4][0])
        if address.is_private or address.is_loopback or address.is_link_local:
            raise PermissionError(
                f"{tool}: {host} is a private address; set "
                "WEB_FETCH_ALLOW_PRIVATE=true to let the team read it"
            )


`;

export const WEB: IntegrationCode = {
  module: "web_page",
  title: "Web pages",
  library: "httpx",
  requirement: "httpx>=0.23,<1",
  doc: "Web pages: a page's title and readable text, with httpx and html.parser.",
  imports: [
    "import ipaddress",
    "import socket",
    "from html.parser import HTMLParser",
    "from typing import Any",
    "from urllib.parse import urlsplit",
  ],
  names: ["as_text", "http_client", "optional_env"],
  consts: 'MAX_PAGE_CHARS = 12000\nHIDDEN_TAGS = ("script", "style", "noscript")\n',
  helpers: TEXT_OF_PAGE,
  tools: {
    fetch_web_page: {
      python: (t) => `def ${t.name}(url: str) -> str:
${docstring(t, ["", "A redirect is answered with its target, which the agent may fetch in turn."])}    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError(f"give an http or https URL, not {url!r}")
    allowed = optional_env("WEB_FETCH_ALLOWED_HOSTS").lower().split(",")
    allowed = [name.strip() for name in allowed if name.strip()]
    if allowed and host not in allowed:
        raise PermissionError(f"{host} is not in WEB_FETCH_ALLOWED_HOSTS")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    refuse_private("${t.name}", host, port)
    response = http_client().get(url, follow_redirects=False)
    if response.is_redirect:
        return as_text({"url": url, "redirect": response.headers.get("location")})
    if response.status_code >= 400:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    page = TextOfPage()
    page.feed(response.text[: MAX_PAGE_CHARS * 10])
    text = " ".join(page.parts)[:MAX_PAGE_CHARS]
    return as_text({"url": url, "title": page.title, "text": text})
`,
      tests: (t) => ({
        needs: ["http"],
        answers: [
          `"/pricing": "<html><title>Pricing</title><script>x()</script><p>Pro: $9</p></html>"`,
        ],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_reads_a_page_and_keeps_to_public_hosts(self) -> None:
        url = f"{self.service.url}/pricing"
        with self.assertRaisesRegex(PermissionError, "private address"):
            env = {"WEB_FETCH_ALLOW_PRIVATE": ""}
            self.caller("web_page", "${t.name}", env)(url)
        self.assertEqual(self.service.requests, [])
        env = {"WEB_FETCH_ALLOW_PRIVATE": "true"}
        page = json.loads(self.call("web_page", "${t.name}", env, url))
        self.assertEqual((page["title"], page["text"]), ("Pricing", "Pro: $9"))
        env["WEB_FETCH_ALLOWED_HOSTS"] = "example.com"
        with self.assertRaisesRegex(PermissionError, "WEB_FETCH_ALLOWED_HOSTS"):
            self.call("web_page", "${t.name}", env, url)
        with self.assertRaisesRegex(ValueError, "http or https"):
            self.call("web_page", "${t.name}", {}, "file:///etc/passwd")
`,
      }),
    },
  },
};

export const OSV: IntegrationCode = {
  module: "osv",
  title: "OSV",
  library: "httpx",
  requirement: "httpx>=0.23,<1",
  doc: "OSV: known vulnerabilities of a package version, with httpx.",
  imports: ["from typing import Any"],
  names: ["as_text", "join_url", "optional_env", "request_json"],
  consts: "",
  helpers: `def fixed_versions(vulnerability: dict[str, Any]) -> list[str]:
    """The versions that fix a vulnerability, from its affected ranges."""
    return sorted(
        {
            event["fixed"]
            for affected in vulnerability.get("affected", [])
            for found in affected.get("ranges", [])
            for event in found.get("events", [])
            if "fixed" in event
        }
    )


`,
  tools: {
    check_package_vulnerabilities: {
      python: (t) => `def ${t.name}(ecosystem: str, name: str, version: str) -> str:
${docstring(t, ["", 'ecosystem is OSV\'s name for it: "PyPI", "npm", "Go", "Maven", "crates.io", ...'])}    base = optional_env("OSV_API_URL", "https://api.osv.dev")
    query = {"package": {"name": name, "ecosystem": ecosystem}, "version": version}
    answer = request_json("POST", join_url(base, "v1/query"), body=query)
    found = [
        {
            "id": vulnerability.get("id"),
            "summary": vulnerability.get("summary"),
            "aliases": vulnerability.get("aliases", []),
            "fixed_in": fixed_versions(vulnerability),
        }
        for vulnerability in answer.get("vulns", [])
    ]
    package = f"{ecosystem}/{name}@{version}"
    return as_text({"package": package, "vulnerabilities": found})
`,
      tests: (t) => ({
        needs: ["http"],
        answers: [
          `"/v1/query": {
        "vulns": [
            {
                "id": "GHSA-1",
                "aliases": ["CVE-2024-1"],
                "affected": [{"ranges": [{"events": [{"fixed": "2.32.0"}]}]}],
            }
        ]
    }`,
        ],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_against_a_local_fake(self) -> None:
        env = {"OSV_API_URL": self.service.url}
        args = ("PyPI", "requests", "2.31.0")
        call = self.caller("osv", "${t.name}", env)
        result = json.loads(call(*args))
        (found,) = result["vulnerabilities"]
        self.assertEqual((found["id"], found["fixed_in"]), ("GHSA-1", ["2.32.0"]))
        (request,) = self.service.requests
        sent = json.loads(request["body"])
        self.assertEqual(sent["package"], {"name": "requests", "ecosystem": "PyPI"})
`,
      }),
    },
  },
};
