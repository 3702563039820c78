"""``timeline state``, ``diff`` and ``log`` answered before click loads: the arguments read
as click reads them (or left to click), the answer written as the command writes it."""

from __future__ import annotations

import ast
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Generator, Iterator, Mapping
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from helpers import ROOT, python_code
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.cli import instant
from timeline.cli.commands import cli
from timeline.cli.reference import instant_params
from timeline.cli.session import Session
from timeline.domain.dates import parse_query_date

# The `timeline` script's own entry point, reporting the modules it loaded.
LOADED = ("import sys; from timeline.cli import main; sys.argv[0] = 'timeline'\n"
          "try:\n    main()\nfinally:\n    print(sorted(sys.modules), file=sys.stderr)")
# The click path, bypassing the quick one: what `timeline ARGS` printed before it.
THROUGH_CLICK = ("import sys; from timeline.cli.commands import main; sys.argv[0] = 'timeline'; "
                 "main()")
PARAMS = instant._params()


@pytest.fixture
def db(seed_file: Path, tmp_path: Path) -> Iterator[str]:
    """A copy of the seed store, up to date."""
    target = tmp_path / "timeline.db"
    shutil.copyfile(seed_file, target)
    yield str(target)


def test_the_params_are_made_from_the_commands() -> None:
    committed = Path(instant.PARAMS).read_text(encoding="utf-8")
    assert committed == instant_params(), (
        "a parameter of state or diff changed: python -m timeline.cli.reference --instant > "
        "src/timeline/cli/instant.json")


def read_by_click(args: list[str], environ: Mapping[str, str]
                  ) -> tuple[str, dict[str, Any], str] | None:
    """What click gives the command ARGS name (its values and the store), or None where
    click refuses them or runs something else."""
    seen: list[tuple[str, dict[str, Any], str]] = []

    def taking(name: str) -> Any:
        def callback(**values: Any) -> None:
            session = click.get_current_context().find_object(Session)
            assert session is not None and session.db is not None
            seen.append((name, values, session.db))
        return callback

    with pytest.MonkeyPatch.context() as patch:
        for name in PARAMS["commands"]:
            command = cli.commands[name]
            patch.setattr(command, "callback", taking(name))
        done = CliRunner().invoke(cli, args, env={"TIMELINE_DB": None, **environ})
    return seen[0] if done.exit_code == 0 and seen else None


def read_here(args: list[str], environ: Mapping[str, str]
              ) -> tuple[str, dict[str, Any], str] | None:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("TIMELINE_DB", raising=False)
        for name, value in environ.items():
            patch.setenv(name, value)
        try:
            return instant.parsed(args, PARAMS)
        except instant.NotInstant:
            return None


WORDS = ["state", "diff", "russia", "nato", "x", "--db", "a.db", "--db=b.db", "--as-of",
         "2021", "2021-10-18", "--as-of=2021-11", "--known-at", "2021-10-20",
         "--known-at=2021-10-20T10:00:00Z", "--kind", "post", "--kind=channel", "mission",
         "--facts", "--json", "--from", "--to", "2021-13", "--from=2020", "--to=2022-02",
         "--", "-", "--help", "--version", "-h", "--facts=1", "today", "", "--kinds", "--DB",
         "--as-of=", "--db=", "log", "--type", "expulsion", "--type=statement", "--all",
         "--actor", "--about=nato", "--location", "Brussels", "--location=moscow"]
ENVIRON = st.sampled_from([{}, {"TIMELINE_DB": ""}, {"TIMELINE_DB": "env.db"}])


@settings(max_examples=300, deadline=None)
@given(args=st.lists(st.sampled_from(WORDS), max_size=9), environ=ENVIRON)
def test_what_is_read_here_is_what_click_reads(args: list[str], environ: dict[str, str]
                                               ) -> None:
    here = read_here(args, environ)
    if here is not None:  # anything else is left to click
        assert read_by_click(args, environ) == here


STATE = st.tuples(
    st.sampled_from([[], ["--db", "before.db"], ["--db=before.db"]]),
    st.lists(st.sampled_from(["russia", "nato", "ukraine"]), min_size=1, max_size=3),
    st.lists(st.sampled_from([["--as-of", "2021-10"], ["--as-of=2014"], ["--json"],
                              ["--facts"], ["--kind", "post"], ["--kind=relationship"],
                              ["--known-at", "2021-11-01"], ["--db", "after.db"]]),
             max_size=4, unique_by=lambda words: words[0].partition("=")[0]))


