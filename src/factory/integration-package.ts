// The package module of the team's integrations: plumbing they share (our own text only).

const SETTINGS_PLUMBING = `

class NotConfigured(RuntimeError):
    """An environment variable a tool needs is not set; the message names it."""


def require_env(tool: str, name: str) -> str:
    """The value of the variable \`\`name\`\`, or NotConfigured saying what to set."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise NotConfigured(
            f"{tool} is not configured: set the environment variable {name} "
            "(the team's README says what it holds; in Kubernetes it comes from "
            "the secret named in k8s/deployment.yaml)"
        )
    return value


def optional_env(name: str, default: str = "") -> str:
    """The value of the variable \`\`name\`\`, or \`\`default\`\` when it is unset or empty."""
    return os.environ.get(name, "").strip() or default


def as_text(value: Any) -> str:
    """A result as text for the agent (JSON unless text), cut at MAX_RESULT_CHARS."""
    if isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    if len(text) <= MAX_RESULT_CHARS:
        return text
    return f"{text[:MAX_RESULT_CHARS]}... (cut: {len(text)} characters in all)"


def dry_run(tool: str) -> bool:
    """Whether the write tool \`\`tool\`\` only says what it would do: its dry_run in
    config/team_config.yaml, true unless set to false."""
    from ...settings import SETTINGS

    for entry in SETTINGS.tools:
        if entry.get("name") == tool:
            return entry.get("dry_run") is not False
    return True


def planned(tool: str, action: str, payload: Any) -> str:
    """What a write tool in dry run answers: what it would do, and how to let it."""
    return as_text(
        {
            "dry_run": True,
            "tool": tool,
            "would": action,
            "with": payload,
            "to_do_it": f"set dry_run: false for {tool} in config/team_config.yaml",
        }
    )
`;

const HTTP_PLUMBING = `

def bearer(token: str) -> dict[str, str]:
    """An Authorization header carrying \`\`token\`\`, or none when it is empty."""
    return {"Authorization": f"Bearer {token}"} if token else {}


def basic(user: str, secret: str) -> dict[str, str]:
    """An Authorization header of HTTP basic authentication."""
    pair = base64.b64encode(f"{user}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


def join_url(base: str, path: str) -> str:
    """\`\`path\`\` under \`\`base\`\`; a full URL is refused: a tool stays on its service."""
    if "://" in path or path.startswith("//"):
        raise ValueError(f"give a path on the service, not a URL: {path}")
    return f"{base.rstrip('/')}/{path.lstrip('/')}"


@functools.lru_cache(maxsize=1)
def http_client() -> Any:
    """One httpx client for the process, so connections and TLS setup are reused."""
    import httpx

    return httpx.Client(timeout=TIMEOUT_SECONDS)


def request_json(
    method: str,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    params: Any = None,
    body: Any = None,
) -> Any:
    """One HTTP request with httpx: the answer as JSON (or text), or an error."""
    response = http_client().request(
        method, url, headers=headers, params=params, json=body
    )
    if response.status_code >= 400:
        raise RuntimeError(
            f"{method} {url} answered {response.status_code}: {response.text[:500]}"
        )
    if "json" in response.headers.get("content-type", ""):
        return response.json()
    return response.text
`;

/** `tools/integrations/__init__.py`: settings from the environment, and HTTP when `http`. */
export function packageModule(http: boolean): string {
  return `"""Plumbing shared by the team's integrations: settings from the environment${http ? ", HTTP" : ""}."""

${http ? "import base64\nimport functools\n" : ""}import json
import os
from typing import Any

${http ? "TIMEOUT_SECONDS = 20.0\n" : ""}MAX_RESULT_CHARS = 12000
${SETTINGS_PLUMBING}${http ? HTTP_PLUMBING : ""}`;
}
