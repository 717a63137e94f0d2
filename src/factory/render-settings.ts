/**
 * `settings.py`: the team reads `config/team_config.yaml`, `config/llm_config.yaml` and
 * `config/a2a_config.yaml` when it starts, checks them, and counts tasks against the daily quota.
 * The same text for every team: everything team-specific is in the config files.
 */
export const SETTINGS_MODULE = `"""Settings of the team, read from config/ once when the team starts."""

import datetime
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONFIG_DIR = Path(__file__).resolve().parent / "config"
# libyaml's loader when PyYAML was built with it, else the pure Python one.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STEP_KINDS = ("plan", "work", "challenge", "final")


class ConfigError(ValueError):
    """A file in config/ is missing or does not hold what the team needs."""


class QuotaExceeded(RuntimeError):
    """The daily task quota of config/llm_config.yaml is used up."""


@dataclass(frozen=True)
class LlmSettings:
    """config/llm_config.yaml: the model, its fallback and the daily quota."""

    provider: str
    model: str
    fallback_model: str | None
    temperature: float
    api_key_env: str
    daily_task_quota: int


@dataclass(frozen=True)
class Settings:
    """config/team_config.yaml (the team, steps, tools) and the other two files."""

    team: dict[str, Any]
    members: tuple[dict[str, Any], ...]
    process: str
    steps: tuple[tuple[str, str], ...]
    tools: tuple[dict[str, Any], ...]
    port: int
    token_env: str
    llm: LlmSettings
    card: dict[str, Any]


def read_config(name: str) -> dict[str, Any]:
    """One YAML file of config/ as a mapping."""
    path = CONFIG_DIR / name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must hold a mapping of settings")
    return data


def need(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    """\`\`data[key]\`\` when it is a \`\`kind\`\`, else a ConfigError naming the setting."""
    value = data.get(key)
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        raise ConfigError(f"{where}: {key} must be a {kind.__name__}, not {value!r}")
    return value


def load_llm(data: dict[str, Any]) -> LlmSettings:
    """The LLM settings, checked."""
    where = "config/llm_config.yaml"
    fallback = data.get("fallback_model")
    if fallback is not None and not isinstance(fallback, str):
        raise ConfigError(f"{where}: fallback_model must be a model name or null")
    quota = need(data, "daily_task_quota", int, where)
    if quota < 1:
        raise ConfigError(f"{where}: daily_task_quota must be 1 or more")
    temperature = data.get("temperature")
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float)):
        raise ConfigError(f"{where}: temperature must be a number")
    return LlmSettings(
        provider=need(data, "provider", str, where),
        model=need(data, "model", str, where),
        fallback_model=fallback or None,
        temperature=float(temperature),
        api_key_env=need(data, "api_key_env", str, where),
        daily_task_quota=quota,
    )


def load_steps(
    workflow: dict[str, Any], members: set[str]
) -> tuple[tuple[str, str], ...]:
    """The steps of one request, each by a member, the manager's answer last."""
    where = "config/team_config.yaml: workflow"
    manager = need(workflow, "manager", str, where)
    steps = []
    for step in need(workflow, "steps", list, where):
        member = step.get("member") if isinstance(step, dict) else None
        kind = step.get("kind") if isinstance(step, dict) else None
        if member not in members or kind not in STEP_KINDS:
            raise ConfigError(
                f"{where}: the step {step!r} needs a member of the team and a kind "
                f"among {', '.join(STEP_KINDS)}"
            )
        steps.append((member, kind))
    if not steps or steps[-1] != (manager, "final"):
        raise ConfigError(f"{where}: the last step must be {manager}'s final answer")
    return tuple(steps)


def load_settings() -> Settings:
    """Every setting of config/, checked; a ConfigError says which one is wrong."""
    config = read_config("team_config.yaml")
    where = "config/team_config.yaml"
    members = tuple(
        m for m in need(config, "members", list, where) if isinstance(m, dict)
    )
    workflow = need(config, "workflow", dict, where)
    server = need(config, "server", dict, where)
    return Settings(
        team=need(config, "team", dict, where),
        members=members,
        process=need(workflow, "process", str, f"{where}: workflow"),
        steps=load_steps(workflow, {str(m.get("module")) for m in members}),
        tools=tuple(
            t for t in need(config, "tools", list, where) if isinstance(t, dict)
        ),
        port=need(server, "port", int, f"{where}: server"),
        token_env=need(server, "token_env", str, f"{where}: server"),
        llm=load_llm(read_config("llm_config.yaml")),
        card=read_config("a2a_config.yaml"),
    )


def tool_readiness(tools: tuple[dict[str, Any], ...]) -> dict[str, str]:
    """Each tool's state: ready, the environment variables it misses, or a stub."""
    states = {}
    for tool in tools:
        name = str(tool.get("name"))
        if not tool.get("integration"):
            states[name] = "stub: implement it in tools/ before relying on it"
            continue
        missing = [
            str(setting.get("name"))
            for setting in tool.get("env") or []
            if setting.get("required") and not os.environ.get(str(setting.get("name")))
        ]
        states[name] = f"missing {', '.join(missing)}" if missing else "ready"
    return states


def missing_settings(settings: Settings) -> list[str]:
    """Unset variables the team cannot serve without: the model's key, the API token
    and each required setting of a catalogue tool."""
    names = {settings.llm.api_key_env, settings.token_env}
    for tool in settings.tools:
        for setting in tool.get("env") or []:
            if setting.get("required"):
                names.add(str(setting.get("name")))
    return sorted(name for name in names if not os.environ.get(name, "").strip())


def utc_today() -> datetime.date:
    """Today's date in UTC, the day the quota counts."""
    return datetime.datetime.now(datetime.timezone.utc).date()


class DailyQuota:
    """Counts the team's tasks per UTC day and refuses those above the limit."""

    def __init__(
        self, limit: int, today: Callable[[], datetime.date] = utc_today
    ) -> None:
        self.limit = limit
        self.today = today
        self.day = today()
        self.used = 0
        self.lock = threading.Lock()

    def take(self) -> None:
        """Count one task, or raise QuotaExceeded when today's tasks are used up."""
        with self.lock:
            self.roll_over()
            if self.used >= self.limit:
                raise QuotaExceeded(
                    f"the daily quota of {self.limit} tasks is used up "
                    "(daily_task_quota in config/llm_config.yaml); "
                    "it resets at 00:00 UTC"
                )
            self.used += 1

    def snapshot(self) -> dict[str, int]:
        """The limit, the tasks counted today and those remaining."""
        with self.lock:
            self.roll_over()
            return {
                "limit": self.limit,
                "used": self.used,
                "remaining": self.limit - self.used,
            }

    def roll_over(self) -> None:
        day = self.today()
        if day != self.day:
            self.day = day
            self.used = 0


SETTINGS = load_settings()
`;

