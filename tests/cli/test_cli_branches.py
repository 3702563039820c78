"""Branches of the command line that only it has, against a small store (two actors and one
event, in a SQLite file in tmp_path): completion of actors, flag callbacks, interruption,
unwritable outputs, refused imports and re-imports, rebuild's progress. (The branches that
need no store: tests/unit/test_cli_units.py.)"""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from helpers import ROOT, Runner, completions

from timeline.app import Timeline
from timeline.app.aliasing import Naming
from timeline.cli import cli, support
from timeline.cli.support import (
    complete_actors,
    complete_types,
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "t.db")


@pytest.fixture
def small(db: str) -> str:
    """Two actors and one event: enough for each branch."""
    runner = CliRunner()
    for actor in ("nato", "russia"):
        done = runner.invoke(cli, ["--db", db, "actor", "add", actor, "--name", actor.upper()])
        assert done.exit_code == 0, done.output
    done = runner.invoke(cli, ["--db", db, "add", "relations_suspended", "--actor", "russia",
                               "--target", "nato", "--on", "2021-11-01", "--id", "rel"])
    assert done.exit_code == 0, done.output
    return db


def run(db: str, *args: str, **kwargs: Any) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args], **kwargs)


def error_line(result: Result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_completion_of_actors_reads_the_store(small: str) -> None:
    assert completions(small, "timeline state n") == ["nato"]
    assert completions(small, "timeline state ") == ["nato", "russia"]


def test_completion_functions_directly(small: str) -> None:
    ctx = click.Context(cli)
    ctx.params["db"] = small
    assert [c.value for c in complete_actors(ctx, cli.params[0], "r")] == ["russia"]
    assert [c.help for c in complete_actors(ctx, cli.params[0], "")] == ["NATO", "RUSSIA"]
    items = complete_types(ctx, cli.params[0], "statem")
    assert [(c.value, c.help) for c in items] == [("statement", "none (on the timeline only)")]


def test_parsed_flag_refusals_are_usage_errors(small: str) -> None:
    result = run(small, "state", "nato", "russia", "--as-of", "2021-13")
    assert result.exit_code == 2
    line = error_line(result)
    assert "impossible date '2021-13'" in line
    assert "(see 'timeline state --help')" in line


@pytest.mark.parametrize("item", ["count", "=8", " =8"])
def test_set_needs_key_and_value(small: str, item: str) -> None:
    result = run(small, "add", "expulsion", "--actor", "nato", "--target", "russia",
                 "--on", "2021", "--set", item)
    assert result.exit_code == 2
    assert f"expected KEY=VALUE, got {item!r}" in error_line(result)


def test_a_reason_must_say_something(small: str) -> None:
    result = run(small, "retract", "rel", "--reason", "   ")
    assert result.exit_code == 2
    assert "give a reason" in error_line(result)


def test_log_types_are_checked_with_a_hint(small: str) -> None:
    result = run(small, "log", "--type", "statment")
    assert result.exit_code == 2
    assert "unknown event type 'statment' (did you mean 'statement'?)" in error_line(result)


def test_log_needs_two_actors_or_none(small: str) -> None:
    result = run(small, "log", "nato")
    assert result.exit_code == 2
    assert "give two actors or none, got 1: nato" in error_line(result)


def test_a_listing_exit_code_follows_its_result(small: str) -> None:
    assert run(small, "check").exit_code == 0
    run(small, "add", "relations_suspended", "--actor", "russia", "--target", "nato",
        "--on", "2021-11-01", "--note", "again")
    result = run(small, "check", "--json")
    assert result.exit_code == 1
    assert '"kind": "likely_duplicate"' in result.stdout


def test_an_interrupted_command_says_aborted(
    small: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(self: Timeline, *args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(Naming, "known_actors", interrupted)
    result = run(small, "actor", "list")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Aborted!"


def test_main_without_standalone_mode_returns_and_raises(small: str) -> None:
    assert cli.main(["--db", small, "types"], standalone_mode=False) is None
    with pytest.raises(click.UsageError):
        cli.main(["--db", small, "log", "nato"], standalone_mode=False)


def test_python_m_timeline_runs_the_command_line(
    small: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["timeline", "--db", small, "actor", "list"])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("timeline", run_name="__main__")
    assert exit_.value.code == 0
    assert "russia  RUSSIA" in capsys.readouterr().out


def test_an_interrupted_import_says_how_much_was_stored(
    small: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(self: Timeline, items: Any, progress: Any = None, **kwargs: Any) -> Any:
        progress("storing", 3)
        raise KeyboardInterrupt

    monkeypatch.setattr(Timeline, "import_stream", interrupted)
    data = tmp_path / "a.jsonl"
    data.write_text('{"actor": {"id": "x", "name": "X"}}\n')
    result = run(small, "import", str(data))
    assert result.exit_code == 130
    assert result.stderr.startswith("Interrupted after storing 3 record(s) of this import")


@pytest.mark.parametrize("command", [["export", "--out"],
                                     ["chart", "nato", "russia", "--out"],
                                     ["report", "nato", "russia", "--out"]])
def test_an_unwritable_output_is_refused_in_one_line(
    small: str, tmp_path: Path, command: list[str]
) -> None:
    suffix = {"export": "jsonl", "chart": "svg", "report": "html"}[command[0]]
    out = tmp_path / "missing" / f"out.{suffix}"
    result = run(small, *command, str(out))
    assert result.exit_code == 1
    line = error_line(result)
    assert f"cannot write {str(out)!r}" in line
    assert "No such file or directory" in line


def test_chart_refuses_a_period_that_ends_before_it_starts(small: str, tmp_path: Path) -> None:
    result = run(small, "chart", "nato", "russia", "--from", "2021-06", "--to", "2021-05",
                 "--out", str(tmp_path / "c.svg"))
    assert result.exit_code == 1  # the rule of diff, changes and log (issue 22)
    assert "the period starts on 2021-06-01, after it ends on 2021-05-31" in error_line(result)
    assert not (tmp_path / "c.svg").exists()


@pytest.mark.parametrize(("command", "name"), [("chart", "c.html"), ("report", "r.svg")])
def test_output_names_must_fit_the_command(
    small: str, tmp_path: Path, command: str, name: str
) -> None:
    result = run(small, command, "nato", "russia", "--out", str(tmp_path / name))
    assert result.exit_code == 2
    assert "the file name must end in" in error_line(result)


def test_import_flags_that_do_not_fit_the_format(small: str, tmp_path: Path) -> None:
    names = tmp_path / "names.yaml"
    names.write_text("Russia: russia\n")
    data = tmp_path / "a.yaml"
    data.write_text("events: []\n")
    result = run(small, "import", "--actor-map", str(names), str(data))
    assert result.exit_code == 2
    assert "--actor-map goes with --format plover, icews, gdelt, polecat" in error_line(result)
    result = run(small, "import", "--create-actors", str(data))
    assert result.exit_code == 2
    assert "--create-actors goes with --format plover, icews, gdelt, polecat" in error_line(
        result)


def test_a_session_opens_its_store_once(db: str) -> None:
    session = support.Session(db)
    try:
        made = session.creating
        assert session.app is made
        assert session.creating is made
    finally:
        session.close()
    support.Session(db).close()  # closing a session that never opened is fine


def test_an_import_refuses_two_different_actors_of_one_id(db: str, tmp_path: Path) -> None:
    data = tmp_path / "a.yaml"
    data.write_text("actors:\n  - {id: nato, name: NATO}\n  - {id: nato, name: OTAN}\n")
    result = run(db, "import", str(data))
    assert result.exit_code == 1
    line = error_line(result)
    assert f"{data}:3: actor 'nato' already exists as 'NATO'" in line
    assert "not 'OTAN'" in line


def test_an_import_names_where_a_repeated_id_was_first_used(db: str, tmp_path: Path) -> None:
    data = tmp_path / "a.jsonl"
    data.write_text(
        '{"actor": {"id": "nato", "name": "NATO"}}\n'
        '{"actor": {"id": "russia", "name": "Russia"}}\n'
        '{"id": "x", "type": "statement", "actor": "nato", "on": "2021"}\n'
        '{"id": "e", "type": "statement", "actor": "nato", "on": "2021"}\n'
        '{"id": "e", "type": "statement", "actor": "nato", "on": "2022"}\n')
    result = run(db, "import", str(data))
    assert result.exit_code == 1
    line = error_line(result)
    assert f"{data}:5:" in line and f"{data}:4" in line
    assert "'e'" in line


def test_a_reimport_with_other_content_is_a_conflict(small: str, tmp_path: Path) -> None:
    data = tmp_path / "a.jsonl"
    data.write_text('{"id": "rel", "type": "relations_severed", "actor": "russia", '
                    '"target": "nato", "on": "2021-11-01"}\n')
    result = run(small, "import", str(data))
    assert result.exit_code == 1
    line = error_line(result)
    assert f"{data}:1: event 'rel' already exists with different content" in line
    assert "timeline correct rel" in line


def test_a_reimport_that_names_an_actor_by_its_name_says_so(
    small: str, tmp_path: Path
) -> None:
    data = tmp_path / "a.jsonl"
    data.write_text('{"id": "rel", "type": "relations_suspended", "actor": "RUSSIA", '
                    '"target": "nato", "on": "2021-11-01"}\n')
    result = run(small, "import", str(data))
    assert result.exit_code == 1
    line = error_line(result)
    assert f"{data}:1: unknown actor 'RUSSIA'" in line


def test_adding_a_retracted_event_again_is_refused(small: str) -> None:
    assert run(small, "retract", "rel", "--reason", "wrong").exit_code == 0
    result = run(small, "add", "relations_suspended", "--actor", "russia", "--target", "nato",
                 "--on", "2021-11-01", "--id", "rel")
    assert result.exit_code == 1
    assert "event 'rel' was recorded and then retracted" in error_line(result)


def test_the_history_of_an_unknown_event(small: str) -> None:
    result = run(small, "history", "rell")
    assert result.exit_code == 1
    assert "unknown event 'rell' (did you mean 'rel'?)" in error_line(result)


def test_rebuild_reports_its_progress(small: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from contextlib import contextmanager

    from timeline.cli import upkeep

    seen: list[tuple[str, int]] = []

    @contextmanager
    def bar(label: str, length: int) -> Iterator[Callable[[int], None]]:
        seen.append((label, length))
        yield lambda count: seen.append(("advance", count))

    monkeypatch.setattr(upkeep, "progress_bar", bar)
    result = run(small, "rebuild")
    assert result.exit_code == 0
    assert result.stdout == "Rebuilt the read model from 3 logged event(s).\n"
    assert seen == [("Rebuilding", 3), ("advance", 3)]


def test_check_exits_0_on_notes_and_1_on_problems(tmp_path: Path) -> None:
    """Notes (an announcement long before its day) are worth a look, not wrong: exit 0;
    a problem (closed twice) makes check exit 1; the JSON says which each finding is."""
    db = str(tmp_path / "n.db")
    go = Runner(db)
    for name in ("x", "y"):
        go.ok("actor", "add", name, "--name", name.upper())
    go.ok("add", "post_opened", "--actor", "x", "--target", "y", "--on", "2020",
          "--set", "post=p", "--set", "kind=embassy", "--source", "a")
    go.ok("add", "office_closure", "--actor", "y", "--target", "x", "--on", "2021-06-01",
          "--announced", "2020-01-01", "--set", "post=p", "--source", "b")
    done = go("check")
    assert done.exit_code == 0
    assert done.output.splitlines()[:3] == ["No problems found.", "", "Notes (1):"]
    assert [f["severity"] for f in json.loads(go("check", "--json").output)] == ["note"]
    go.ok("add", "office_closure", "--actor", "y", "--target", "x", "--on", "2021-07-01",
          "--set", "post=p", "--source", "c")
    done = go("check")
    assert done.exit_code == 1 and done.output.startswith("Problems (1):\n")
    assert "Notes (1):" in done.output
    process = subprocess.run([sys.executable, "-m", "timeline", "check", "--db", db],
                             capture_output=True, text=True, cwd=ROOT, check=False)
    assert (process.returncode, process.stdout) == (1, done.output)
