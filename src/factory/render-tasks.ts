import { pyCollection, pyString } from "./python.ts";
import type { TeamModel } from "./team-model.ts";

const TASKS_BODY = `INSTRUCTIONS = {
    "plan": (
        "Plan how the team will handle the request below: split it into parts, "
        "say which member takes each part and what a good answer must contain."
    ),
    "work": (
        "Work on the request below within your role and goal. Use your tools where "
        "they help, state your assumptions and report what you found or produced."
    ),
    "challenge": (
        "Challenge the team's work on the request below: find weak assumptions, "
        "risks and gaps, and say concretely how to address each one."
    ),
    "final": (
        "Review the team's work on the request below, settle open questions and "
        "deliver the final answer."
    ),
}
EXPECTED_OUTPUT = {
    "plan": "A short plan: the parts of the request and who handles each.",
    "work": "Your findings or result for your part, with assumptions stated.",
    "challenge": "A list of objections, each with a concrete way to address it.",
    "final": "The team's final answer to the request.",
}


def describe_step(kind: str, request: str) -> str:
    """The task text of one step: its instruction, then the request."""
    return f"{INSTRUCTIONS[kind]}\\n\\nRequest:\\n{request}"
`;

/** `tasks/__init__.py`: the team's steps for one request, shared by CrewAI and LangGraph. */
export function renderTasks(model: TeamModel): string {
  const steps = pyCollection({
    head: "STEPS = ",
    open: "(",
    items: model.steps.map((s) => `(${pyString(s.member)}, ${pyString(s.kind)})`),
  });
  return `"""Steps of the team for one request, in order: (member, kind of step)."""

${steps}${TASKS_BODY}`;
}
