"""``--help`` before click loads: the pages made beforehand say what click says, and a
process asking only for help loads neither click nor any store code."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

from timeline.cli import help_pages
from timeline.cli.reference import bare_groups
from timeline.cli.reference import help_pages as made_pages

# The click path, bypassing the pages: what `timeline ARGS` printed before them.
THROUGH_CLICK = ("import sys; from timeline.cli.commands import main; sys.argv[0] = 'timeline'; "
                 "main()")
# The `timeline` script's own entry point, reporting the modules it loaded.
LOADED = ("import sys; from timeline.cli import main; sys.argv[0] = 'timeline'\n"
          "try:\n    main()\nfinally:\n    print(sorted(sys.modules), file=sys.stderr)")
STORE_CODE = ("sqlalchemy", "eventsourcing", "psycopg", "timeline.app", "timeline.storage.")
# It names the default store and parses --db; it loads no driver and opens nothing.
CONFIG = "timeline.storage.config"


def loaded(done: subprocess.CompletedProcess[str]) -> list[str]:
    """The modules the process loaded (LOADED prints them last)."""
    return list(ast.literal_eval(done.stderr.splitlines()[-1]))


def store_code(modules: list[str]) -> list[str]:
    return [name for name in modules if name.startswith(STORE_CODE) and name != CONFIG]


def process(code: str, *args: str, columns: str = "120") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=ROOT, check=False,
                          env={"PATH": "/usr/bin:/bin", "COLUMNS": columns})


def test_the_pages_are_made_from_the_commands() -> None:
    committed = Path(help_pages.PAGES).read_text(encoding="utf-8")
    assert committed == made_pages(), (
        "a command's help changed: python -m timeline.cli.reference --pages > "
        "src/timeline/cli/help_pages.json")
    assert list(help_pages.BARE) == bare_groups()


@pytest.mark.parametrize("args", [["--help"], [], ["state", "--help"], ["actor"],
                                  ["actor", "alias", "--help"], ["import", "--help"]])
def test_a_page_is_what_click_prints(args: list[str]) -> None:
    fast = process(LOADED, *args)
    slow = process(THROUGH_CLICK, *args)
    assert (fast.returncode, slow.returncode) == (0, 0), fast.stderr + slow.stderr
    assert fast.stdout == slow.stdout and fast.stdout.startswith("Usage: timeline")
    assert "click" not in loaded(fast)
    assert store_code(loaded(fast)) == []


@pytest.mark.parametrize(("args", "said"), [
    (["actor add", "--help"], "No such command 'actor add'. Did you mean 'actor'?"),
    ([""], "No such command ''."),
    (["exprot"], "No such command 'exprot'. Did you mean 'export'?"),  # a lazy command
    (["--", "--hlp"], "No such option '--hlp'. Did you mean '--help'?"),
    (["--", "--db", "x.db", "state", "russia"], "No such command '--db'."),
])
def test_what_click_refuses_is_refused(args: list[str], said: str) -> None:
    done = process(LOADED, *args)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines()[0].startswith(f"Error: {said}")


def test_help_written_nowhere_or_to_a_full_disk() -> None:
    closed = subprocess.run([sys.executable, "-m", "timeline", "--help"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            check=False, close_fds=True, pass_fds=(),
                            preexec_fn=lambda: os.close(1))
    assert (closed.returncode, closed.stderr) == (0, "")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "timeline", "--help"], cwd=ROOT,
                              stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert (done.returncode, done.stderr) == (
        1, "Error: cannot write the output: No space left on device\n")


def test_an_ascii_terminal_is_written_by_click() -> None:
    done = subprocess.run([sys.executable, "-c", LOADED, "state", "--help"], cwd=ROOT,
                          capture_output=True, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0 and b"click" in done.stderr.splitlines()[-1]
    assert done.stdout.startswith(b"Usage: timeline state")


def test_everything_else_goes_to_click() -> None:
    assert help_pages.page_asked(["state"]) is None  # a command that needs its arguments
    assert help_pages.page_asked(["state", "--help", "--db", "x"]) is None
    assert help_pages.page_asked(["--help", "state"]) is None
    assert help_pages.page_asked(["--db", "x", "--help"]) is None
    assert help_pages.page_asked(["no-such-command", "--help"]) is None
    assert help_pages.page_asked(["actor add", "--help"]) is None
    assert help_pages.page_asked([""]) is None
    assert help_pages.page_asked(["state", "--help"]) is not None


def test_completion_is_left_to_click() -> None:
    done = subprocess.run([sys.executable, "-c", LOADED], capture_output=True, text=True,
                          cwd=ROOT, check=False, env={
                              "PATH": "/usr/bin:/bin", "_TIMELINE_COMPLETE": "bash_complete",
                              "COMP_WORDS": "timeline st", "COMP_CWORD": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["plain,state"]
    assert store_code(loaded(done)) == []  # a command's name is completed without a store


def test_a_narrow_terminal_is_wrapped_by_click() -> None:
    narrow = process(LOADED, "state", "--help", columns="60")
    assert narrow.returncode == 0 and "click" in loaded(narrow)
    wide = json.loads(Path(help_pages.PAGES).read_text(encoding="utf-8"))["state"]
    assert narrow.stdout != wide


def test_help_through_click_loads_no_store_code() -> None:
    done = process(LOADED, "state", "--help", columns="60")
    assert done.returncode == 0 and "timeline.cli.commands" in loaded(done)
    assert store_code(loaded(done)) == []
