"""Start-up of the Python that runs generated teams on the real frameworks in this suite.

- Debian's packages (``/usr/lib/python3/dist-packages``) come after the interpreter's own, so a
  library the interpreter lacks (httpx, kubernetes, psycopg, starlette, rich, ...) is found there
  while the interpreter's pydantic 2 is never shadowed by Debian's pydantic 1.
- crewai imports packages that neither this interpreter nor Debian has (chromadb, opentelemetry,
  the openai SDK, ...) at import time, for memory, telemetry and providers a crew on a fake LLM
  never uses. json_repair gets a working stand-in (``stand-ins/``); each of the others is
  replaced by a stand-in module that hands out inert placeholders; a crew
  that did reach one of them fails, since a placeholder does nothing. Real packages always win:
  the stand-ins are only found when nothing else provides the module.
"""

import importlib.abc
import importlib.machinery
import os
import sys
import types

DEBIAN = "/usr/lib/python3/dist-packages"
STAND_INS = {"aiofiles", "chromadb", "json5", "jsonref", "lancedb", "openai", "opentelemetry"}

HERE = os.path.dirname(os.path.abspath(__file__))

for folder in (DEBIAN, os.path.join(HERE, "stand-ins")):
    if os.path.isdir(folder) and folder not in sys.path:
        sys.path.append(folder)


class _PlaceholderType(type):
    def __getitem__(cls, item):
        return cls

    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _placeholder(name, cls.__module__)

    def __or__(cls, other):
        return cls

    def __ror__(cls, other):
        return cls


class _Placeholder(metaclass=_PlaceholderType):
    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        return _Placeholder()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Placeholder()

    def __iter__(self):
        return iter(())

    def __bool__(self):
        return False

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        from pydantic_core import core_schema

        return core_schema.any_schema()


def _placeholder(name, module):
    return _PlaceholderType(name, (_Placeholder,), {"__module__": module})


class _StandInModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        value = _placeholder(name, self.__name__)
        setattr(self, name, value)
        return value


class _StandInFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] not in STAND_INS:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        module = _StandInModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


sys.meta_path.append(_StandInFinder())
