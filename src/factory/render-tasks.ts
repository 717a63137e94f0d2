import { pyStringLines } from "./python.ts";
import type { StepKind } from "./team-model.ts";

/** What each kind of step asks, and what its answer must be: one text for both frameworks. */
export const STEP_TEXT: Record<StepKind, { instruction: string; expected: string }> = {
  plan: {
    instruction:
      "Plan how the team will handle the request below: split it into parts, say which member takes each part and what a good answer must contain.",
    expected: "A short plan: the parts of the request and who handles each.",
  },
  work: {
    instruction:
      "Work on the request below within your role and goal. Use your tools where they help, state your assumptions and report what you found or produced.",
    expected: "Your findings or result for your part, with assumptions stated.",
  },
  challenge: {
    instruction:
      "Review the specialists' work on the request below before the final answer: find weak assumptions, risks and gaps, and say how to address each one.",
    expected: "A list of objections, each with a concrete way to address it.",
  },
  final: {
    instruction:
      "Review the team's work on the request below, settle open questions and deliver the final answer.",
    expected: "The team's final answer to the request.",
  },
};

const pyText = (text: string) =>
  text
    .match(/.{1,70}(?:\s|$)/g)
    ?.map((line) => `        "${line}"`)
    .join("\n") ?? "";

/** What the final step must deliver: the step's own expectation, then the team's "done". */
export function finalExpectation(done: string | undefined): string {
  return done ? `${STEP_TEXT.final.expected} Done when: ${done}` : STEP_TEXT.final.expected;
}

/** `tasks.py` of a LangGraph team: what each kind of step asks; the config orders the steps. */
export const tasksModule = (
  done: string | undefined,
) => `"""What each kind of step asks; config/team_config.yaml orders the steps."""

INSTRUCTIONS = {
${Object.entries(STEP_TEXT)
  .map(([kind, t]) => `    "${kind}": (\n${pyText(t.instruction)}\n    ),`)
  .join("\n")}
}
EXPECTED_OUTPUT = {
${Object.entries(STEP_TEXT)
  .map(([kind, t]) =>
    kind === "final" && done
      ? `    "${kind}": (\n${pyStringLines(finalExpectation(done), "        ")}\n    ),`
      : `    "${kind}": "${t.expected}",`,
  )
  .join("\n")}
}


def describe_step(kind: str, request: str) -> str:
    """The task text of one step: its instruction, what to deliver, then the request."""
    task = f"{INSTRUCTIONS[kind]}\\n\\nDeliver: {EXPECTED_OUTPUT[kind]}"
    return f"{task}\\n\\nRequest:\\n{request}"
`;
