"""Listings and exports are written as they are read: the same text as a whole answer, a
refusal before anything is printed, and a store failure met half-way as one line."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import Runner, refused

from timeline.app import Timeline
from timeline.domain.values import EventData
from timeline.errors import StoreError
from timeline.storage import queries


def test_a_streamed_log_is_the_whole_answer(seeded: Runner) -> None:
    app = Timeline.open(seeded.db)
    try:
        expected = app.list_events(("russia", "nato"))
    finally:
        app.close()
    printed = seeded.ok("log", "russia", "nato", "--json").stdout
    assert printed == json.dumps([e.to_json() for e in expected], indent=2,
                                 ensure_ascii=False) + "\n"
    assert seeded.ok("log", "russia", "nato", "--type", "statement", "--from", "1900",
                     "--to", "1901", "--json").stdout == "[]\n"
    assert seeded.ok("log", "russia", "nato", "--from", "1900", "--to", "1901"
                     ).stdout == "(no events)\n"


def test_a_refused_listing_prints_nothing_but_the_refusal(seeded: Runner) -> None:
    result = seeded("log", "russia", "ruritania", "--json")
    refused(result, "unknown actor 'ruritania'")
    assert result.stdout == ""


def test_an_export_streams_the_same_records_as_the_library_lists(seeded: Runner) -> None:
    app = Timeline.open(seeded.db)
    try:
        actors, events = app.export()
    finally:
        app.close()
    lines = [json.loads(line) for line in seeded.ok("export").stdout.splitlines()]
    assert [line["actor"]["id"] for line in lines if "type" not in line] == [
        a.id for a in actors]
    assert [line["id"] for line in lines if "type" in line] == [e.id for e in events]


def test_a_store_failure_half_way_through_a_listing_is_a_store_error(
        app: Timeline, monkeypatch: pytest.MonkeyPatch) -> None:
    app.add_actor("a", "A")
    app.add_actor("b", "B")
    app.add_event({"id": "e1", "type": "statement", "actor": "a", "target": "b",
                   "on": "2020-01-01", "sources": ["x"]})

    def failing(*args: Any, **kwargs: Any) -> Iterator[EventData]:
        yield from real(*args, **kwargs)
        raise sqlite3.OperationalError("disk I/O error")

    real = queries.log
    monkeypatch.setattr(queries, "log", failing)
    stream = app.iter_events()
    assert next(stream).id == "e1"
    with pytest.raises(StoreError, match=r"cannot use store .*: disk I/O error"):
        next(stream)
