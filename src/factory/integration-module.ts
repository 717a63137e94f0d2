// One integration's module: the catalogue tools' Python over the package's plumbing. Only our own
// text and validated identifiers reach it; no user text does.
import type { CatalogueTool, Integration } from "../spec/tool-catalogue.ts";
import { pyFromImport, wrapWords } from "./python.ts";

/** A docstring: the catalogue summary wrapped, then which variables the tool reads. */
function docstring(tool: CatalogueTool, extra: string[] = []): string {
  const reads = tool.settings.map((s) => `${s.env}${s.required ? "" : " (optional)"}`);
  const [first, ...rest] = wrapWords(tool.summary, 80);
  const lines = [
    `"""${first}`,
    ...rest,
    "",
    ...wrapWords(`Reads ${reads.join(", ")}.`, 84),
    ...extra,
    '"""',
  ];
  return lines.map((l) => (l ? `    ${l}\n` : "\n")).join("");
}

/** Reads of the tool's variables: required ones through `require_env`, the others optional. */
function envReads(tool: CatalogueTool, names: string[]): string {
  return tool.settings
    .map((s, i) =>
      s.required
        ? `    ${names[i]} = require_env(${JSON.stringify(tool.name)}, ${JSON.stringify(s.env)})\n`
        : `    ${names[i]} = optional_env(${JSON.stringify(s.env)})\n`,
    )
    .join("");
}

function httpJsonTool(tool: CatalogueTool): string {
  return `def ${tool.name}(path: str) -> str:
${docstring(tool)}${envReads(tool, ["base", "token"])}    return as_text(request_json("GET", join_url(base, path), headers=bearer(token)))
`;
}

const TOOL_BODIES: Record<Exclude<Integration, "http-json">, (tool: CatalogueTool) => string> = {
  prometheus: (tool) => `def ${tool.name}(promql: str) -> str:
${docstring(tool)}${envReads(tool, ["base", "token"])}    answer = request_json(
        "GET",
        join_url(base, "api/v1/query"),
        headers=bearer(token),
        params={"query": promql},
    )
    if not isinstance(answer, dict) or answer.get("status") != "success":
        raise RuntimeError(f"Prometheus did not run the query: {as_text(answer)}")
    return as_text(answer["data"])
`,
  slack: (tool) => `def ${tool.name}(text: str) -> str:
${docstring(tool)}${envReads(tool, ["url"])}    answer = request_json("POST", url, body={"text": text[:MAX_MESSAGE_CHARS]})
    return f"posted to Slack: {as_text(answer)}"
`,
  github: (tool) => `def ${tool.name}(query: str) -> str:
${docstring(tool, ["", 'Example query: "repo:acme/app is:issue is:open label:bug".'])}${envReads(tool, ["token", "base"])}    answer = request_json(
        "GET",
        join_url(base or "https://api.github.com", "search/issues"),
        headers={**bearer(token), **GITHUB_HEADERS},
        params={"q": query, "per_page": "20"},
    )
    items = [
        {
            "number": item.get("number"),
            "title": item.get("title"),
            "state": item.get("state"),
            "url": item.get("html_url"),
            "pull_request": "pull_request" in item,
        }
        for item in answer.get("items", [])
    ]
    return as_text({"total_count": answer.get("total_count"), "items": items})
`,
  supabase: (tool) => `def ${tool.name}(table: str, filters: str = "") -> str:
${docstring(tool, ["", "``filters`` is a PostgREST query string, e.g.", '"select=id,title&status=eq.ready&order=created_at.desc&limit=20".'])}${envReads(tool, ["base", "key"])}    if not TABLE_NAME.fullmatch(table):
        raise ValueError(f"not a table name: {table!r}")
    params = parse_qsl(filters, keep_blank_values=True)
    if not any(name == "limit" for name, _ in params):
        params.append(("limit", str(DEFAULT_LIMIT)))
    answer = request_json(
        "GET",
        join_url(base, f"rest/v1/{table}"),
        headers={"apikey": key, **bearer(key)},
        params=params,
    )
    return as_text(answer)
`,
  postgres: (tool) => `def ${tool.name}(sql: str) -> str:
${docstring(tool, ["The query runs in a read-only transaction that is rolled back afterwards."])}${envReads(tool, ["url"])}    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(url, connect_timeout=10, row_factory=dict_row) as connection:
        connection.read_only = True
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true)",
                (str(STATEMENT_TIMEOUT_MS),),
            )
            cursor.execute(sql)
            rows = cursor.fetchmany(MAX_ROWS + 1) if cursor.description else []
        connection.rollback()
    return as_text({"rows": rows[:MAX_ROWS], "more_rows": len(rows) > MAX_ROWS})
`,
  kubernetes: (tool) => `def ${tool.name}(namespace: str = "") -> str:
${docstring(tool)}    api = apps_api()
    if namespace:
        found = api.list_namespaced_deployment(namespace)
    else:
        found = api.list_deployment_for_all_namespaces()
    workloads = [
        {
            "namespace": item.metadata.namespace,
            "name": item.metadata.name,
            "replicas": item.spec.replicas,
            "ready": (item.status.ready_replicas if item.status else None) or 0,
            "containers": [
                container_resources(container)
                for container in item.spec.template.spec.containers
            ],
        }
        for item in found.items
    ]
    return as_text(workloads)
`,
};

