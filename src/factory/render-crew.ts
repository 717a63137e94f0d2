import type { TeamModel } from "./team-model.ts";

/** `crew.py`: the CrewAI crew class; `crewai` is imported only when a crew is built. */
export function renderCrew(model: TeamModel): string {
  return `"""The team as a CrewAI crew, built afresh for each request and run once."""

from typing import Any

from agents import MANAGER, MEMBER_FACTORIES
from settings import SETTINGS
from tasks import EXPECTED_OUTPUT, describe_step


def create_llm(model: str) -> Any:
    """The team's LLM for \`\`model\`\` (\`\`crewai\`\` loads on first use)."""
    from crewai import LLM

    llm = SETTINGS.llm
    model_id = model if "/" in model else f"{llm.provider}/{model}"
    return LLM(model=model_id, temperature=llm.temperature)


class ${model.crewClass}:
    """Builds the crew for one request; a new crew per request keeps runs apart."""

    def __init__(self, model: str | None = None, llm: Any = None) -> None:
        self.model = model or SETTINGS.llm.model
        self.llm = llm

    def crew(self, request: str) -> Any:
        """One task per step of config/team_config.yaml, in order, the manager's last.

        In the hierarchical process the manager agent runs every task: it plans and
        answers itself and hands each member's task to that member only.
        """
        from crewai import Crew, Process, Task

        llm = self.llm if self.llm is not None else create_llm(self.model)
        members = {name: create(llm) for name, create in MEMBER_FACTORIES.items()}
        hierarchical = SETTINGS.process == "hierarchical"
        manager = members.pop(MANAGER) if hierarchical else None
        tasks = [
            Task(
                name=f"{index}. {kind} by {name}",
                description=describe_step(kind, request),
                expected_output=EXPECTED_OUTPUT[kind],
                agent=members.get(name),
            )
            for index, (name, kind) in enumerate(SETTINGS.steps, start=1)
        ]
        if manager is None:
            return Crew(
                agents=list(members.values()),
                tasks=tasks,
                process=Process.sequential,
                verbose=True,
            )
        return Crew(
            agents=list(members.values()),
            tasks=tasks,
            process=Process.hierarchical,
            manager_agent=manager,
            verbose=True,
        )

    def run(self, request: str) -> str:
        """Run the crew on one request and return its final answer."""
        return str(self.crew(request).kickoff())
`;
}