@settings(max_examples=150, deadline=None)
@given(state=STATE, environ=ENVIRON, data=st.data())
def test_a_state_asked_as_people_type_it_is_read_here(
        state: tuple[list[str], list[str], list[list[str]]], environ: dict[str, str],
        data: st.DataObject) -> None:
    before, actors, options = state
    units = data.draw(st.permutations([*([actor] for actor in actors), *options]))
    args = [*before, "state", *(word for unit in units for word in unit)]
    here = read_here(args, environ)
    assert read_by_click(args, environ) == here
    if len(actors) <= 2 and not any(option[0] == "--kind" for option in options):
        assert here is not None  # the common forms, interspersed, are read here


LOG = st.tuples(
    st.lists(st.sampled_from(["russia", "nato"]), max_size=3),
    st.lists(st.sampled_from([["--from", "2021-10"], ["--to=2022"], ["--json"], ["--all"],
                              ["--actor", "russia"], ["--about=nato"], ["--location", "Mos"],
                              ["--known-at", "2021-11-01"], ["--type", "expulsion"]]),
             max_size=4, unique_by=lambda words: words[0].partition("=")[0]))


@settings(max_examples=150, deadline=None)
@given(asked=LOG, data=st.data())
def test_a_log_asked_as_people_type_it_is_read_here(
        asked: tuple[list[str], list[list[str]]], data: st.DataObject) -> None:
    actors, options = asked
    units = data.draw(st.permutations([*([actor] for actor in actors), *options]))
    args = ["log", *(word for unit in units for word in unit)]
    here = read_here(args, {})
    by_click = read_by_click(args, {})
    assert by_click is not None and here in (None, by_click)
    # --type is checked by click's callback: a command line that gives it is click's.
    assert (here is None) == any(option[0] == "--type" for option in options)


@pytest.mark.parametrize("args", [
    ["log"],
    ["log", "russia", "nato", "--json"],
    ["log", "--actor", "russia", "--from", "2021-10", "--to", "2021-11"],
    ["log", "--about=nato", "--all", "--known-at", "2021-10-19"],
    ["log", "--location", "moscow", "--json"],
    ["log", "--from", "2040"],
    ["log", "--from", "2040", "--json"],
    ["state", "russia", "nato"],
    ["state", "russia", "nato", "--as-of", "2021-11-02", "--json"],
    ["state", "russia", "--as-of=2021-10-20", "--facts"],
    ["state", "ukraine", "russia", "--kind", "relationship", "--kind", "proposal"],
    ["state", "NATO", "Russian Federation", "--known-at", "2021-10-19", "--as-of", "2021-11-02"],
    ["diff", "russia", "nato", "--from", "2021-10", "--to", "2021-11"],
    ["diff", "russia", "nato", "--from", "2014", "--to", "2021", "--json"],
])
def test_an_answer_here_is_byte_for_byte_the_commands(db: str, args: list[str]) -> None:
    fast = python_code(LOADED, "--db", db, *args)
    slow = python_code(THROUGH_CLICK, "--db", db, *args)
    assert (fast.returncode, slow.returncode) == (0, 0), fast.stderr + slow.stderr
    assert fast.stdout == slow.stdout and fast.stdout.strip()
    modules = loaded(fast)
    assert "click" not in modules and "sqlalchemy" not in modules, modules


@pytest.mark.parametrize("args", [
    ["state", "russia", "nato"],
    ["diff", "russia", "nato", "--from", "2014", "--to", "2021", "--json"],
    ["log", "--json"],
    ["export"],
    ["state", "--help"],
])
def test_the_installed_command_ends_at_once_having_written_everything(
        db: str, args: list[str], tmp_path: Path) -> None:
    # `python -m timeline` runs what the installed script runs (cli.run): after an answer
    # here, os._exit, which flushes nothing and calls no atexit handler itself.
    out = tmp_path / "out"
    with out.open("w") as file:
        done = subprocess.run([sys.executable, "-m", "timeline", "--db", db, *args], cwd=ROOT,
                              stdout=file, stderr=subprocess.PIPE, text=True, check=False)
    slow = python_code(THROUGH_CLICK, "--db", db, *args)
    assert (done.returncode, slow.returncode, done.stderr) == (0, 0, "")
    assert out.read_text(encoding="utf-8") == slow.stdout and slow.stdout.strip()


