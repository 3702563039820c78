"""Branches of the command line that only it has: completion, progress bars, interruption,
flag callbacks, unwritable outputs (CliRunner against a SQLite file in tmp_path)."""

from __future__ import annotations

import datetime as dt
import io
import runpy
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from timeline.app import Timeline
from timeline.cli import cli, support
from timeline.cli.support import (
    QUERY_DATE,
    RECORD_TIME,
    PhaseBars,
    complete_actors,
    complete_types,
    one_line,
    progress_bar,
)


class Tty(io.StringIO):
    """A terminal, as far as progress bars can tell."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "t.db")


@pytest.fixture
def seeded(db: str) -> str:
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


# completion --------------------------------------------------------------------------------

def completions(db: str, words: str, **env: str) -> list[str]:
    result = CliRunner().invoke(
        cli, [], prog_name="timeline",
        env={"_TIMELINE_COMPLETE": "bash_complete", "COMP_WORDS": words,
             "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
             "TIMELINE_DB": db, **env},
    )
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.output.splitlines() if line]


def test_completion_of_event_types(db: str) -> None:
    assert completions(db, "timeline add rel") == [
        "relations_established", "relations_restored", "relations_suspended",
        "relations_severed"]
    assert completions(db, "timeline log --type expu") == ["expulsion"]


def test_completion_of_actors_reads_the_store(seeded: str) -> None:
    assert completions(seeded, "timeline state n") == ["nato"]
    assert completions(seeded, "timeline state ") == ["nato", "russia"]


def test_completion_of_actors_never_makes_a_store(db: str) -> None:
    assert completions(db, "timeline state n") == []
    assert not Path(db).exists()


def test_completion_of_actors_of_a_broken_store_is_empty(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_text("not a database")
    assert completions(str(broken), "timeline diff ") == []


def test_completion_functions_directly(seeded: str) -> None:
    ctx = click.Context(cli)
    ctx.params["db"] = seeded
    assert [c.value for c in complete_actors(ctx, cli.params[0], "r")] == ["russia"]
    assert [c.help for c in complete_actors(ctx, cli.params[0], "")] == ["NATO", "RUSSIA"]
    items = complete_types(ctx, cli.params[0], "statem")
    assert [(c.value, c.help) for c in items] == [("statement", "none (on the timeline only)")]


# flag values -------------------------------------------------------------------------------

def test_parsed_flag_types_accept_values_already_parsed() -> None:
    day = dt.date(2021, 11, 2)
    assert QUERY_DATE.convert(day, None, None) is day
    moment = dt.datetime(2021, 11, 2, tzinfo=dt.UTC)
    assert RECORD_TIME.convert(moment, None, None) is moment
    assert RECORD_TIME.convert("2021-11-02T00:00:00Z", None, None) == moment


def test_parsed_flag_refusals_are_usage_errors(seeded: str) -> None:
    result = run(seeded, "state", "nato", "russia", "--as-of", "2021-13")
    assert result.exit_code == 2
    line = error_line(result)
    assert "impossible date '2021-13'" in line
    assert "(see 'timeline state --help')" in line


@pytest.mark.parametrize("item", ["count", "=8", " =8"])
def test_set_needs_key_and_value(seeded: str, item: str) -> None:
    result = run(seeded, "add", "expulsion", "--actor", "nato", "--target", "russia",
                 "--on", "2021", "--set", item)
    assert result.exit_code == 2
    assert f"expected KEY=VALUE, got {item!r}" in error_line(result)


def test_a_reason_must_say_something(seeded: str) -> None:
    result = run(seeded, "retract", "rel", "--reason", "   ")
    assert result.exit_code == 2
    assert "give a reason" in error_line(result)


def test_log_types_are_checked_with_a_hint(seeded: str) -> None:
    result = run(seeded, "log", "--type", "statment")
    assert result.exit_code == 2
    assert "unknown event type 'statment' (did you mean 'statement'?)" in error_line(result)


def test_log_needs_two_actors_or_none(seeded: str) -> None:
    result = run(seeded, "log", "nato")
    assert result.exit_code == 2
    assert "give two actors or none, got 1: nato" in error_line(result)


def test_a_listing_exit_code_follows_its_result(seeded: str) -> None:
    assert run(seeded, "check").exit_code == 0
    run(seeded, "add", "relations_suspended", "--actor", "russia", "--target", "nato",
        "--on", "2021-11-01", "--note", "again")
    result = run(seeded, "check", "--json")
    assert result.exit_code == 1
    assert '"kind": "likely_duplicate"' in result.stdout


# errors and the group's main ---------------------------------------------------------------

def test_one_line_makes_messages_one_bounded_line() -> None:
    assert one_line("a\nb\x1b") == "a\\nb\\x1b"
    long = one_line("x" * 5000)
    assert len(long) == support.MAX_MESSAGE
    assert long.endswith("…")
    assert one_line("y" * support.MAX_MESSAGE) == "y" * support.MAX_MESSAGE


def test_an_interrupted_command_says_aborted(
    seeded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(self: Timeline, *args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(Timeline, "actors", interrupted)
    result = run(seeded, "actor", "list")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Aborted!"


def test_main_without_standalone_mode_returns_and_raises(seeded: str) -> None:
    assert cli.main(["--db", seeded, "types"], standalone_mode=False) is None
    with pytest.raises(click.UsageError):
        cli.main(["--db", seeded, "log", "nato"], standalone_mode=False)


def test_python_m_timeline_runs_the_command_line(
    seeded: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["timeline", "--db", seeded, "actor", "list"])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("timeline", run_name="__main__")
    assert exit_.value.code == 0
    assert "russia  RUSSIA" in capsys.readouterr().out


def test_help_without_a_command(db: str) -> None:
    for args in ([], ["actor"]):
        result = run(db, *args)
        assert result.exit_code == 0
        assert "Usage: " in result.output
    assert not Path(db).exists()


# progress ----------------------------------------------------------------------------------

def test_phase_bars_are_silent_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    with PhaseBars(estimate=10) as bars:
        bars("validating", 4)
        bars("storing", 3)
    assert piped.getvalue() == ""
    assert bars.stored == 3


def test_phase_bars_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Tty()
    monkeypatch.setattr(sys, "stderr", terminal)
    with PhaseBars(estimate=10) as bars:
        for _ in range(4):
            bars("validating", 1)
        bars("storing", 2)
        bars("storing", 2)
    shown = terminal.getvalue()
    assert "Validating" in shown
    assert "Storing" in shown
    assert "4/4" in shown  # the second bar's length is what the first pass counted
    assert bars.stored == 4
    assert bars._bar is None


def test_phase_bars_without_an_estimate_show_no_first_bar(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Tty()
    monkeypatch.setattr(sys, "stderr", terminal)
    with PhaseBars() as bars:
        bars("validating", 5)
        assert bars._bar is None
        bars("storing", 1)
        assert bars._bar is not None
    assert "Validating" not in terminal.getvalue()
    assert "Storing" in terminal.getvalue()


def progress_updates(monkeypatch: pytest.MonkeyPatch, stream: io.StringIO, length: int
                     ) -> tuple[Callable[[int], None] | None, str]:
    monkeypatch.setattr(sys, "stderr", stream)
    with progress_bar("Rebuilding", length) as update:
        if update is not None:
            update(length)
    return update, stream.getvalue()


def test_progress_bar_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    update, shown = progress_updates(monkeypatch, Tty(), 3)
    assert update is not None and "Rebuilding" in shown
    assert progress_updates(monkeypatch, Tty(), 0) == (None, "")
    assert progress_updates(monkeypatch, io.StringIO(), 3) == (None, "")


def test_an_interrupted_import_says_how_much_was_stored(
    seeded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(self: Timeline, items: Any, progress: Any = None, **kwargs: Any) -> Any:
        progress("storing", 3)
        raise KeyboardInterrupt

    monkeypatch.setattr(Timeline, "import_stream", interrupted)
    data = tmp_path / "a.jsonl"
    data.write_text('{"actor": {"id": "x", "name": "X"}}\n')
    result = run(seeded, "import", str(data))
    assert result.exit_code == 130
    assert result.stderr.startswith("Interrupted after storing 3 record(s) of this import")


def test_interruptible_turns_sigterm_into_keyboard_interrupt() -> None:
    import os
    import signal

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), support.interruptible():
        os.kill(os.getpid(), signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) == before


# outputs that cannot be written ------------------------------------------------------------

@pytest.mark.parametrize("command", [["export", "--out"],
                                     ["chart", "nato", "russia", "--out"],
                                     ["report", "nato", "russia", "--out"]])
def test_an_unwritable_output_is_refused_in_one_line(
    seeded: str, tmp_path: Path, command: list[str]
) -> None:
    suffix = {"export": "jsonl", "chart": "svg", "report": "html"}[command[0]]
    out = tmp_path / "missing" / f"out.{suffix}"
    result = run(seeded, *command, str(out))
    assert result.exit_code == 1
    line = error_line(result)
    assert f"cannot write {str(out)!r}" in line
    assert "No such file or directory" in line


def test_chart_refuses_a_period_that_ends_before_it_starts(seeded: str, tmp_path: Path) -> None:
    result = run(seeded, "chart", "nato", "russia", "--from", "2021-06", "--to", "2021-05",
                 "--out", str(tmp_path / "c.svg"))
    assert result.exit_code == 2
    assert "--from 2021-06-01 is after --to 2021-05-31" in error_line(result)
    assert not (tmp_path / "c.svg").exists()


@pytest.mark.parametrize(("command", "name"), [("chart", "c.html"), ("report", "r.svg")])
def test_output_names_must_fit_the_command(
    seeded: str, tmp_path: Path, command: str, name: str
) -> None:
    result = run(seeded, command, "nato", "russia", "--out", str(tmp_path / name))
    assert result.exit_code == 2
    assert "the file name must end in" in error_line(result)


def test_import_flags_that_do_not_fit_the_format(seeded: str, tmp_path: Path) -> None:
    names = tmp_path / "names.yaml"
    names.write_text("Russia: russia\n")
    data = tmp_path / "a.yaml"
    data.write_text("events: []\n")
    result = run(seeded, "import", "--actor-map", str(names), str(data))
    assert result.exit_code == 2
    assert "--actor-map goes with --format plover, icews, gdelt, polecat" in error_line(result)
    result = run(seeded, "import", "--create-actors", str(data))
    assert result.exit_code == 2
    assert "--create-actors goes with --format plover, icews, gdelt, polecat" in error_line(
        result)


# the session and listings ------------------------------------------------------------------

def test_a_session_opens_its_store_once(db: str) -> None:
    session = support.Session(db)
    try:
        made = session.creating
        assert session.app is made
        assert session.creating is made
    finally:
        session.close()
    support.Session(db).close()  # closing a session that never opened is fine


def test_a_listing_that_renders_nothing_prints_nothing() -> None:
    @click.command()
    @support.listing(lambda result: "")
    def quiet() -> list[str]:
        return ["x"]

    assert CliRunner().invoke(quiet, []).output == ""
    assert CliRunner().invoke(quiet, ["--json"]).output == '[\n  "x"\n]\n'


# what the store already holds --------------------------------------------------------------

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


def test_a_reimport_with_other_content_is_a_conflict(seeded: str, tmp_path: Path) -> None:
    data = tmp_path / "a.jsonl"
    data.write_text('{"id": "rel", "type": "relations_severed", "actor": "russia", '
                    '"target": "nato", "on": "2021-11-01"}\n')
    result = run(seeded, "import", str(data))
    assert result.exit_code == 1
    line = error_line(result)
    assert f"{data}:1: event 'rel' already exists with different content" in line
    assert "timeline correct rel" in line


def test_a_reimport_that_names_an_actor_by_its_name_says_so(
    seeded: str, tmp_path: Path
) -> None:
    data = tmp_path / "a.jsonl"
    data.write_text('{"id": "rel", "type": "relations_suspended", "actor": "RUSSIA", '
                    '"target": "nato", "on": "2021-11-01"}\n')
    result = run(seeded, "import", str(data))
    assert result.exit_code == 1
    line = error_line(result)
    assert f"{data}:1: unknown actor 'RUSSIA'" in line


def test_adding_a_retracted_event_again_is_refused(seeded: str) -> None:
    assert run(seeded, "retract", "rel", "--reason", "wrong").exit_code == 0
    result = run(seeded, "add", "relations_suspended", "--actor", "russia", "--target", "nato",
                 "--on", "2021-11-01", "--id", "rel")
    assert result.exit_code == 1
    assert "event 'rel' was recorded and then retracted" in error_line(result)


def test_the_history_of_an_unknown_event(seeded: str) -> None:
    result = run(seeded, "history", "rell")
    assert result.exit_code == 1
    assert "unknown event 'rell' (did you mean 'rel'?)" in error_line(result)


def test_rebuild_reports_its_progress(seeded: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from contextlib import contextmanager

    from timeline.cli import commands

    seen: list[tuple[str, int]] = []

    @contextmanager
    def bar(label: str, length: int) -> Iterator[Callable[[int], None]]:
        seen.append((label, length))
        yield lambda count: seen.append(("advance", count))

    monkeypatch.setattr(commands, "progress_bar", bar)
    result = run(seeded, "rebuild")
    assert result.exit_code == 0
    assert result.stdout == "Rebuilt the read model from 3 logged event(s).\n"
    assert seen == [("Rebuilding", 3), ("advance", 3)]
