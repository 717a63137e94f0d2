import { pyString } from "./python.ts";
import type { TeamModel } from "./team-model.ts";

const SEQUENTIAL = `        tasks = [
            Task(
                description=describe_step(kind, request),
                expected_output=EXPECTED_OUTPUT[kind],
                agent=members[name],
            )
            for name, kind in STEPS
        ]
        return Crew(
            agents=list(members.values()),
            tasks=tasks,
            process=Process.sequential,
            verbose=True,
        )
`;

// In CrewAI's hierarchical process the manager agent delegates every task itself.
const HIERARCHICAL = `        manager = members.pop(MANAGER)
        tasks = [
            Task(
                description=describe_step(kind, request),
                expected_output=EXPECTED_OUTPUT[kind],
            )
            for name, kind in STEPS
            if name != MANAGER
        ]
        return Crew(
            agents=list(members.values()),
            tasks=tasks,
            process=Process.hierarchical,
            manager_agent=manager,
            verbose=True,
        )
`;

/** `crew.py`: the CrewAI crew class; \`crewai\` is imported only when a crew is built. */
export function renderCrew(model: TeamModel): string {
  const agentsImport = model.hierarchical
    ? "from agents import MANAGER, MEMBER_FACTORIES"
    : "from agents import MEMBER_FACTORIES";
  return `"""The team as a CrewAI crew, built afresh for each request and run once."""

from typing import Any

${agentsImport}
from tasks import EXPECTED_OUTPUT, STEPS, describe_step

MODEL = ${pyString(model.crewModel)}
TEMPERATURE = ${model.temperature}


def create_llm() -> Any:
    """The team's LLM (\`\`crewai\`\` loads on first use)."""
    from crewai import LLM

    return LLM(model=MODEL, temperature=TEMPERATURE)


class ${model.crewClass}:
    """Builds the crew for one request; a new crew per request keeps runs apart."""

    def __init__(self, llm: Any = None) -> None:
        self.llm = llm

    def crew(self, request: str) -> Any:
        from crewai import Crew, Process, Task

        llm = self.llm if self.llm is not None else create_llm()
        members = {name: create(llm) for name, create in MEMBER_FACTORIES.items()}
${model.hierarchical ? HIERARCHICAL : SEQUENTIAL}
    def run(self, request: str) -> str:
        """Run the crew on one request and return its final answer."""
        return str(self.crew(request).kickoff())
`;
}
