"""Checks generated teams against their framework's own tooling and classes, as its users' tools
would: prints {team: [problem, ...]} as JSON (an empty list: nothing wrong).

- LangGraph: langgraph.json passes langgraph-cli's own validation (validate_config_file), its
  JSON schema (when given with --schema) and the CLI's resolution of each graph's file against
  the "dependencies" it copies.
- CrewAI: pyproject.toml is what ``crewai run`` looks for ([tool.crewai] type "crew", the
  run_crew script naming <package>.main:run), and every keyword that crew.py passes to Agent,
  Task, Crew or LLM is a field of crewai's real class.
"""

import ast
import importlib
import json
import pathlib
import re
import sys
import tomllib

# CrewAI fills {name} placeholders from a run's inputs; the factory writes the spec's own as (name).
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_-]*)\}")


def member_texts(team):
    """What the spec in team.json says each member is: module -> (role, goal, backstory)."""
    spec = json.loads((team / "team.json").read_text(encoding="utf-8"))["spec"]
    return {m["module"]: (m["role"], m["goal"], m["backstory"]) for m in spec["members"]}


def package_of(team):
    (init,) = (team / "src").glob("*/__init__.py")
    if str(init.parent.parent) not in sys.path:
        sys.path.insert(0, str(init.parent.parent))
    return init.parent.name


def langgraph_problems(team, schema_path):
    from langgraph_cli.config import (
        _assemble_local_deps,
        _update_graph_paths,
        validate_config_file,
    )

    path = team / "langgraph.json"
    problems = []
    if schema_path:
        import jsonschema

        schema = json.loads(pathlib.Path(schema_path).read_text(encoding="utf-8"))
        for error in jsonschema.Draft202012Validator(schema).iter_errors(
            json.loads(path.read_text(encoding="utf-8"))
        ):
            problems.append(f"langgraph.json against the CLI's schema: {error.message}")
    config = validate_config_file(path)
    _update_graph_paths(path, config, _assemble_local_deps(path, config))
    agents = importlib.import_module(f"{package_of(team)}.agents")
    for module, texts in member_texts(team).items():
        member = agents.MEMBERS[module]
        if (member.ROLE, member.GOAL, member.BACKSTORY) != texts:
            problems.append(f"agents/{module}.py does not hold the spec's texts")
    return problems


def crewai_problems(team):
    import crewai

    problems = []
    project = tomllib.loads((team / "pyproject.toml").read_text(encoding="utf-8"))
    if project.get("tool", {}).get("crewai", {}).get("type") != "crew":
        problems.append('pyproject.toml has no [tool.crewai] type = "crew"')
    script = project.get("project", {}).get("scripts", {}).get("run_crew", "")
    module, _, function = script.partition(":")
    main = team / "src" / pathlib.Path(*module.split(".")).with_suffix(".py")
    if not main.is_file():
        problems.append(f"run_crew names {script!r}, and {main} does not exist")
    elif function not in {
        node.name
        for node in ast.parse(main.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef)
    }:
        problems.append(f"run_crew names {script!r}, and {main.name} has no {function}()")
    crew_module = importlib.import_module(f"{package_of(team)}.crew")
    crew_class = next(
        value
        for value in vars(crew_module).values()
        if getattr(value, "is_crew_class", False)
    )
    from crewai.llms.base_llm import BaseLLM

    class Unused(BaseLLM):
        def call(self, *args, **kwargs):
            raise AssertionError("building a crew calls no model")

    crew = crew_class(llm=Unused(model="unused")).crew()
    keys = {a.role: a for a in crew.agents}
    manager = crew.manager_agent
    if manager is not None:
        keys[manager.role] = manager
    for module, texts in member_texts(team).items():
        expected = tuple(PLACEHOLDER.sub(r"(\1)", text) for text in texts)
        role = re.sub(r"[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+", " ", expected[0])
        expected = (role.strip(" "), *expected[1:])
        agent = keys.get(expected[0])
        if agent is None or (agent.role, agent.goal, agent.backstory) != expected:
            problems.append(f"crewai's agent for {module} does not hold the spec's texts")
    crew_file = pathlib.Path(crew_module.__file__)
    classes = {name: getattr(crewai, name) for name in ("Agent", "Task", "Crew", "LLM")}
    for node in ast.walk(ast.parse(crew_file.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        cls = classes.get(node.func.id)
        if cls is None:
            continue
        fields = set(cls.model_fields)
        for keyword in node.keywords:
            if keyword.arg is not None and keyword.arg not in fields:
                problems.append(
                    f"crew.py line {node.lineno}: {node.func.id}({keyword.arg}=...) is not "
                    f"a field of crewai.{node.func.id}"
                )
    return problems


def main():
    args = sys.argv[1:]
    schema = None
    if args[:1] == ["--schema"]:
        schema, args = args[1], args[2:]
    report = {}
    for root in args:
        team = pathlib.Path(root).resolve()
        try:
            project = tomllib.loads((team / "pyproject.toml").read_text(encoding="utf-8"))
            if project["project"]["name"] != team.name:
                raise ValueError("pyproject.toml names another project")
            if (team / "langgraph.json").exists():
                report[team.name] = langgraph_problems(team, schema)
            else:
                report[team.name] = crewai_problems(team)
        except Exception as error:
            report[team.name] = [f"{type(error).__name__}: {error}"]
    json.dump(report, sys.stdout)


main()
