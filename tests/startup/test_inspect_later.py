"""A quick answer does not load ``inspect`` (nor ``ast``, ``dis`` and ``tokenize`` with it):
``dataclasses`` imports it, and on Python 3.11 reads it only for a class without a
docstring. Whatever reads it later gets it whole, and a command click answers has the
module itself."""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import python_code

# The `timeline` script's entry point, then what the process holds after it.
AFTER = """
import sys, types
from timeline.cli import main
sys.argv[0] = "timeline"
try:
    main()
except SystemExit:
    pass
held = sys.modules.get("inspect")
print(repr((sorted(sys.modules), held is None or type(held) is types.ModuleType)),
      file=sys.stderr)
"""
# A dataclass without a docstring made after a quick answer, and inspect imported then.
READ_LATER = """
import sys
from timeline.cli import main
sys.argv[0] = "timeline"
main()
import dataclasses
assert "ast" not in sys.modules

@dataclasses.dataclass
class Point:
    x: int
    y: str = "a"

import inspect
print(repr((Point.__doc__, type(sys.modules["inspect"]).__name__,
            dataclasses.inspect.signature is inspect.signature,
            str(inspect.signature(Point)), inspect.__spec__ is not None)), file=sys.stderr)
"""
NOT_LOADED = {"ast", "dis", "tokenize"}
# From 3.12 dataclasses reads every class's annotations through inspect: no stand-in then.
ONLY_3_11 = pytest.mark.skipif(sys.version_info >= (3, 12),
                               reason="from Python 3.12 dataclasses reads inspect for every "
                                      "class, so a quick answer loads it (no stand-in is made)")


def held_after(code: str, *args: str) -> Any:
    done = python_code(code, *args)
    assert done.returncode == 0, done.stderr
    return ast.literal_eval(done.stderr.splitlines()[-1])


@ONLY_3_11
@pytest.mark.parametrize("args", [
    ["state", "russia", "nato"],
    ["state", "russia", "nato", "--json"],
    ["diff", "russia", "nato", "--from", "2021-10", "--to", "2021-11"],
    ["log", "--json"],
])
def test_a_quick_answer_loads_no_inspect(seed_file: Path, args: list[str]) -> None:
    modules, whole = held_after(AFTER, "--db", str(seed_file), *args)
    assert "click" not in modules, "not a quick answer"
    # Nor is the stand-in left where `import inspect` finds it: a process that goes on
    # (python -i, a host of the module) imports the module itself.
    assert not (NOT_LOADED | {"inspect"}) & set(modules) and whole, modules


def test_a_command_click_answers_has_inspect_itself(seed_file: Path) -> None:
    # `log --type` is click's to check (its own callback): the command goes on to click.
    modules, whole = held_after(AFTER, "--db", str(seed_file), "log", "--type", "meeting")
    assert "click" in modules and whole


@ONLY_3_11
def test_what_reads_inspect_after_a_quick_answer_gets_it(seed_file: Path) -> None:
    doc, kind, same, signature, spec = held_after(READ_LATER, "--db", str(seed_file),
                                                  "state", "russia", "nato")
    assert doc == "Point(x: int, y: str = 'a')"  # made by inspect.signature, as always
    assert signature == "(x: int, y: str = 'a') -> None"
    assert kind == "module" and same and spec