/**
 * `tool_errors.py`: a failed tool call becomes text the agent reads (it goes on), and is counted
 * for `GET /status`. LangGraph's ToolNode calls `record` through its `handle_tool_errors`; a
 * CrewAI team wraps its tool functions in `guarded`.
 */
export const TOOL_ERRORS_MODULE = `"""Failed tool calls: the agent reads the error and goes on; GET /status counts them."""

import functools
import threading
from collections.abc import Callable
from typing import Any


class ToolErrors:
    """How many tool calls failed since the team started, and the last error."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.last: str | None = None

    def record(self, tool: str | None, error: BaseException) -> str:
        """Count \`\`error\`\` and return what the agent reads instead of a result."""
        name = f"{tool} failed" if tool else "The tool failed"
        message = f"{name}: {type(error).__name__}: {error}"
        with self.lock:
            self.count += 1
            self.last = message
        return f"{message}. Go on without this result, or call it with other arguments."

    def snapshot(self) -> dict[str, Any]:
        """The count and the last error, for GET /status."""
        with self.lock:
            return {"count": self.count, "last": self.last}


TOOL_ERRORS = ToolErrors()


def guarded(function: Callable[..., str]) -> Callable[..., str]:
    """\`\`function\`\` as a tool that answers with its error instead of raising it."""

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> str:
        try:
            return function(*args, **kwargs)
        except Exception as error:
            return TOOL_ERRORS.record(function.__name__, error)

    return call
`;
