import type { TeamModel } from "./team-model.ts";

const STATE = `TEAM_ID = str(SETTINGS.team["name"])
QUOTA = DailyQuota(SETTINGS.llm.daily_task_quota)
STATUS: dict[str, Any] = {
    "tasks_completed": 0,
    "tasks_failed": 0,
    "fallbacks": 0,
    "last_error": None,
}
STARTED_AT = time.monotonic()
MAX_BODY_BYTES = 64 * 1024
# Errors of these modules, network errors and timeouts: the model's or its provider's.
PROVIDER_MODULES = (
    "anthropic.",
    "crewai.llms.",
    "httpcore.",
    "httpx.",
    "langchain_anthropic.",
    "langchain_openai.",
    "litellm.",
    "openai.",
)
`;

const SERVER_BODY = `

def is_provider_error(error: BaseException) -> bool:
    """Whether \`\`error\`\` (or what caused it) came from the model or its provider."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (ConnectionError, TimeoutError)):
            return True
        if f"{type(current).__module__}.".startswith(PROVIDER_MODULES):
            return True
        current = current.__cause__ or current.__context__
    return False


def run_with_fallback(request: str) -> str:
    """The team's answer with the model, or with the fallback model when the model or
    its provider fails. Tool errors never get here: the agents read them and go on."""
    try:
        return run_team(request, SETTINGS.llm.model)
    except Exception as error:
        if not SETTINGS.llm.fallback_model or not is_provider_error(error):
            raise
        STATUS["fallbacks"] += 1
        STATUS["last_error"] = f"{type(error).__name__}: {error}"
        return run_team(request, SETTINGS.llm.fallback_model)


def run_task(request: str) -> str:
    """One request within the daily quota (blocking: the agents call the LLM)."""
    QUOTA.take()
    try:
        result = run_with_fallback(request)
    except Exception as error:
        STATUS["tasks_failed"] += 1
        STATUS["last_error"] = f"{type(error).__name__}: {error}"
        raise
    STATUS["tasks_completed"] += 1
    return result


def authorized(header: str | None) -> bool:
    """Whether \`\`header\`\` is \`\`Bearer <the API token>\`\` (compared in constant time)."""
    token = os.environ.get(SETTINGS.token_env, "").strip()
    scheme, _, value = (header or "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), token.encode())


def capabilities() -> dict[str, Any]:
    """The team's card (a2a_config.yaml) and members (team_config.yaml) from config/."""
    members = [
        {key: member.get(key) for key in ("module", "role", "skills", "tools")}
        for member in SETTINGS.members
    ]
    team = SETTINGS.team
    return {
        **SETTINGS.card,
        "display_name": team.get("display_name"),
        "description": team.get("description"),
        "framework": team.get("framework"),
        "members": members,
    }


def status() -> dict[str, Any]:
    """Counters since start, the quota, the LLM, tool errors, the tools' readiness."""
    llm = SETTINGS.llm
    return {
        "team_id": TEAM_ID,
        "uptime_seconds": round(time.monotonic() - STARTED_AT),
        **STATUS,
        "tool_errors": TOOL_ERRORS.snapshot(),
        "quota": QUOTA.snapshot(),
        "llm": {
            "model": llm.model,
            "fallback_model": llm.fallback_model,
            "api_key": "set" if os.environ.get(llm.api_key_env) else "missing",
        },
        "tools": tool_readiness(SETTINGS.tools),
    }


async def read_description(request: Any) -> str:
    """The description of a JSON body of at most MAX_BODY_BYTES, or ValueError."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise ValueError(f"the body is over {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(body or b"null")
    except ValueError as error:
        raise ValueError("the body is not JSON") from error
    description = data.get("description") if isinstance(data, dict) else None
    if not isinstance(description, str) or not description.strip():
        raise ValueError('send {"description": "..."} with the request as text')
    if len(description) > 20000:
        raise ValueError("the description is over 20000 characters")
    return description


def create_app() -> Any:
    """The Starlette app (\`\`starlette\`\` loads here: importing this module stays light).

    GET /health is liveness; GET /ready fails while a setting the team needs is missing;
    POST /task needs \`\`Authorization: Bearer\`\` with the token in the API token variable.
    """
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "alive", "team_id": TEAM_ID})

    async def ready(request: Request) -> JSONResponse:
        missing = missing_settings(SETTINGS)
        if missing:
            return JSONResponse({"status": "not ready", "missing": missing}, 503)
        return JSONResponse({"status": "ready", "team_id": TEAM_ID})

    async def task(request: Request) -> JSONResponse:
        if not os.environ.get(SETTINGS.token_env, "").strip():
            detail = f"POST /task is closed until {SETTINGS.token_env} is set"
            return JSONResponse({"detail": detail}, 503)
        if not authorized(request.headers.get("authorization")):
            return JSONResponse(
                {"detail": f"send Authorization: Bearer <{SETTINGS.token_env}>"},
                401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        try:
            description = await read_description(request)
        except ValueError as error:
            return JSONResponse({"detail": str(error)}, 422)
        try:
            result = await run_in_threadpool(run_task, description)
        except QuotaExceeded as error:
            return JSONResponse({"detail": str(error)}, 429)
        except Exception as error:
            return JSONResponse({"detail": f"{type(error).__name__}: {error}"}, 500)
        answer = {"team_id": TEAM_ID, "status": "completed", "result": result}
        return JSONResponse(answer)

    async def get_capabilities(request: Request) -> JSONResponse:
        return JSONResponse(capabilities())

    async def get_status(request: Request) -> JSONResponse:
        return JSONResponse(status())

    return Starlette(
        routes=[
            Route("/health", health),
            Route("/ready", ready),
            Route("/task", task, methods=["POST"]),
            Route("/capabilities", get_capabilities),
            Route("/status", get_status),
        ]
    )


if __name__ == "__main__":
    import uvicorn

    port = int(os.environ.get("PORT") or SETTINGS.port)
    uvicorn.run(create_app(), host="0.0.0.0", port=port)
`;

/** `team_server.py`: Starlette with /health, /ready, POST /task, /capabilities, /status. */
export function renderServer(model: TeamModel): string {
  const crew = model.spec.framework === "CrewAI";
  const runner = "import create_llm, run_request\n";
  return `"""The team's HTTP server: GET /health, GET /ready, POST /task, /capabilities, /status.

The Dockerfile runs it as \`\`python -m <package>.team_server\`\`.
"""

import hmac
import json
import os
import time
from typing import Any

${crew ? `from .crew ${runner}` : ""}from .settings import (
    SETTINGS,
    DailyQuota,
    QuotaExceeded,
    missing_settings,
    tool_readiness,
)
from .tool_errors import TOOL_ERRORS
${crew ? "" : `from .workflow ${runner}`}
${STATE}

def run_team(request: str, model: str) -> str:
    """A new ${crew ? "crew" : "graph"} on \`\`model\`\` for each request: runs share no state."""
    return run_request(request, create_llm(model))
${SERVER_BODY}`;
}