/** Module text before the tools: its docstring, imports and constants. */
const HEADERS: Record<
  Integration,
  { doc: string; imports: string[]; names: string[]; consts: string }
> = {
  "http-json": {
    doc: "HTTP JSON APIs: GET a path of a configured service with httpx.",
    imports: [],
    names: ["as_text", "bearer", "join_url", "optional_env", "request_json", "require_env"],
    consts: "",
  },
  prometheus: {
    doc: "Prometheus: PromQL queries over its HTTP API, with httpx.",
    imports: [],
    names: ["as_text", "bearer", "join_url", "optional_env", "request_json", "require_env"],
    consts: "",
  },
  slack: {
    doc: "Slack: messages to a channel through an incoming webhook, with httpx.",
    imports: [],
    names: ["as_text", "request_json", "require_env"],
    consts: "MAX_MESSAGE_CHARS = 3000\n",
  },
  github: {
    doc: "GitHub: issue and pull request search over the REST API, with httpx.",
    imports: [],
    names: ["as_text", "bearer", "join_url", "optional_env", "request_json", "require_env"],
    consts:
      'GITHUB_HEADERS = {\n    "Accept": "application/vnd.github+json",\n    "X-GitHub-Api-Version": "2022-11-28",\n}\n',
  },
  supabase: {
    doc: "Supabase: table reads through its REST API (PostgREST), with httpx.",
    imports: ["import re", "from urllib.parse import parse_qsl"],
    names: ["as_text", "bearer", "join_url", "request_json", "require_env"],
    consts: 'DEFAULT_LIMIT = 50\nTABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")\n',
  },
  postgres: {
    doc: "PostgreSQL (or Supabase's database): read-only SQL with psycopg.",
    imports: [],
    names: ["as_text", "require_env"],
    consts: "MAX_ROWS = 100\nSTATEMENT_TIMEOUT_MS = 15000\n",
  },
  kubernetes: {
    doc: "Kubernetes: workloads read with the official client.",
    imports: ["import os", "from pathlib import Path", "from typing import Any"],
    names: ["NotConfigured", "as_text"],
    consts: "",
  },
};

const KUBERNETES_API = `def apps_api() -> Any:
    """The AppsV1 API, authenticated in the cluster or through KUBECONFIG."""
    from kubernetes import client, config

    if os.environ.get("KUBERNETES_SERVICE_HOST"):
        config.load_incluster_config()
        return client.AppsV1Api()
    paths = os.environ.get("KUBECONFIG", "").split(os.pathsep)
    kubeconfig = Path(paths[0]) if paths[0] else Path.home() / ".kube" / "config"
    if not kubeconfig.is_file():
        raise NotConfigured(
            "list_kubernetes_workloads is not configured: run the team in the cluster "
            "(k8s/deployment.yaml gives it a service account that may read workloads) "
            "or set KUBECONFIG to a kubeconfig file"
        )
    return client.AppsV1Api(config.new_client_from_config(config_file=str(kubeconfig)))


def container_resources(container: Any) -> dict[str, Any]:
    """A container's name and its CPU and memory requests and limits."""
    resources = container.resources
    return {
        "name": container.name,
        "requests": (resources.requests if resources else None) or {},
        "limits": (resources.limits if resources else None) or {},
    }


`;

/** One module of `tools/integrations/`: its header, then a function per catalogue tool. */
export function integrationModule(integration: Integration, tools: CatalogueTool[]): string {
  const header = HEADERS[integration];
  const imports = header.imports.length ? `${header.imports.join("\n")}\n\n` : "";
  const consts = header.consts ? `${header.consts}\n` : "";
  const body = integration === "http-json" ? httpJsonTool : TOOL_BODIES[integration];
  return `"""${header.doc}"""

${imports}${pyFromImport(".", header.names)}
${consts}
${integration === "kubernetes" ? KUBERNETES_API : ""}${tools.map(body).join("\n\n")}`;
}
