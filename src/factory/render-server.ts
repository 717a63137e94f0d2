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
`;

const SERVER_BODY = `

def run_with_fallback(request: str) -> str:
    """The team's answer with the model, or with the fallback model when that fails."""
    try:
        return run_team(request, SETTINGS.llm.model)
    except Exception as error:
        if not SETTINGS.llm.fallback_model:
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
    """Counters since start, the daily quota, the LLM and whether each tool is ready."""
    llm = SETTINGS.llm
    return {
        "team_id": TEAM_ID,
        "uptime_seconds": round(time.monotonic() - STARTED_AT),
        **STATUS,
        "quota": QUOTA.snapshot(),
        "llm": {
            "model": llm.model,
            "fallback_model": llm.fallback_model,
            "api_key": "set" if os.environ.get(llm.api_key_env) else "missing",
        },
        "tools": tool_readiness(SETTINGS.tools),
    }


def create_app() -> Any:
    """The FastAPI app; \`\`fastapi\`\` loads here, so importing this module stays light."""
    from fastapi import FastAPI, HTTPException
    from pydantic import BaseModel, Field

    class TaskRequest(BaseModel):
        description: str = Field(min_length=1, max_length=20000)

    app = FastAPI(title=str(SETTINGS.team.get("display_name")))

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "healthy", "team_id": TEAM_ID}

    @app.post("/task")
    def task(body: TaskRequest) -> dict[str, Any]:
        try:
            result = run_task(body.description)
        except QuotaExceeded as error:
            raise HTTPException(status_code=429, detail=str(error)) from error
        except Exception as error:
            raise HTTPException(status_code=500, detail=str(error)) from error
        return {"team_id": TEAM_ID, "status": "completed", "result": result}

    @app.get("/capabilities")
    def get_capabilities() -> dict[str, Any]:
        return capabilities()

    @app.get("/status")
    def get_status() -> dict[str, Any]:
        return status()

    return app


if __name__ == "__main__":
    import uvicorn

    port = int(os.environ.get("PORT") or SETTINGS.port)
    uvicorn.run(create_app(), host="0.0.0.0", port=port)
`;

/** `team_server.py`: FastAPI with GET /health, POST /task, GET /capabilities, GET /status. */
export function renderServer(model: TeamModel): string {
  const runner =
    model.spec.framework === "CrewAI"
      ? `from crew import ${model.crewClass}
from settings import SETTINGS, DailyQuota, QuotaExceeded, tool_readiness
`
      : `from settings import SETTINGS, DailyQuota, QuotaExceeded, tool_readiness
from workflows import run
`;
  const runTeam =
    model.spec.framework === "CrewAI"
      ? `    """A new crew for each request, so runs do not share state."""
    return ${model.crewClass}(model).run(request)`
      : `    """A new graph for each request, so runs do not share state."""
    return run(request, model)`;
  return `"""The team's HTTP server: GET /health, POST /task, GET /capabilities, GET /status."""

import os
import time
from typing import Any

${runner}
${STATE}

def run_team(request: str, model: str) -> str:
${runTeam}
${SERVER_BODY}`;
}
