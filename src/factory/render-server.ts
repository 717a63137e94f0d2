import { pyAssignString, pyString, pyStringTuple } from "./python.ts";
import type { TeamModel } from "./team-model.ts";

const SERVER_BODY = `

def capabilities() -> dict[str, Any]:
    """What the team offers: its skills and its members, the manager first."""
    return {
        "team_id": TEAM_ID,
        "display_name": DISPLAY_NAME,
        "description": DESCRIPTION,
        "department": DEPARTMENT,
        "reports_to": REPORTS_TO,
        "framework": FRAMEWORK,
        "skills": list(SKILLS),
        "manager": MANAGER,
        "members": [
            {"module": name, "role": member.ROLE, "skills": list(member.SKILLS)}
            for name, member in MEMBERS.items()
        ],
    }


def status() -> dict[str, Any]:
    """Counters since start: tasks completed and failed, the last error."""
    uptime = round(time.monotonic() - STARTED_AT)
    return {"team_id": TEAM_ID, "uptime_seconds": uptime, **STATUS}


def run_task(request: str) -> str:
    """Run the team on one request (blocking: the agents call the LLM)."""
    try:
        result = run_team(request)
    except Exception as error:
        STATUS["tasks_failed"] += 1
        STATUS["last_error"] = f"{type(error).__name__}: {error}"
        raise
    STATUS["tasks_completed"] += 1
    return result


def create_app() -> Any:
    """The FastAPI app; \`\`fastapi\`\` loads here, so importing this module stays light."""
    from fastapi import FastAPI, HTTPException
    from pydantic import BaseModel, Field

    class TaskRequest(BaseModel):
        description: str = Field(min_length=1, max_length=20000)

    app = FastAPI(title=DISPLAY_NAME)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "healthy", "team_id": TEAM_ID}

    @app.post("/task")
    def task(body: TaskRequest) -> dict[str, Any]:
        try:
            result = run_task(body.description)
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

    uvicorn.run(create_app(), host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))
`;

/** `team_server.py`: FastAPI with GET /health, POST /task, GET /capabilities, GET /status. */
export function renderServer(model: TeamModel): string {
  const { spec } = model;
  const crew = spec.framework === "CrewAI";
  const runner = crew
    ? `from crew import ${model.crewClass}`
    : "from workflows import run as run_team";
  const runTeam = crew
    ? `


def run_team(request: str) -> str:
    """A new crew for each request, so runs do not share state."""
    return ${model.crewClass}().run(request)`
    : "";
  return `"""The team's HTTP server: GET /health, POST /task, GET /capabilities, GET /status."""

import os
import time
from typing import Any

from agents import MANAGER, MEMBERS
${runner}

TEAM_ID = ${pyString(model.slug)}
${pyAssignString("DISPLAY_NAME", spec.displayName)}${pyAssignString("DESCRIPTION", spec.description)}${pyAssignString("DEPARTMENT", spec.department)}REPORTS_TO = ${pyString(spec.reportsTo)}
FRAMEWORK = ${pyString(spec.framework)}
${pyStringTuple("SKILLS", spec.skills)}STATUS: dict[str, Any] = {"tasks_completed": 0, "tasks_failed": 0, "last_error": None}
STARTED_AT = time.monotonic()${runTeam}
${SERVER_BODY}`;
}
