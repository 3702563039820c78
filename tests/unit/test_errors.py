"""Refusals and the "did you mean" hint (no store)."""

from __future__ import annotations

import pytest

from timeline.errors import (
    Conflict,
    InvalidValue,
    NotFound,
    StoreError,
    TimelineError,
    first_line,
    suggest,
)


@pytest.mark.parametrize("kind", [InvalidValue, NotFound, Conflict, StoreError])
def test_every_refusal_is_a_timeline_error(kind: type[TimelineError]) -> None:
    assert issubclass(kind, TimelineError)
    assert issubclass(TimelineError, Exception)


def test_suggest_names_the_nearest_known_value() -> None:
    assert suggest("rusia", ["nato", "russia", "belgium"]) == " (did you mean 'russia'?)"
    assert suggest("expulsoin", ("expulsion", "expulsions")) == " (did you mean 'expulsion'?)"


def test_suggest_gives_nothing_when_nothing_is_close() -> None:
    assert suggest("zzz", ["nato", "russia"]) == ""
    assert suggest("nato", []) == ""


def test_suggest_reads_any_known_values_as_text() -> None:
    assert suggest("2021", [2020, 1999]) == " (did you mean '2020'?)"


def test_first_line_cuts_a_message_to_its_first_line() -> None:
    assert first_line(RuntimeError("connection refused\nIs the server running?")) == (
        "connection refused"
    )
    assert first_line(ValueError("  padded  \n")) == "padded"


def test_first_line_of_an_empty_message_is_the_class_name() -> None:
    assert first_line(TimeoutError()) == "TimeoutError"
    assert first_line(StoreError("   ")) == "StoreError"
