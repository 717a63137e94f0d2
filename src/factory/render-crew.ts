/**
 * A CrewAI team in the layout `crewai create crew` writes, so `crewai run`, `crewai train`,
 * `crewai replay` and `crewai test` find it: `crew.py` (an `@CrewBase` class), `main.py` (the
 * entry points pyproject.toml names) and `config/agents.yaml` / `config/tasks.yaml`.
 */

import { naturalCompare, pyFromImport, pyString } from "./python.ts";
import { toYaml } from "./render-configs.ts";
import { finalExpectation, STEP_TEXT } from "./render-tasks.ts";
import { type TeamModel, taskKey } from "./team-model.ts";

type Files = { path: string; content: string }[];

/**
 * CrewAI fills `{name}` placeholders in agents' and tasks' texts from the run's inputs and stops
 * on a name it has no input for, so a brace pair around a name in the spec's own text is written
 * with parentheses: `{ROLE}` reads `(ROLE)`; JSON and other braces stay as they are.
 */
export function crewText(text: string): string {
  return text.replace(/\{([A-Za-z_][A-Za-z0-9_-]*)\}/g, "($1)");
}

/** Python's whitespace (str.isspace) without the control characters a spec cannot hold. */
const SPACES = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/**
 * A member's role as its CrewAI agent's name, on one line: a manager hands work to a coworker by
 * naming its role, which a role with line breaks or tabs makes hard to name.
 */
export function crewRole(role: string): string {
  return crewText(role).replace(SPACES, " ").replace(/^ | $/g, "");
}

const toolsConstant = (module: string) => `${module.toUpperCase()}_TOOLS`;

function agentMethod(model: TeamModel, module: string): string {
  const key = model.agentKeys[module] as string;
  const member = model.members.find((m) => m.module === module);
  const tools = member?.tools.length
    ? `\n            tools=crew_tools(${toolsConstant(module)}),`
    : "";
  return `
    @agent
    def ${key}(self) -> Agent:
        return Agent(
            config=self.agents_config[${pyString(key)}],${tools}
            llm=self.llm,
        )
`;
}

function taskMethod(key: string): string {
  return `
    @task
    def ${key}(self) -> Task:
        return Task(config=self.tasks_config[${pyString(key)}])
`;
}

function crewMethod(model: TeamModel): string {
  if (model.spec.process === "sequential") {
    return `
    @crew
    def crew(self) -> Crew:
        """The members take the tasks in order; each task sees the ones before it."""
        return Crew(
            agents=self.agents,
            tasks=self.tasks,
            process=Process.sequential,
            verbose=True,
        )
`;
  }
  return `
    @crew
    def crew(self) -> Crew:
        """The manager runs every task and hands each member's task to that member."""
        manager = self.${model.agentKeys[model.manager]}()
        return Crew(
            agents=[member for member in self.agents if member is not manager],
            tasks=self.tasks,
            process=Process.hierarchical,
            manager_agent=manager,
            verbose=True,
        )
`;
}

function crewModule(model: TeamModel): string {
  const withTools = model.members.filter((m) => m.tools.length > 0);
  const toolImports = [...withTools]
    .sort((a, b) => naturalCompare(a.module, b.module))
    .map((m) => pyFromImport(`.tools.${m.module}_tools`, [`TOOLS as ${toolsConstant(m.module)}`]))
    .join("");
  return `"""The team as a CrewAI crew: \`\`crewai run\`\` starts it through main.py."""

from typing import Any

from crewai import LLM, Agent, Crew, Process, Task
from crewai.agents.agent_builder.base_agent import BaseAgent
from crewai.project import CrewBase, agent, crew, task
${withTools.length ? "from crewai.tools import tool\n" : ""}
from .settings import SETTINGS
${withTools.length ? "from .tool_errors import guarded\n" : ""}${toolImports}

def create_llm(model: str | None = None) -> LLM:
    """The team's LLM: \`\`model\`\`, else the model of config/llm_config.yaml."""
    llm = SETTINGS.llm
    name = model or llm.model
    model_id = name if "/" in name else f"{llm.provider}/{name}"
    return LLM(model=model_id, temperature=llm.temperature)
${
  withTools.length
    ? `

def crew_tools(functions: Any) -> list[Any]:
    """CrewAI tools of \`\`functions\`\`; a call that fails answers with its error."""
    return [tool(guarded(function)) for function in functions]
`
    : ""
}

@CrewBase
class ${model.crewClass}:
    """The crew: one task per step of config/tasks.yaml, the manager's answer last."""

    agents_config: Any = "config/agents.yaml"
    tasks_config: Any = "config/tasks.yaml"
    agents: list[BaseAgent]
    tasks: list[Task]

    def __init__(self, llm: Any = None) -> None:
        self.llm = llm if llm is not None else create_llm()
${model.members.map((m) => agentMethod(model, m.module)).join("")}${model.steps.map((s, i) => taskMethod(taskKey(i, s))).join("")}${crewMethod(model)}

def run_request(request: str, llm: Any = None) -> str:
    """Run a new crew once on \`\`request\`\` and return its final answer."""
    team = ${model.crewClass}(llm)
    try:
        return str(team.crew().kickoff(inputs={"request": request}).raw)
    finally:
        forget_memoized(team)


def forget_memoized(team: Any) -> None:
    """Drop what crewai memoized for \`\`team\`\`'s @agent, @task and @crew methods.

    crewai.project keeps it in one process-wide cache keyed by the instance's id: kept,
    it grows with every request, and a later crew at the same address would get these
    agents back, with their model.
    """
    from crewai.project import utils

    marker = f"('__instance__', {id(team)})"
    with utils.cache._lock.w_locked():
        for key in [key for key in utils.cache._cache if marker in key]:
            del utils.cache._cache[key]
`;
}

