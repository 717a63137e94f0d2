/** `tasks/__init__.py`: what each kind of step asks; the steps themselves are in the config. */
export const TASKS_MODULE = `"""What each kind of step asks; config/team_config.yaml orders the steps."""

INSTRUCTIONS = {
    "plan": (
        "Plan how the team will handle the request below: split it into parts, "
        "say which member takes each part and what a good answer must contain."
    ),
    "work": (
        "Work on the request below within your role and goal. Use your tools where "
        "they help, state your assumptions and report what you found or produced."
    ),
    "challenge": (
        "Review the specialists' work on the request below before the final answer: "
        "find weak assumptions, risks and gaps, and say how to address each one."
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
