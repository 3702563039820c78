"""Branches of the command line that only it has and that need no store: completion of
types, parsed flags, one-line messages, progress bars, interruption, listings. (Those that
need a store: tests/cli/test_cli_branches.py.)"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from helpers import completions

from timeline.cli import cli, support, writing
from timeline.cli.support import (
    QUERY_DATE,
    RECORD_TIME,
    PhaseBars,
    progress_bar,
)
from timeline.cli.writing import one_line


class Tty(io.StringIO):
    """A terminal, as far as progress bars can tell."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "t.db")


def run(db: str, *args: str, **kwargs: Any) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args], **kwargs)


# completion --------------------------------------------------------------------------------

def test_completion_of_event_types(db: str) -> None:
    assert completions(db, "timeline add rel") == [
        "relations_established", "relations_restored", "relations_suspended",
        "relations_severed"]
    assert completions(db, "timeline log --type expu") == ["expulsion"]


def test_completion_of_actors_never_makes_a_store(db: str) -> None:
    assert completions(db, "timeline state n") == []
    assert not Path(db).exists()


def test_completion_of_actors_of_a_broken_store_is_empty(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_text("not a database")
    assert completions(str(broken), "timeline diff ") == []


# flag values -------------------------------------------------------------------------------

def test_parsed_flag_types_accept_values_already_parsed() -> None:
    day = dt.date(2021, 11, 2)
    assert QUERY_DATE.convert(day, None, None) is day
    moment = dt.datetime(2021, 11, 2, tzinfo=dt.UTC)
    assert RECORD_TIME.convert(moment, None, None) is moment
    assert RECORD_TIME.convert("2021-11-02T00:00:00Z", None, None) == moment


# errors and the group's main ---------------------------------------------------------------

def test_one_line_makes_messages_one_bounded_line() -> None:
    assert one_line("a\nb\x1b") == "a\\nb\\x1b"
    long = one_line("x" * 5000)
    assert len(long) == writing.MAX_MESSAGE
    assert long.endswith("…")
    assert one_line("y" * writing.MAX_MESSAGE) == "y" * writing.MAX_MESSAGE


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


def test_phase_bars_of_a_reader_that_reads_every_row_first(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    # The COW reader reads the file's rows (the estimate), then makes fewer events.
    terminal = Tty()
    monkeypatch.setattr(sys, "stderr", terminal)
    with PhaseBars(estimate=20) as bars:
        bars("reading", 20)
        assert "20/20" in terminal.getvalue()
        bars("validating", 5)
        assert bars._bar is None  # the events are not the rows: no total to show
        bars("storing", 5)
    assert "5/5" in terminal.getvalue()


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


def test_interruptible_turns_sigterm_into_keyboard_interrupt() -> None:
    import os
    import signal

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), support.interruptible():
        os.kill(os.getpid(), signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) == before


# listings ----------------------------------------------------------------------------------


def test_a_listing_that_renders_nothing_prints_nothing() -> None:
    @click.command()
    @support.listing(lambda result: "")
    def quiet() -> list[str]:
        return ["x"]

    assert CliRunner().invoke(quiet, []).output == ""
    assert CliRunner().invoke(quiet, ["--json"]).output == '[\n  "x"\n]\n'