function mainModule(model: TeamModel): string {
  return `"""What pyproject.toml's scripts run: \`\`crewai run\`\`, \`\`train\`\`, \`\`replay\`\`, ..."""

import json
import sys
from typing import Any

from .crew import ${model.crewClass}

SAMPLE_REQUEST = (
    "Describe what you can do for this repository and the first thing you would do."
)


def new_crew() -> Any:
    """A new crew of the team, on the model of config/llm_config.yaml."""
    return ${model.crewClass}().crew()


def request_inputs() -> dict[str, str]:
    """The crew's inputs: the request given on the command line, else a sample one."""
    return {"request": " ".join(sys.argv[1:]).strip() or SAMPLE_REQUEST}


def run() -> None:
    """Run the crew once (\`\`crewai run\`\`) and print its answer."""
    print(new_crew().kickoff(inputs=request_inputs()).raw)


def train() -> None:
    """\`\`crewai train -n N -f FILE\`\`: train the crew for N iterations."""
    new_crew().train(
        n_iterations=int(sys.argv[1]), filename=sys.argv[2], inputs=request_inputs()
    )


def replay() -> None:
    """\`\`crewai replay -t TASK_ID\`\`: run again from one task of the last run."""
    new_crew().replay(task_id=sys.argv[1])


def test() -> None:
    """\`\`crewai test -n N -m MODEL\`\`: run N times and score the runs with MODEL."""
    new_crew().test(
        n_iterations=int(sys.argv[1]), eval_llm=sys.argv[2], inputs=request_inputs()
    )


def run_with_trigger() -> Any:
    """Run the crew on a trigger's JSON payload (its \`\`request\`\`, else all of it)."""
    if len(sys.argv) < 2:
        raise SystemExit("give the trigger payload as JSON")
    payload = json.loads(sys.argv[1])
    request = payload.get("request") if isinstance(payload, dict) else None
    return new_crew().kickoff(inputs={"request": str(request or json.dumps(payload))})
`;
}

/** `config/agents.yaml` and `config/tasks.yaml` in CrewAI's own format. */
function crewConfigs(model: TeamModel): Files {
  const agents = Object.fromEntries(
    model.members.map((m) => [
      model.agentKeys[m.module],
      {
        role: crewRole(m.role),
        goal: crewText(m.goal),
        backstory: crewText(m.backstory),
        allow_delegation: m.isManager,
        verbose: true,
      },
    ]),
  );
  const hierarchical = model.spec.process === "hierarchical";
  const tasks = Object.fromEntries(
    model.steps.map((step, i) => {
      // In the hierarchical process the manager runs every task; its own steps name no agent.
      const own = hierarchical && step.member === model.manager;
      return [
        taskKey(i, step),
        {
          description: `${STEP_TEXT[step.kind].instruction}\n\nRequest:\n{request}\n`,
          expected_output:
            step.kind === "final"
              ? crewText(finalExpectation(model.spec.done))
              : STEP_TEXT[step.kind].expected,
          ...(own ? {} : { agent: model.agentKeys[step.member] }),
        },
      ];
    }),
  );
  return [
    { path: `${model.src}/config/agents.yaml`, content: toYaml(agents) },
    { path: `${model.src}/config/tasks.yaml`, content: toYaml(tasks) },
  ];
}

/** `crew.py`, `main.py` and CrewAI's two YAML files, in the team's package. */
export function renderCrew(model: TeamModel): Files {
  return [
    { path: `${model.src}/crew.py`, content: crewModule(model) },
    { path: `${model.src}/main.py`, content: mainModule(model) },
    ...crewConfigs(model),
  ];
}