@pytest.mark.parametrize("measuring", ["sys.settrace(lambda *a: None)",
                                       "sys.setprofile(lambda *a: None)",
                                       "import coverage; coverage.Coverage(data_file=None).start()",
                                       "import bdb"])
def test_under_a_tracer_or_coverage_the_command_ends_as_usual(db: str, measuring: str) -> None:
    # What measures the process (coverage in a test's subprocess) saves its data at the end.
    done = python_code(f"import atexit, sys; {measuring}\n"
                   "atexit.register(lambda: print('saved', file=sys.stderr))\n"
                   "from timeline.cli import run; sys.argv[0] = 'timeline'; run()",
                   "--db", db, "state", "russia", "nato")
    assert done.returncode == 0 and "expelled" in done.stdout
    assert done.stderr == "saved\n"


def test_a_handler_a_site_hook_registered_runs_at_the_end(db: str, tmp_path: Path) -> None:
    # A telemetry agent's hook, say, registers its own at start-up.
    (tmp_path / "sitecustomize.py").write_text(
        "import atexit, sys\natexit.register(lambda: print('flushed', file=sys.stderr))\n")
    done = subprocess.run([sys.executable, "-m", "timeline", "--db", db, "state", "russia",
                           "nato"], capture_output=True, text=True, cwd=ROOT, check=False,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert done.returncode == 0 and "expelled" in done.stdout
    assert done.stderr == "flushed\n"


def test_a_program_running_the_module_in_its_process_goes_on(db: str) -> None:
    done = python_code("import runpy, sys\nsys.argv[1:1] = []\n"
                   "runpy.run_module('timeline', run_name='__main__')\nprint('went on')",
                   "--db", db, "state", "russia", "nato")
    assert done.returncode == 0 and "expelled" in done.stdout
    assert done.stdout.endswith("went on\n")


def test_python_i_goes_on_to_its_prompt(db: str) -> None:
    done = subprocess.run([sys.executable, "-i", "-m", "timeline", "--db", db, "state", "russia",
                           "nato"], input="print('prompted')\n", capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0 and "expelled" in done.stdout and "prompted" in done.stdout


def test_the_command_with_stderr_closed_ends_as_it_answered(db: str) -> None:
    done = subprocess.run(f"{sys.executable} -m timeline --db {shlex.quote(db)} state russia "
                          "nato 2>&-",
                          shell=True, capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0 and "expelled" in done.stdout


@pytest.mark.parametrize("args", [["state", "russia", "nato"], ["log", "--json"], ["--help"],
                                  ["diff", "--help"]])
def test_nothing_answered_here_registers_an_atexit_handler(db: str, args: list[str]) -> None:
    # What cli.run's os._exit would skip: there must be nothing to skip.
    done = python_code("import atexit, sys; from timeline.cli import main; sys.argv[0] = 'timeline'"
                   "\nmain()\nprint(atexit._ncallbacks(), file=sys.stderr)", *args,
                   environ={"TIMELINE_DB": db})
    assert done.returncode == 0 and done.stdout.strip(), done.stderr
    assert done.stderr == "0\n"


@pytest.mark.parametrize(("args", "status", "said"), [
    (["state", "russia", "nato", "--as-of", "2021-13"], 2, "Invalid value for '--as-of'"),
    (["state", "russia", "nato", "ukraine"], 2, "give one actor or two, got 3"),
    (["state", "russia", "natoo"], 1, "unknown actor 'natoo' (did you mean 'nato'?)"),
    (["diff", "russia", "nato", "--from", "2021"], 2, "Missing option '--to'"),
    (["diff", "russia", "nato", "--from", "2022", "--to", "2021"], 1, "2022"),
    (["state", "russia", "nato", "--kind", "posts"], 2, "Invalid value for '--kind'"),
    (["log", "russia"], 2, "give two actors or none, got 1: russia"),
    (["log", "--actor", "russland"], 1, "unknown actor 'russland'"),
    (["log", "--type", "expulsoin"], 2, "(did you mean 'expulsion'?)"),
])
def test_what_is_refused_is_refused_by_click_or_the_store(db: str, args: list[str],
                                                          status: int, said: str) -> None:
    fast = python_code(LOADED, "--db", db, *args)
    slow = python_code(THROUGH_CLICK, "--db", db, *args)
    assert fast.returncode == slow.returncode == status and fast.stdout == ""
    assert fast.stderr.splitlines()[0] == slow.stderr.splitlines()[0]
    assert fast.stderr.startswith("Error: ") and said in fast.stderr.splitlines()[0]


def test_a_read_model_of_another_meaning_is_answered_by_the_store(db: str) -> None:
    import sqlite3

    with sqlite3.connect(db) as file:
        file.execute("UPDATE tl_position SET meaning = meaning - 1")
    fast = python_code(LOADED, "--db", db, "state", "russia", "nato", "--as-of", "2021-11-02")
    assert fast.returncode == 0 and "expelled" in fast.stdout
    assert "'sqlalchemy'" in fast.stderr.splitlines()[-1]  # made again, then answered
    again = python_code(LOADED, "--db", db, "state", "russia", "nato", "--as-of", "2021-11-02")
    assert again.stdout == fast.stdout and "click" not in loaded(again)


def test_an_answer_written_to_a_full_disk_is_one_line(db: str) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "timeline", "--db", db, "state", "russia",
                               "nato"], cwd=ROOT, stdout=full, stderr=subprocess.PIPE,
                              text=True, check=False)
    assert done.returncode == 1
    assert done.stderr == "Error: cannot write the output: No space left on device\n"


def test_completion_and_a_stdout_of_another_encoding_are_click_s(db: str) -> None:
    args = ["--db", db, "state", "russia", "nato"]
    latin = python_code(LOADED, *args, environ={"PYTHONIOENCODING": "latin-1"})
    assert latin.returncode == 0 and "'click'" in latin.stderr.splitlines()[-1]
    asked = python_code(LOADED, *args, environ={"_TIMELINE_COMPLETE": "bash_complete",
                                            "COMP_WORDS": "timeline st", "COMP_CWORD": "1"})
    assert "state" in asked.stdout and "'click'" in asked.stderr.splitlines()[-1]


def loaded(done: subprocess.CompletedProcess[str]) -> list[str]:
    return list(ast.literal_eval(done.stderr.splitlines()[-1]))


def test_today_is_the_default_as_click_reads_it() -> None:
    command, values, store = instant.parsed(["state", "russia"], PARAMS)
    assert (command, store) == ("state", "timeline.db")
    assert values == {"actors": ("russia",), "as_of": parse_query_date("today"), "known_at": None,
                      "kinds": (), "facts": False, "as_json": False}


def test_an_interrupted_answer_ends_as_click_ends_one(db: str, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline.app import quick

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(quick, "state", interrupted)
    with pytest.raises(SystemExit) as ended:
        instant.answered(["--db", db, "state", "russia", "nato"])
    assert ended.value.code == 1
    assert capsys.readouterr() == ("", "\nAborted!\n")
    slow = CliRunner().invoke(cli, ["--db", db, "state", "russia", "nato"])
    assert (slow.exit_code, slow.stderr) == (1, "\nAborted!\n")  # what click says


def test_a_listing_failing_half_way_ends_as_the_commands_end(
        capsys: pytest.CaptureFixture[str]) -> None:
    from timeline.errors import StoreError

    def events() -> Generator[str, None, None]:
        yield "first"
        raise StoreError("cannot use store 'x.db': disk I/O error\nmore")

    with pytest.raises(SystemExit) as ended:
        instant._streamed(events(), lambda items: " ".join(items), False)
    assert ended.value.code == 1
    assert capsys.readouterr() == (
        "first\n", "Error: cannot use store 'x.db': disk I/O error\\nmore\n")


class _Interrupted:
    """A stdout whose reader is gone as the user presses Ctrl-C (a pager, say)."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise KeyboardInterrupt

    def flush(self) -> None:
        raise KeyboardInterrupt


@pytest.mark.parametrize("args", [["state", "russia", "--facts"], ["log", "--json"]])
def test_an_answer_interrupted_as_it_is_written_ends_as_click_ends_one(
        db: str, args: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", _Interrupted())
    with pytest.raises(SystemExit) as ended:
        instant.answered(["--db", db, *args])
    assert ended.value.code == 1
    assert capsys.readouterr().err == "\nAborted!\n"


def test_a_store_no_quick_read_answers_is_read_once(db: str) -> None:
    import sqlite3

    from timeline.cli import session

    with sqlite3.connect(db) as file:
        file.execute("UPDATE tl_position SET meaning = meaning - 1")
    assert session.Session(db)._quick()
    assert not instant.answered(["--db", db, "state", "russia", "nato"])
    # Handed on to click, the command opens the store at once: no second quick read.
    assert not session.Session(db)._quick()
    assert session.Session(db + "x")._quick()
